package com.bloomtext.patients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientImportTests extends IntegrationTest {

    static final String IMPORT = "/directory/patients/import";

    static StaffAgent.Page upload(StaffAgent agent, String csv) {
        agent.get(IMPORT);
        return agent.upload(IMPORT, "file", "patients.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the previewed import and waits, bounded, until it finishes. */
    String run(Org org, String importPath) {
        org.admin().get(importPath);
        org.admin().post(importPath + "/start");
        String id = importPath.substring(importPath.lastIndexOf('/') + 1);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String status;
        do {
            status = jdbc.sql("select status from patient_import where id = cast(:id as uuid)").param("id", id)
                    .query(String.class).single();
        } while (status.equals("RUNNING") && Instant.now().isBefore(deadline) && pause());
        return status;
    }

    static boolean pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    @Test
    void previewShowsTheMappingFirstRowsAndCountsThenTheImportWritesThemWithARefusedRowReport() {
        Org org = newOrganization("Import Clinic");
        PatientsTests.create(org.admin(), "415-555-0100", "Old", "Name", "", "MRN-1", "");
        PatientsTests.create(org.admin(), "415-555-0101", "Kim", "Park", "1980-01-02", "", "");
        String csv = """
                Mobile,First,Last,DOB,MRN,E-mail,message
                415-555-0100,Updated,ByMrn,,MRN-1,,hello
                415-555-0101,Kim,Park,01/02/1980,,kim@example.org,
                415-555-0102,New,Patient,,MRN-3,,
                not-a-phone,Bad,Row,,,,
                ,,,,,,
                212-555-0100,=cmd,Formula,2099-01-01,,,
                """;
        var uploaded = upload(org.admin(), csv);
        assertThat(uploaded.location()).contains(IMPORT + "/");
        String importPath = java.net.URI.create(uploaded.location()).getPath();
        var preview = org.admin().get(importPath);
        assertThat(preview.body()).contains("<strong>1</strong> will be created", "<strong>2</strong> will be updated",
                "<strong>2</strong> will be refused", "Ignored (broadcasts only)", "Updated", "ByMrn",
                "Import 3 patients");
        assertThat(countPatients(org)).as("nothing is written by the preview").isEqualTo(2);

        assertThat(run(org, importPath)).isEqualTo("COMPLETED");
        var done = org.admin().get(importPath);
        assertThat(done.body()).contains("Import finished", "<strong>1</strong> created", "<strong>2</strong> updated",
                "<strong>2</strong> refused", "Download refused rows (CSV)");
        assertThat(countPatients(org)).isEqualTo(3);
        assertThat(jdbc.sql("select first_name || ' ' || last_name || ' ' || phone from patient where organization_id = :org and mrn = 'MRN-1'")
                .param("org", org.id()).query(String.class).single()).isEqualTo("Updated ByMrn +14155550100");
        assertThat(jdbc.sql("select email from patient where organization_id = :org and last_name = 'Park'")
                .param("org", org.id()).query(String.class).single()).as("matched by phone + last name + DOB")
                .isEqualTo("kim@example.org");

        var report = org.admin().get(importPath + "/refused.csv");
        assertThat(report.body()).startsWith("row,column,reason").contains("5,phone,").contains("7,dob,")
                .doesNotContain("not-a-phone", "=cmd");
        assertThat(actions(org)).contains("PATIENTS_IMPORTED", "IMPORT_REPORT_EXPORTED");
    }

    @Test
    void rowsRepeatedInOneFileBecomeOnePatient() {
        Org org = newOrganization("Repeat Clinic");
        String csv = "phone,last_name,dob,mrn\n415-555-0100,Lee,1990-01-01,R-1\n415-555-0100,Lee,1990-01-01,R-1\n"
                + "415-555-0100,Lee,1990-01-01,\n";
        String importPath = java.net.URI.create(upload(org.admin(), csv).location()).getPath();
        assertThat(org.admin().get(importPath).body()).contains("<strong>1</strong> will be created",
                "<strong>2</strong> will be updated");
        assertThat(run(org, importPath)).isEqualTo("COMPLETED");
        assertThat(countPatients(org)).isEqualTo(1);
    }

    @Test
    void aCancelledPreviewImportsNothing() {
        Org org = newOrganization("Cancel Clinic");
        String importPath = java.net.URI.create(upload(org.admin(), "phone\n415-555-0100\n").location()).getPath();
        org.admin().get(importPath);
        org.admin().post(importPath + "/cancel");
        assertThat(org.admin().get(importPath).body()).contains("Import cancelled", "Nothing was imported.");
        org.admin().post(importPath + "/start");
        assertThat(countPatients(org)).isZero();
    }

    @Test
    void aRunningImportCancelledBeforeItCommitsWritesNothing() {
        Org org = newOrganization("Cancel Running Clinic");
        StringBuilder csv = new StringBuilder("phone,last_name,mrn\n");
        for (int i = 0; i < 50_000; i++) {
            csv.append("415-555-").append(String.format("%04d", i % 10_000)).append(",Row").append(i).append(",C-").append(i).append('\n');
        }
        String importPath = java.net.URI.create(upload(org.admin(), csv.toString()).location()).getPath();
        org.admin().get(importPath);
        org.admin().post(importPath + "/start");
        org.admin().post(importPath + "/cancel");
        String id = importPath.substring(importPath.lastIndexOf('/') + 1);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String status;
        do {
            status = jdbc.sql("select status from patient_import where id = cast(:id as uuid)").param("id", id)
                    .query(String.class).single();
        } while ((status.equals("RUNNING") || status.equals("CANCELLING")) && Instant.now().isBefore(deadline) && pause());
        assertThat(status).isEqualTo("CANCELLED");
        assertThat(countPatients(org)).isZero();
        assertThat(org.admin().get(importPath).body()).contains("Import cancelled", "Nothing was imported.");
    }

    @Test
    void filesThatAreNotCsvOrTooLargeAreRefusedClearly() {
        Org org = newOrganization("Refused Files Clinic");
        org.admin().get(IMPORT);
        var binary = org.admin().upload(IMPORT, "file", "photo.csv", "text/csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        assertThat(binary.body()).contains("This file isn't a CSV file.");
        var spreadsheet = org.admin().upload(IMPORT, "file", "patients.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "phone\n1".getBytes());
        assertThat(spreadsheet.body()).contains("This file isn't a CSV file.");
        assertThat(upload(org.admin(), "first_name,last_name\nAnn,Lee\n").body())
                .contains("No column holds a phone number or an email.");

        byte[] large = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'a');
        var tooLarge = org.admin().upload(IMPORT, "file", "big.csv", "text/csv", large);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("That file is too large", "Files can be up to 20MB.");
        assertThat(jdbc.sql("select count(*) from patient_import where organization_id = :org").param("org", org.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void anotherOrganizationsImportsAreNotFound() {
        Org theirs = newOrganization("Their Import Clinic");
        String importPath = java.net.URI.create(upload(theirs.admin(), "phone,last_name\n415-555-0100,Secret\nbad,Row\n")
                .location()).getPath();
        assertThat(run(theirs, importPath)).isEqualTo("COMPLETED");
        Org mine = newOrganization("Nosy Import Clinic");
        mine.admin().get(IMPORT);
        assertThat(mine.admin().get(importPath).status()).isEqualTo(404);
        assertThat(mine.admin().get(importPath + "/progress").status()).isEqualTo(404);
        assertThat(mine.admin().get(importPath + "/refused.csv").status()).isEqualTo(404);
        assertThat(mine.admin().post(importPath + "/cancel").status()).isEqualTo(404);
        assertThat(mine.admin().post(importPath + "/start").status()).isEqualTo(404);
        assertThat(anonymous().get(importPath).redirectsTo("/sign-in")).isTrue();
    }

    @Test
    void anInterruptedRunIsReportedAsFailedAndWroteNothing() {
        Org org = newOrganization("Interrupted Clinic");
        String importPath = java.net.URI.create(upload(org.admin(), "phone\n415-555-0100\n").location()).getPath();
        String id = importPath.substring(importPath.lastIndexOf('/') + 1);
        jdbc.sql("update patient_import set status = 'RUNNING' where id = cast(:id as uuid)").param("id", id).update();
        com.bloomtext.patients.csv.ImportTestAccess.markInterruptedRuns(imports);
        assertThat(org.admin().get(importPath).body()).contains("The import didn&#39;t finish".replace("&#39;", "'"),
                "Nothing was imported.");
    }

    @Test
    void anUploadPreviewedAndLeftForADayIsDroppedWithItsFile() throws Exception {
        Org org = newOrganization("Abandoned Clinic");
        String importPath = java.net.URI.create(upload(org.admin(), "phone\n415-555-0100\n").location()).getPath();
        String id = importPath.substring(importPath.lastIndexOf('/') + 1);
        jdbc.sql("update patient_import set created_at = now() - interval '25 hours' where id = cast(:id as uuid)")
                .param("id", id).update();
        com.bloomtext.patients.csv.ImportTestAccess.dropAbandonedUploads(imports);
        assertThat(jdbc.sql("select status from patient_import where id = cast(:id as uuid)").param("id", id)
                .query(String.class).single()).isEqualTo("CANCELLED");
        org.admin().get(importPath);
        org.admin().post(importPath + "/start");
        assertThat(countPatients(org)).isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.bloomtext.patients.csv.PatientImports imports;

    int countPatients(Org org) {
        return jdbc.sql("select count(*) from patient where organization_id = :org").param("org", org.id())
                .query(Integer.class).single();
    }

    List<String> actions(Org org) {
        return jdbc.sql("select action from audit_event where organization_id = :org").param("org", org.id())
                .query(String.class).list();
    }

    static UUID idOf(String path) {
        return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    }
}
