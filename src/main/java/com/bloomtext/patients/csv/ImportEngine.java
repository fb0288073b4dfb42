package com.bloomtext.patients.csv;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.bloomtext.patients.internal.PatientDetails;
import com.bloomtext.shared.OrgId;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Applies a patients CSV to an organization, in batches: SPEC's matching (same MRN updates that patient;
 * else same phone + last name + date of birth; else a new patient), blank cells keep what the record
 * had. The same code counts a dry run for the preview and writes the real run, which the caller wraps in
 * one transaction so that a cancelled or failed import writes nothing.
 */
@Component
public class ImportEngine {

    static final int BATCH = 5000;

    private final NamedParameterJdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Clock clock;

    ImportEngine(NamedParameterJdbcTemplate jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Hears about the run as it goes; may stop it by throwing. */
    public interface Progress {

        void batchDone(Counts soFar);

        /** Refused rows, for the report; a dry run may keep only the first few. */
        void refused(List<PatientCsv.RowProblem> problems);
    }

    /** How many rows were (or would be) created, updated and refused. */
    public record Counts(int created, int updated, int refused) {

        public int processed() {
            return created + updated + refused;
        }
    }

    public Counts apply(OrgId org, Iterable<PatientCsv.Row> rows, boolean write, Progress progress) {
        if (write) {
            // The table grows under the run's feet: a plan cached while it was small would scan it whole on
            // every batch. Plan each lookup for the table as it is (for this transaction only).
            jdbc.getJdbcOperations().execute("set local plan_cache_mode = force_custom_plan");
        }
        Matcher matcher = new Matcher(org);
        List<PatientCsv.Row> batch = new ArrayList<>(BATCH);
        int[] counts = new int[3];
        try (ReadAhead<PatientCsv.Row> ahead = new ReadAhead<>(rows, BATCH * 2)) {
            for (PatientCsv.Row row : ahead) {
                if (row.blank()) {
                    continue;
                }
                batch.add(row);
                if (batch.size() == BATCH) {
                    applyBatch(org, batch, matcher, write, counts, progress);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            applyBatch(org, batch, matcher, write, counts, progress);
        }
        return new Counts(counts[0], counts[1], counts[2]);
    }

    private void applyBatch(OrgId org, List<PatientCsv.Row> batch, Matcher matcher, boolean write, int[] counts,
            Progress progress) {
        matcher.load(batch);
        List<SqlParameterSource> inserts = new ArrayList<>();
        List<SqlParameterSource> updates = new ArrayList<>();
        List<PatientCsv.RowProblem> refused = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        for (PatientCsv.Row row : batch) {
            if (!row.valid()) {
                refused.addAll(row.problems());
                counts[2]++;
                continue;
            }
            PatientDetails details = row.details();
            Match match = matcher.match(details);
            switch (match.kind()) {
                case REFUSED -> {
                    refused.add(new PatientCsv.RowProblem(row.number(), Column.MRN.key(), match.reason()));
                    counts[2]++;
                }
                case CREATE -> {
                    inserts.add(params(org, match.id(), details, now));
                    counts[0]++;
                }
                case UPDATE -> {
                    updates.add(params(org, match.id(), details, now));
                    counts[1]++;
                }
            }
        }
        if (write) {
            if (!inserts.isEmpty()) {
                copyIn(inserts);
            }
            if (!updates.isEmpty()) {
                jdbc.batchUpdate("""
                        update patient set first_name = coalesce(:first, first_name), last_name = coalesce(:last, last_name),
                               phone = coalesce(:phone, phone), email = coalesce(:email, email),
                               date_of_birth = coalesce(:dob, date_of_birth), mrn = coalesce(:mrn, mrn), updated_at = :at
                        where organization_id = :org and id = :id""",
                        updates.toArray(SqlParameterSource[]::new));
            }
        }
        if (!refused.isEmpty()) {
            progress.refused(refused);
        }
        progress.batchDone(new Counts(counts[0], counts[1], counts[2]));
    }

    /**
     * New patients go in with COPY, on the run's own connection and transaction: several times faster
     * than batched inserts, and just as all-or-nothing.
     */
    private void copyIn(List<SqlParameterSource> rows) {
        StringBuilder csv = new StringBuilder(rows.size() * 128);
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            for (SqlParameterSource row : rows) {
                printer.printRecord(row.getValue("id"), row.getValue("org"), row.getValue("first"), row.getValue("last"),
                        row.getValue("phone"), row.getValue("email"), row.getValue("dob"), row.getValue("mrn"),
                        row.getValue("at"), row.getValue("at"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy patient (id, organization_id, first_name, last_name, phone, email, date_of_birth, mrn,"
                            + " created_at, updated_at) from stdin with (format csv)",
                    new StringReader(csv.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("New patients could not be written", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static MapSqlParameterSource params(OrgId org, UUID id, PatientDetails details, Timestamp at) {
        return new MapSqlParameterSource()
                .addValue("id", id)
                .addValue("org", org.value())
                .addValue("first", details.firstName())
                .addValue("last", details.lastName())
                .addValue("phone", details.phone() == null ? null : details.phone().value())
                .addValue("email", details.email())
                .addValue("dob", details.dateOfBirth() == null ? null : Date.valueOf(details.dateOfBirth()))
                .addValue("mrn", details.mrn())
                .addValue("at", at);
    }

    enum Kind { CREATE, UPDATE, REFUSED }

    record Match(Kind kind, UUID id, String reason) {
    }

    /**
     * Finds each row's patient: among those already in the organization (looked up once per batch) and
     * those this import made or changed earlier, which it remembers by key only.
     */
    private final class Matcher {

        private final OrgId org;
        private final Map<String, UUID> byMrn = new HashMap<>();
        private final Set<UUID> archived = new HashSet<>();
        private final Map<UUID, String> mrnOf = new HashMap<>();
        private final Map<String, UUID> byPerson = new HashMap<>();

        Matcher(OrgId org) {
            this.org = org;
        }

        void load(List<PatientCsv.Row> batch) {
            Set<String> mrns = new HashSet<>();
            Set<String> phones = new HashSet<>();
            for (PatientCsv.Row row : batch) {
                if (row.valid()) {
                    if (row.details().mrn() != null && !byMrn.containsKey(row.details().mrn())) {
                        mrns.add(row.details().mrn());
                    }
                    if (personKey(row.details()) != null) {
                        phones.add(row.details().phone().value());
                    }
                }
            }
            // Two single-column lookups, each an index scan; one query with OR would scan the table.
            if (!mrns.isEmpty()) {
                jdbc.query("""
                                select id, mrn, phone, lower(last_name) as last_name, date_of_birth,
                                       archived_at is not null as archived
                                from patient where organization_id = :org and mrn = any(:values)""",
                        new MapSqlParameterSource("org", org.value()).addValue("values", mrns.toArray(String[]::new)), (org.springframework.jdbc.core.RowCallbackHandler) this::remember);
            }
            if (!phones.isEmpty()) {
                jdbc.query("""
                                select id, mrn, phone, lower(last_name) as last_name, date_of_birth, false as archived
                                from patient where organization_id = :org and phone = any(:values) and archived_at is null""",
                        new MapSqlParameterSource("org", org.value()).addValue("values", phones.toArray(String[]::new)), (org.springframework.jdbc.core.RowCallbackHandler) this::remember);
            }
        }

        private void remember(java.sql.ResultSet rs) throws java.sql.SQLException {
            UUID id = rs.getObject("id", UUID.class);
            String mrn = rs.getString("mrn");
            if (mrn != null) {
                byMrn.putIfAbsent(mrn, id);
                mrnOf.put(id, mrn);
            }
            if (rs.getBoolean("archived")) {
                archived.add(id);
                return;
            }
            Date dob = rs.getDate("date_of_birth");
            String key = personKey(rs.getString("phone"), rs.getString("last_name"), dob == null ? null : dob.toLocalDate());
            if (key != null) {
                byPerson.putIfAbsent(key, id);
            }
        }

        Match match(PatientDetails row) {
            String mrn = row.mrn();
            if (mrn != null && byMrn.containsKey(mrn)) {
                UUID id = byMrn.get(mrn);
                if (archived.contains(id)) {
                    return new Match(Kind.REFUSED, null, "This MRN belongs to an archived patient.");
                }
                remember(id, row);
                return new Match(Kind.UPDATE, id, null);
            }
            String key = personKey(row.phone() == null ? null : row.phone().value(), row.lastName(), row.dateOfBirth());
            UUID samePerson = key == null ? null : byPerson.get(key);
            if (samePerson != null && (mrn == null || mrnOf.get(samePerson) == null)) {
                remember(samePerson, row);
                return new Match(Kind.UPDATE, samePerson, null);
            }
            UUID created = UUID.randomUUID();
            remember(created, row);
            return new Match(Kind.CREATE, created, null);
        }

        private void remember(UUID id, PatientDetails row) {
            if (row.mrn() != null && !mrnOf.containsKey(id)) {
                byMrn.put(row.mrn(), id);
                mrnOf.put(id, row.mrn());
            }
            String key = personKey(row.phone() == null ? null : row.phone().value(), row.lastName(), row.dateOfBirth());
            if (key != null) {
                byPerson.putIfAbsent(key, id);
            }
        }

        private static String personKey(PatientDetails row) {
            return personKey(row.phone() == null ? null : row.phone().value(), row.lastName(), row.dateOfBirth());
        }

        private static String personKey(String phone, String lastName, LocalDate dob) {
            if (phone == null || lastName == null || dob == null) {
                return null;
            }
            return phone + "|" + lastName.toLowerCase(Locale.ROOT) + "|" + dob;
        }
    }
}
