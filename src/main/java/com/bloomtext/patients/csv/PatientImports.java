package com.bloomtext.patients.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.patients.internal.PatientRules;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.Failures;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;

import jakarta.annotation.PreDestroy;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV import, as staff go through it: upload (kept on disk, never in memory), a preview with the column
 * mapping and the counts a dry run found, then the run in the background, in one transaction, with its
 * progress visible and a cancel that writes nothing. The refused rows are kept for the report.
 */
@Service
public class PatientImports {

    static final int PREVIEW_ROWS = 10;
    static final int PREVIEW_PROBLEMS = 50;

    private static final Logger log = LoggerFactory.getLogger(PatientImports.class);

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batches;
    private final ImportEngine engine;
    private final PatientRules rules;
    private final AuditLog auditLog;
    private final TransactionTemplate run;
    private final TransactionTemplate separately;
    private final Clock clock;
    private final Path directory;
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    PatientImports(JdbcClient jdbc, NamedParameterJdbcTemplate batches, ImportEngine engine, PatientRules rules, AuditLog auditLog,
            PlatformTransactionManager transactions, Clock clock,
            @Value("${bloomtext.patients.import.directory:}") String directory) throws IOException {
        this.jdbc = jdbc;
        this.batches = batches;
        this.engine = engine;
        this.rules = rules;
        this.auditLog = auditLog;
        this.run = new TransactionTemplate(transactions);
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.directory = directory.isBlank() ? Files.createTempDirectory("bloomtext-imports") : Path.of(directory);
        Files.createDirectories(this.directory);
    }

    /** What the preview page shows besides the counts. */
    public record Preview(ImportRecord record, Map<String, Column> mapping, List<Map<Column, String>> firstRows,
            List<PatientCsv.RowProblem> problems) {
    }

