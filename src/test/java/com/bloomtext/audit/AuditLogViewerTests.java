package com.bloomtext.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

import javax.sql.DataSource;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogViewerTests extends IntegrationTest {

    static final String AUDIT_LOG = "/settings/organization/audit-log";
    static final String PATIENTS = "/directory/patients";

    @Test
    void adminsFindTheAuditLogUnderSettingsAndMembersDoNot() {
        Org org = newOrganization("Tab Clinic");
        Member sam = org.addMember("Sam Rivera");
        assertThat(org.admin().get("/settings/organization/general").body()).contains("href=\"" + AUDIT_LOG + "\"");
        assertThat(sam.agent().get("/settings/organization/general").body()).doesNotContain(AUDIT_LOG);

        var page = org.admin().get(AUDIT_LOG);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Audit log", "Sign up", "Invitation accepted", "Sam Rivera", "Dana Whitfield");
        assertThat(page.header("Cache-Control")).contains("no-store");
    }

    @Test
    void membersAndAnonymousGetNothing() {
        Org org = newOrganization("Closed Clinic");
        Member sam = org.addMember("Sam Rivera");
        assertThat(sam.agent().get(AUDIT_LOG).status()).isEqualTo(403);
        assertThat(sam.agent().post(AUDIT_LOG, "action", "SIGN_UP").status()).isEqualTo(403);
        assertThat(sam.agent().post(AUDIT_LOG + "/export").status()).isEqualTo(403);
        assertThat(sam.agent().post(AUDIT_LOG + "/verify").status()).isEqualTo(403);
        var anonymous = anonymous().get(AUDIT_LOG);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.location()).contains("/sign-in");
        assertThat(anonymous().post(AUDIT_LOG + "/export").status()).isIn(302, 403);
    }

    @Test
    void anotherOrganizationsAdminSeesNoneOfItsEvents() {
        Org clinic = newOrganization("Private Clinic");
        Member sam = clinic.addMember("Sam Rivera");
        UUID patient = createPatient(clinic.admin(), "Jordan", "Quill", "MRN-Q1");
        clinic.admin().get(PATIENTS + "/" + patient);

        Org other = newOrganization("Nosy Clinic");
        var own = other.admin().get(AUDIT_LOG).body();
        assertThat(own).doesNotContain("Sam Rivera");
        assertThat(table(own)).contains("Sign up").doesNotContain("Invitation accepted").doesNotContain("Patient viewed");

        var byTheirUser = other.admin().post(AUDIT_LOG, "user", sam.id().toString());
        assertThat(byTheirUser.body()).contains("Choose a user from the list.").doesNotContain("Sam Rivera");
        var byTheirPatient = other.admin().post(AUDIT_LOG, "patient", patient.toString());
        assertThat(byTheirPatient.body()).contains("No events match.");
        var byName = other.admin().post(AUDIT_LOG, "patient", "Quill");
        assertThat(byName.body()).contains("No events match.");
        var export = other.admin().post(AUDIT_LOG + "/export");
        assertThat(export.body()).doesNotContain(sam.id().toString()).doesNotContain(patient.toString());
    }

    @Test
    void filtersByPatientUserActionAndDates() {
        Org org = newOrganization("Filter Clinic");
        Member sam = org.addMember("Sam Rivera");
        UUID quill = createPatient(org.admin(), "Jordan", "Quill", "MRN-F1");
        UUID other = createPatient(org.admin(), "Avery", "Stone", "MRN-F2");
        sam.agent().get(PATIENTS + "/" + quill);
        org.admin().get(PATIENTS + "/" + other);

        var byPatientName = org.admin().post(AUDIT_LOG, "patient", "Quill");
        assertThat(byPatientName.body()).contains(quill.toString().substring(0, 8))
                .doesNotContain(other.toString().substring(0, 8)).contains("Patient viewed", "Patient created");
        var byPatientAndUser = org.admin().post(AUDIT_LOG, "patient", "MRN-F1", "user", sam.id().toString());
        assertThat(rows(byPatientAndUser.body())).isEqualTo(1);
        assertThat(byPatientAndUser.body()).contains("Patient viewed");

        var byAction = org.admin().post(AUDIT_LOG, "action", "PATIENT_CREATED");
        assertThat(rows(byAction.body())).isEqualTo(2);

        // Dates are the organization's (the viewer reads them in its time zone): between midnight UTC and midnight in
        // New York, "today" in the test's JVM is already the organization's tomorrow.
        java.time.ZoneId zone = java.time.ZoneId.of(jdbc.sql("""
                        select o.time_zone from organization o join staff_user u on u.organization_id = o.id
                        where u.email = :email""").param("email", org.adminEmail()).query(String.class).single());
        String today = LocalDate.now(zone).toString();
        String tomorrow = LocalDate.now(zone).plusDays(2).toString();
        assertThat(rows(org.admin().post(AUDIT_LOG, "action", "PATIENT_CREATED", "from", today, "to", tomorrow).body()))
                .isEqualTo(2);
        assertThat(org.admin().post(AUDIT_LOG, "from", tomorrow).body()).contains("No events match.");
        assertThat(org.admin().post(AUDIT_LOG, "from", "yesterday").body()).contains("Enter a date as YYYY-MM-DD.");
        assertThat(org.admin().post(AUDIT_LOG, "from", tomorrow, "to", today).body())
                .contains("The end date is before the start date.");
        assertThat(org.admin().post(AUDIT_LOG, "action", "NOT_AN_ACTION").body()).contains("Choose an action from the list.");
    }

    @Test
    void pagesThroughManyEvents() {
        Org org = newOrganization("Paging Clinic");
        UUID patient = createPatient(org.admin(), "Jordan", "Pager", "MRN-P1");
        for (int i = 0; i < 55; i++) {
            org.admin().get(PATIENTS + "/" + patient);
        }
        var first = org.admin().post(AUDIT_LOG, "action", "PATIENT_VIEWED");
        assertThat(rows(first.body())).isEqualTo(50);
        assertThat(first.body()).contains("Page 1 of 2", "Next").doesNotContain(">Previous<");
        var second = org.admin().post(AUDIT_LOG, "action", "PATIENT_VIEWED", "page", "2");
        assertThat(rows(second.body())).isEqualTo(5);
        assertThat(second.body()).contains("Page 2 of 2", "Previous");
    }

    @Test
    void theExportIsACsvOfTheFilteredEventsAndIsItselfAudited() {
        Org org = newOrganization("Export Clinic");
        UUID patient = createPatient(org.admin(), "Jordan", "Export", "MRN-E1");
        org.admin().get(PATIENTS + "/" + patient);
        org.admin().get(AUDIT_LOG);
        var csv = org.admin().post(AUDIT_LOG + "/export", "patient", "Export");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,time,user_id,user,action,target_type,target_id,patient_id,outcome,detail,address");
        assertThat(lines).hasSize(3);
        assertThat(csv.body()).contains("PATIENT_CREATED", "PATIENT_VIEWED", patient.toString(), "Dana Whitfield")
                .doesNotContain("Jordan");

        String exported = jdbc.sql("""
                        select actor_user_id || ' ' || detail from audit_event
                        where organization_id = :org and action = 'AUDIT_LOG_EXPORTED'""")
                .param("org", org.id()).query(String.class).single();
        assertThat(exported).isEqualTo(org.adminId() + " 2 patients".replace("2 patients", "patient " + patient));
    }

    @Test
    void thePatientFilterNeverTravelsInAUrl() {
        Org org = newOrganization("Url Clinic");
        var page = org.admin().get(AUDIT_LOG).body();
        assertThat(page).contains("<form method=\"post\" action=\"" + AUDIT_LOG + "\"");
        assertThat(page).doesNotContain("method=\"get\"");
    }

    @Autowired
    DataSource dataSource;

    @Test
    void verifyNamesAnEventWhoseActingPatientWasChanged() throws SQLException {
        Org org = newOrganization("Portal Chain Clinic");
        assertThat(org.admin().post(AUDIT_LOG + "/verify").body()).contains("Intact: all");
        long first = jdbc.sql("select min(id) from audit_event where organization_id = :org").param("org", org.id())
                .query(Long.class).single();
        try (Connection owner = DriverManager.getConnection(((HikariDataSource) dataSource).getJdbcUrl(), "postgres", "");
                var statement = owner.createStatement()) {
            statement.execute("set session_replication_role = replica");
            statement.executeUpdate("update audit_event set actor_patient_id = '" + UUID.randomUUID() + "' where id = " + first);
        }
        assertThat(org.admin().post(AUDIT_LOG + "/verify").body()).contains("Broken at event #" + first)
                .contains("changed after it was written");
    }

    private static String table(String body) {
        return body.contains("<tbody>") ? body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>")) : "";
    }

    private static int rows(String body) {
        String tbody = body.contains("<tbody>") ? body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>")) : "";
        return tbody.split("<tr>", -1).length - 1;
    }

    private UUID createPatient(StaffAgent agent, String first, String last, String mrn) {
        agent.get(PATIENTS + "/new");
        var created = agent.post(PATIENTS + "/new", "phone", "", "firstName", first, "lastName", last,
                "dateOfBirth", "", "mrn", mrn, "email", first.toLowerCase() + "." + last.toLowerCase() + "@example.org");
        String location = created.location();
        assertThat(location).as("patient created: %s", created).contains(PATIENTS + "/");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }
}
