package com.bloomtext.patients.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Date;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Exports the organization's patients in the import schema, streamed, formula-safe, audited. */
@Component
public class PatientExport {

    private final JdbcClient jdbc;
    private final AuditLog auditLog;

    PatientExport(JdbcClient jdbc, AuditLog auditLog) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
    }

    public void write(Actor actor, Writer out) throws IOException {
        auditLog.record(actor, AuditAction.PATIENTS_EXPORTED, AuditTarget.of("organization", actor.orgId()),
                Outcome.SUCCESS, null);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader("phone", "first_name", "last_name", "dob", "mrn", "email").get())) {
            jdbc.sql("""
                            select phone, first_name, last_name, date_of_birth, mrn, email from patient
                            where organization_id = :org and archived_at is null
                            order by lower(coalesce(last_name, '')), lower(coalesce(first_name, '')), created_at""")
                    .param("org", actor.orgId().value())
                    .query(rs -> {
                        Date dob = rs.getDate("date_of_birth");
                        try {
                            String phone = rs.getString("phone");
                            printer.printRecord(CsvCells.safe(phone == null ? null : new E164(phone).display()), CsvCells.safe(rs.getString("first_name")),
                                    CsvCells.safe(rs.getString("last_name")), dob == null ? "" : dob.toString(),
                                    CsvCells.safe(rs.getString("mrn")), CsvCells.safe(rs.getString("email")));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