    /**
     * Keeps the upload and dry-runs it for the preview.
     *
     * @throws CsvFileProblem when the file is not one this import can read
     */
    public UUID upload(Actor actor, String fileName, InputStream content) {
        UUID id = UUID.randomUUID();
        Path file = fileOf(id);
        try {
            Files.copy(content, file);
            ImportEngine.Counts counts;
            try (InputStream in = Files.newInputStream(file); PatientCsv csv = PatientCsv.open(in, rules)) {
                counts = engine.apply(actor.orgId(), csv, false, new ImportEngine.Progress() {
                    @Override
                    public void batchDone(ImportEngine.Counts soFar) {
                    }

                    @Override
                    public void refused(List<PatientCsv.RowProblem> problems) {
                    }
                });
            }
            jdbc.sql("""
                            insert into patient_import (id, organization_id, started_by, file_name, status, total_rows,
                                                        created_count, updated_count, refused_count, created_at)
                            values (:id, :org, :by, :name, 'PREVIEWED', :total, :created, :updated, :refused, :at)""")
                    .param("id", id)
                    .param("org", actor.orgId().value())
                    .param("by", actor.userId().value())
                    .param("name", fileName == null || fileName.isBlank() ? "patients.csv" : fileName)
                    .param("total", counts.processed())
                    .param("created", counts.created())
                    .param("updated", counts.updated())
                    .param("refused", counts.refused())
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
            return id;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("The upload could not be stored", e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    public ImportRecord find(Actor actor, UUID id) {
        return jdbc.sql("select * from patient_import where organization_id = :org and id = :id")
                .param("org", actor.orgId().value()).param("id", id)
                .query((rs, n) -> new ImportRecord(rs.getObject("id", UUID.class), rs.getString("file_name"),
                        ImportRecord.Status.valueOf(rs.getString("status")), rs.getInt("total_rows"),
                        rs.getInt("processed_rows"), rs.getInt("created_count"), rs.getInt("updated_count"),
                        rs.getInt("refused_count"), rs.getTimestamp("created_at").toInstant()))
                .optional()
                .orElseThrow(() -> new NotFoundException("Import"));
    }

    /** The mapping, the first rows and the first problems, read again from the kept upload. */
    public Preview preview(Actor actor, UUID id) {
        ImportRecord record = find(actor, id);
        List<Map<Column, String>> first = new ArrayList<>();
        List<PatientCsv.RowProblem> problems = new ArrayList<>();
        Map<String, Column> mapping = Map.of();
        if (record.status() == ImportRecord.Status.PREVIEWED && Files.exists(fileOf(id))) {
            try (InputStream in = Files.newInputStream(fileOf(id)); PatientCsv csv = PatientCsv.open(in, rules)) {
                mapping = csv.mapping();
                for (PatientCsv.Row row : csv) {
                    if (row.blank()) {
                        continue;
                    }
                    if (first.size() < PREVIEW_ROWS) {
                        first.add(cells(row));
                    }
                    if (problems.size() < PREVIEW_PROBLEMS) {
                        problems.addAll(row.problems());
                    }
                    if (first.size() >= PREVIEW_ROWS && problems.size() >= PREVIEW_PROBLEMS) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!first.isEmpty()) {
            auditLog.record(actor, AuditAction.IMPORT_PREVIEWED, AuditTarget.of("import", id), Outcome.SUCCESS,
                    first.size() + " rows shown");
        }
        return new Preview(record, mapping, first, problems);
    }

    /** Starts the run in the background; the page follows its progress. */
    public void start(Actor actor, UUID id) {
        int started = jdbc.sql("""
                        update patient_import set status = 'RUNNING', processed_rows = 0
                        where organization_id = :org and id = :id and status = 'PREVIEWED'""")
                .param("org", actor.orgId().value()).param("id", id).update();
        if (started == 0) {
            find(actor, id);
            return;
        }
        runner.submit(() -> runInBackground(actor, id));
    }

    /** Asks a running import to stop; it rolls back and writes nothing. A previewed one is dropped. */
    public void cancel(Actor actor, UUID id) {
        find(actor, id);
        jdbc.sql("update patient_import set status = 'CANCELLING' where organization_id = :org and id = :id and status = 'RUNNING'")
                .param("org", actor.orgId().value()).param("id", id).update();
        int dropped = jdbc.sql("""
                        update patient_import set status = 'CANCELLED', finished_at = :at
                        where organization_id = :org and id = :id and status = 'PREVIEWED'""")
                .param("at", Timestamp.from(clock.instant()))
                .param("org", actor.orgId().value()).param("id", id).update();
        if (dropped == 1) {
            deleteQuietly(fileOf(id));
        }
    }

    public List<PatientCsv.RowProblem> problems(Actor actor, UUID id, int limit) {
        find(actor, id);
        return jdbc.sql("select row_number, column_name, reason from patient_import_error where import_id = :id "
                        + "order by row_number, column_name limit :limit")
                .param("id", id).param("limit", limit)
                .query((rs, n) -> new PatientCsv.RowProblem(rs.getLong("row_number"), rs.getString("column_name"),
                        rs.getString("reason")))
                .list();
    }

    /** The refused rows as a CSV (row, column, reason), streamed; an audited export. */
    public void writeProblems(Actor actor, UUID id, Writer out) throws IOException {
        find(actor, id);
        auditLog.record(actor, AuditAction.IMPORT_REPORT_EXPORTED, AuditTarget.of("import", id), Outcome.SUCCESS, null);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("row", "column", "reason").get())) {
            jdbc.sql("select row_number, column_name, reason from patient_import_error where import_id = :id "
                            + "order by row_number, column_name")
                    .param("id", id)
                    .query(rs -> {
                        try {
                            printer.printRecord(rs.getLong("row_number"), CsvCells.safe(rs.getString("column_name")),
                                    CsvCells.safe(rs.getString("reason")));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    private void runInBackground(Actor actor, UUID id) {
        OrgId org = actor.orgId();
        try {
            ImportEngine.Counts counts = run.execute(status -> {
                try (InputStream in = Files.newInputStream(fileOf(id)); PatientCsv csv = PatientCsv.open(in, rules)) {
                    ImportEngine.Counts result = engine.apply(org, csv, true, new ImportEngine.Progress() {
                        @Override
                        public void batchDone(ImportEngine.Counts soFar) {
                            reportProgress(id, soFar);
                        }

                        @Override
                        public void refused(List<PatientCsv.RowProblem> problems) {
                            keep(id, problems);
                        }
                    });
                    jdbc.sql("""
                                    update patient_import set status = 'COMPLETED', processed_rows = :processed,
                                           created_count = :created, updated_count = :updated, refused_count = :refused,
                                           finished_at = :at
                                    where id = :id""")
                            .param("processed", result.processed())
                            .param("created", result.created())
                            .param("updated", result.updated())
                            .param("refused", result.refused())
                            .param("at", Timestamp.from(clock.instant()))
                            .param("id", id)
                            .update();
                    auditLog.record(actor, AuditAction.PATIENTS_IMPORTED, AuditTarget.of("import", id), Outcome.SUCCESS,
                            result.created() + " created, " + result.updated() + " updated, " + result.refused() + " refused");
                    return result;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            log.info("Patient import {} completed: {} rows", id, counts.processed());
        } catch (ImportCancelled e) {
            finish(id, ImportRecord.Status.CANCELLED);
        } catch (RuntimeException e) {
            log.error("Patient import {} failed; nothing was written: {}", id, Failures.describe(e));
            finish(id, ImportRecord.Status.FAILED);
        } finally {
            deleteQuietly(fileOf(id));
        }
    }

    /** Progress goes out in its own transaction, so the page sees it while the run's stays open. */
    private void reportProgress(UUID id, ImportEngine.Counts soFar) {
        String status = separately.execute(tx -> {
            jdbc.sql("update patient_import set processed_rows = :processed where id = :id")
                    .param("processed", soFar.processed()).param("id", id).update();
            return jdbc.sql("select status from patient_import where id = :id").param("id", id).query(String.class).single();
        });
        if ("CANCELLING".equals(status)) {
            throw new ImportCancelled();
        }
    }

    private void keep(UUID id, List<PatientCsv.RowProblem> problems) {
        batches.batchUpdate("insert into patient_import_error (import_id, row_number, column_name, reason) "
                        + "values (:id, :row, :column, :reason)",
                problems.stream().map(problem -> new MapSqlParameterSource("id", id)
                                .addValue("row", (int) problem.row())
                                .addValue("column", problem.column())
                                .addValue("reason", problem.reason()))
                        .toArray(SqlParameterSource[]::new));
    }

    private void finish(UUID id, ImportRecord.Status status) {
        separately.executeWithoutResult(tx -> jdbc.sql("""
                        update patient_import set status = :status, finished_at = :at, processed_rows = 0,
                               created_count = 0, updated_count = 0, refused_count = 0
                        where id = :id""")
                .param("status", status.name()).param("at", Timestamp.from(clock.instant())).param("id", id).update());
    }

    /**
     * Uploads hold PHI: one previewed and never imported is dropped after a day, with its file, so that
     * abandoned files do not pile up on disk. Checked every hour.
     */
    @Scheduled(initialDelay = 1, fixedDelay = 60, timeUnit = TimeUnit.MINUTES)
    void dropAbandonedUploads() {
        List<UUID> abandoned = jdbc.sql("update patient_import set status = 'CANCELLED', finished_at = now() "
                        + "where status = 'PREVIEWED' and created_at < now() - interval '1 day' returning id")
                .query(UUID.class).list();
        abandoned.forEach(id -> deleteQuietly(fileOf(id)));
    }

    /** A run that was going when the application stopped rolled back with it: say so. */
    @EventListener(ApplicationReadyEvent.class)
    void markInterruptedRuns() {
        int interrupted = jdbc.sql("""
                        update patient_import set status = 'FAILED', finished_at = now(), processed_rows = 0,
                               created_count = 0, updated_count = 0, refused_count = 0
                        where status in ('RUNNING', 'CANCELLING')""").update();
        if (interrupted > 0) {
            log.warn("{} patient import(s) were interrupted by a restart and wrote nothing", interrupted);
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    private static Map<Column, String> cells(PatientCsv.Row row) {
        return row.cells();
    }

    private Path fileOf(UUID id) {
        return directory.resolve(id + ".csv");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("An import upload could not be deleted: {}", file.getFileName());
        }
    }

    /** The import was cancelled between two batches: the run's transaction rolls back. */
    static class ImportCancelled extends RuntimeException {

        ImportCancelled() {
            super("cancelled", null, false, false);
        }
    }

}
