package com.bloomtext.patients;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;

import javax.sql.DataSource;

import com.bloomtext.patients.csv.ImportEngine;
import com.bloomtext.patients.csv.PatientCsv;
import com.bloomtext.patients.internal.PatientRules;
import com.bloomtext.shared.OrgId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV import speed next to the machine's own ceiling, measured in one run: 100,000 rows with 10% bad
 * through the import engine (parse, validate, match, batch write, one transaction), then PostgreSQL
 * COPY of the same good rows. Not part of the test command:
 * {@code ./mvnw test -Dtest=PatientImportBenchmark -Dbloomtext.benchmarks=true}. The same measurement is
 * scenario 4 of bench/run.sh, through {@link #measure}.
 */
@Tag("benchmark")
public class PatientImportBenchmark extends IntegrationTest {

    public static final int ROWS = 100_000;

    @Autowired
    ImportEngine engine;

    @Autowired
    PatientRules rules;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DataSource dataSource;

    @Test
    void importRowsPerSecondNextToCopy() throws Exception {
        Result result = measure(engine, rules, transaction, dataSource, name -> newOrganization(name).id(), ROWS, true);
        System.out.printf(Locale.ROOT, "%nCSV import benchmark (%d rows, 10%% bad: %d created, %d refused)%n", result.rows(),
                result.created(), result.refused());
        System.out.printf(Locale.ROOT, "  import: %.1f s, %,.0f rows/s%n", result.importSeconds(), result.importRate());
        System.out.printf(Locale.ROOT, "  COPY of the %d good rows: %.2f s, %,.0f rows/s%n", result.copiedRows(),
                result.copySeconds(), result.copyRate());
        System.out.printf(Locale.ROOT, "  import / COPY: %.0f%%%n%n", 100 * result.importRate() / result.copyRate());
    }

    /** One measurement: the import of {@code rows} rows (10% bad) and COPY of the good ones. */
    public record Result(int rows, long created, long refused, double importSeconds, long copiedRows, double copySeconds) {

        public double importRate() {
            return rows / importSeconds;
        }

        public double copyRate() {
            return copiedRows / copySeconds;
        }
    }

    /**
     * Writes the CSV, warms the engine up on another organization, imports into a new one, then COPYs the
     * good rows into a third. {@code newOrganization} makes an organization by name and returns its id.
     */
    public static Result measure(ImportEngine engine, PatientRules rules, TransactionTemplate transaction,
            DataSource dataSource, java.util.function.Function<String, java.util.UUID> newOrganization, int rowCount,
            boolean phases) throws Exception {
        final int ROWS = rowCount;
        Path file = Files.createTempFile("bench-patients", ".csv");
        StringBuilder good = new StringBuilder();
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("phone,first_name,last_name,dob,mrn,email\n");
            for (int i = 0; i < ROWS; i++) {
                boolean bad = i % 10 == 9;
                String phone = bad ? "12" : "+1415" + String.format(Locale.ROOT, "%07d", 2_000_000 + i);
                String line = phone + ",First" + i + ",Last" + i + ",1980-01-01,B-" + i + ",p" + i + "@example.org";
                out.write(line);
                out.write('\n');
            }
        }
        OrgId warm = new OrgId(newOrganization.apply("Warm-up Clinic"));
        run(engine, rules, transaction, warm, file, Math.min(10_000, ROWS / 10));
        if (phases) {
            long parseStart = System.nanoTime();
            int parsed = 0;
            try (InputStream in = Files.newInputStream(file); PatientCsv csv = PatientCsv.open(in, rules)) {
                for (PatientCsv.Row row : csv) {
                    parsed++;
                }
            }
            System.out.printf(Locale.ROOT, "  parse only: %d rows in %.1f s%n", parsed, (System.nanoTime() - parseStart) / 1e9);
            long dryStart = System.nanoTime();
            try (InputStream in = Files.newInputStream(file); PatientCsv csv = PatientCsv.open(in, rules)) {
                engine.apply(warm, csv, false, new ImportEngine.Progress() {
                    @Override
                    public void batchDone(ImportEngine.Counts soFar) {
                    }

                    @Override
                    public void refused(java.util.List<PatientCsv.RowProblem> problems) {
                    }
                });
            }
            System.out.printf(Locale.ROOT, "  dry run: %.1f s%n", (System.nanoTime() - dryStart) / 1e9);
        }

        OrgId org = new OrgId(newOrganization.apply("Benchmark Clinic"));
        long start = System.nanoTime();
        ImportEngine.Counts counts = run(engine, rules, transaction, org, file, ROWS);
        double importSeconds = (System.nanoTime() - start) / 1e9;

        java.util.UUID copied = newOrganization.apply("Copy Clinic");
        for (int i = 0; i < ROWS; i++) {
            if (i % 10 != 9) {
                good.append(java.util.UUID.randomUUID()).append(',').append(copied).append(",First").append(i)
                        .append(",Last").append(i).append(",+1415").append(String.format(Locale.ROOT, "%07d", 2_000_000 + i))
                        .append(",p").append(i).append("@example.org,1980-01-01,B-").append(i)
                        .append(",2026-01-01T00:00:00Z,2026-01-01T00:00:00Z\n");
            }
        }
        start = System.nanoTime();
        long copiedRows;
        try (Connection connection = dataSource.getConnection(); Reader rows = new StringReader(good.toString())) {
            copiedRows = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy patient (id, organization_id, first_name, last_name, phone, email, date_of_birth, mrn,
                                  created_at, updated_at) from stdin with (format csv)""", rows);
        }
        double copySeconds = (System.nanoTime() - start) / 1e9;
        Files.deleteIfExists(file);
        return new Result(ROWS, counts.created(), counts.refused(), importSeconds, copiedRows, copySeconds);
    }

    private static ImportEngine.Counts run(ImportEngine engine, PatientRules rules, TransactionTemplate transaction,
            OrgId org, Path file, int limit) {
        return transaction.execute(status -> {
            try (InputStream in = Files.newInputStream(file); PatientCsv csv = PatientCsv.open(in, rules)) {
                Iterable<PatientCsv.Row> rows = () -> java.util.stream.StreamSupport.stream(csv.spliterator(), false)
                        .limit(limit).iterator();
                return engine.apply(org, rows, true, new ImportEngine.Progress() {
                    @Override
                    public void batchDone(ImportEngine.Counts soFar) {
                    }

                    @Override
                    public void refused(java.util.List<PatientCsv.RowProblem> problems) {
                    }
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
