package com.bloomtext.patients;

import java.util.List;
import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class PatientsTests extends IntegrationTest {

    static final String PATIENTS = "/directory/patients";

    @Autowired
    PatientDirectory directory;

    static StaffAgent.Page create(StaffAgent agent, String phone, String first, String last, String dob, String mrn,
            String email) {
        agent.get(PATIENTS + "/new");
        return agent.post(PATIENTS + "/new", "phone", phone, "firstName", first, "lastName", last, "dateOfBirth", dob,
                "mrn", mrn, "email", email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(415) 555-0142", "415.555.0142", "+1 415 555 0142"})
    void phonesAreStoredInE164HoweverTheyAreTyped(String typed) {
        Org org = newOrganization("Phones Clinic");
        var created = create(org.admin(), typed, "Jordan", "Lee", "", "", "");
        assertThat(created.location()).contains(PATIENTS + "/");
        assertThat(jdbc.sql("select phone from patient where organization_id = :org").param("org", org.id())
                .query(String.class).single()).isEqualTo("+14155550142");
    }

    @Test
    void anyCombinationWorksButAPhoneOrEmailIsNeeded() {
        Org org = newOrganization("Combinations Clinic");
        assertThat(create(org.admin(), "", "", "", "", "", "pat@example.org").location()).contains(PATIENTS + "/");
        var neither = create(org.admin(), "", "Only", "Name", "1990-01-01", "M-1", "");
        assertThat(neither.status()).isEqualTo(200);
        assertThat(neither.body()).contains("Enter a phone number or an email");
    }

    @Test
    void badFieldsAreRefusedWithTheirReasonsAndNothingIsStored() {
        Org org = newOrganization("Bad Fields Clinic");
        var bad = create(org.admin(), "415 555", "Ann", "Lee", "2999-01-01", "", "ann@");
        assertThat(bad.body()).contains("That phone number has the wrong number of digits.",
                "A date of birth can't be in the future.", "Enter an email address like name@example.com.");
        assertThat(create(org.admin(), "(999) 555-0142", "", "", "", "", "").body())
                .contains("That phone number isn't in use anywhere: check the area code.");
        assertThat(create(org.admin(), "", "", "", "31/31/1990", "", "x@example.org").body())
                .contains("Enter the date as YYYY-MM-DD or MM/DD/YYYY.");
        assertThat(jdbc.sql("select count(*) from patient where organization_id = :org").param("org", org.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aDuplicateMrnNamesThePatientWhoHasIt() {
        Org org = newOrganization("MRN Clinic");
        create(org.admin(), "415-555-0142", "Jordan", "Lee", "", "MRN-7", "");
        var duplicate = create(org.admin(), "415-555-0143", "Sam", "Park", "", "MRN-7", "");
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.body()).contains("Another patient, Jordan Lee, has this MRN.");
    }

    @Test
    void thePatientPageIsAnAuditedViewAndEditsAreSaved() {
        Org org = newOrganization("View Clinic");
        String path = create(org.admin(), "415-555-0142", "Jordan", "Lee", "03/04/1975", "V-1", "").location();
        String id = path.substring(path.lastIndexOf('/') + 1);
        var page = org.admin().get(PATIENTS + "/" + id);
        assertThat(page.body()).contains("Jordan Lee", "(415) 555-0142", "1975-03-04", "V-1");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'PATIENT_VIEWED' "
                + "and target_id = :id").param("org", org.id()).param("id", id).query(Integer.class).single()).isEqualTo(1);

        org.admin().get(PATIENTS + "/" + id + "/edit");
        var saved = org.admin().post(PATIENTS + "/" + id + "/edit", "phone", "415-555-0142", "firstName", "Jordan",
                "lastName", "Lee-Park", "dateOfBirth", "1975-03-04", "mrn", "V-1", "email", "jl@example.org");
        assertThat(org.admin().follow(saved).body()).contains("Jordan Lee-Park", "jl@example.org");
    }

    @Test
    void searchFindsByNamePhoneMrnOrEmailAndPages() {
        Org org = newOrganization("Search Clinic");
        for (int i = 0; i < 30; i++) {
            create(org.admin(), "415-555-0" + (100 + i), "Pat" + i, "Zimmer", "", "S-" + i, "pat" + i + "@example.org");
        }
        create(org.admin(), "212-555-0100", "Jordan", "Lee", "", "LEE-1", "jordan@example.org");
        StaffAgent admin = org.admin();
        assertThat(admin.post(PATIENTS, "q", "jordan").body()).contains("Jordan Lee").doesNotContain("Zimmer");
        assertThat(admin.post(PATIENTS, "q", "(212) 555-0100").body()).contains("Jordan Lee");
        assertThat(admin.post(PATIENTS, "q", "LEE-1").body()).contains("Jordan Lee");
        assertThat(admin.post(PATIENTS, "q", "jordan@example").body()).contains("Jordan Lee");
        assertThat(admin.post(PATIENTS, "q", "%").body()).as("LIKE wildcards are literal").contains("No patient matches");

        var first = admin.post(PATIENTS, "q", "zimmer");
        assertThat(first.body()).contains("1–25 of 30", ">Next<");
        assertThat(admin.post(PATIENTS, "q", "zimmer", "page", "2").body()).contains("26–30 of 30", ">Previous<");
        assertThat(admin.get(PATIENTS + "?page=2").body()).as("paging without a search").contains("26–31 of 31");
    }

    @Test
    void archivedPatientsAreKeptButLeaveListsAndSearch() {
        Org org = newOrganization("Archive Clinic");
        String path = create(org.admin(), "415-555-0142", "Gone", "Away", "", "AR-1", "").location();
        String id = path.substring(path.lastIndexOf('/') + 1);
        org.admin().get(PATIENTS + "/" + id);
        org.admin().post(PATIENTS + "/" + id + "/archive");
        assertThat(org.admin().get(PATIENTS).body()).doesNotContain("Gone Away");
        assertThat(org.admin().get(PATIENTS + "/" + id).status()).isEqualTo(404);
        assertThat(jdbc.sql("select archived_at is not null from patient where id = cast(:id as uuid)").param("id", id)
                .query(Boolean.class).single()).isTrue();
        assertThat(create(org.admin(), "415-555-0143", "New", "One", "", "AR-1", "").body())
                .as("an archived patient's MRN stays theirs").contains("has this MRN");
    }

    @Test
    void theNewConversationDialogFindsOrCreatesByPhoneOrEmail() {
        Org org = newOrganization("Dialog Clinic");
        create(org.admin(), "415-555-0142", "Jordan", "Lee", "", "D-1", "");
        var admin = new com.bloomtext.accounts.domain.AccountActor(new com.bloomtext.shared.UserId(org.adminId()),
                new OrgId(org.id()), true);

        assertThat(directory.find(new OrgId(org.id()), "Jordan", 10)).extracting(PatientSummary::displayName)
                .containsExactly("Jordan Lee");
        assertThat(directory.findOrCreate(admin, "(415) 555-0142").displayName()).isEqualTo("Jordan Lee");
        PatientSummary created = directory.findOrCreate(admin, "415.555.0199");
        assertThat(created.phone().value()).isEqualTo("+14155550199");
        assertThat(directory.findOrCreate(admin, "New@Example.org").email()).isEqualTo("new@example.org");
        assertThat(directory.find(new OrgId(org.id()), "", 10)).hasSize(3);
        assertThat(org.admin().get(PATIENTS).body()).contains("(415) 555-0199");
    }

    @Test
    void exportsEscapeCellsASpreadsheetWouldRun() {
        Org org = newOrganization("Export Clinic");
        create(org.admin(), "415-555-0142", "=HYPERLINK(\"x\")", "@Lee", "", "-5", "");
        var csv = org.admin().get(PATIENTS + "/export.csv");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("phone,first_name,last_name,dob,mrn,email")
                .contains("'=HYPERLINK", "'@Lee", "'-5", "(415) 555-0142");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'PATIENTS_EXPORTED'")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anotherOrganizationsPatientsAreNotFoundAnywhere() {
        Org theirs = newOrganization("Their Patients Clinic");
        String path = create(theirs.admin(), "415-555-0142", "Secret", "Patient", "", "T-1", "").location();
        String id = path.substring(path.lastIndexOf('/') + 1);
        Org mine = newOrganization("My Patients Clinic");
        StaffAgent admin = mine.admin();
        admin.get(PATIENTS);

        assertThat(admin.get(PATIENTS + "/" + id).status()).isEqualTo(404);
        assertThat(admin.get(PATIENTS + "/" + id + "/edit").status()).isEqualTo(404);
        assertThat(admin.post(PATIENTS + "/" + id + "/edit", "phone", "415-555-0100", "firstName", "X", "lastName", "Y",
                "dateOfBirth", "", "mrn", "", "email", "").status()).isEqualTo(404);
        assertThat(admin.post(PATIENTS + "/" + id + "/archive").status()).isEqualTo(404);
        assertThat(admin.post(PATIENTS, "q", "Secret").body()).doesNotContain("Secret Patient");
        assertThat(admin.get(PATIENTS + "/export.csv").body()).doesNotContain("Secret");
        assertThat(create(admin, "415-555-0150", "Mine", "Too", "", "T-1", "").location())
                .as("MRNs are unique per organization only").contains(PATIENTS + "/");
        assertThat(jdbc.sql("select first_name || '|' || (archived_at is null) from patient where id = cast(:id as uuid)")
                .param("id", id).query(String.class).single()).as("their patient is untouched").isEqualTo("Secret|true");
    }

    @Test
    void membersUseTheDirectoryAndAnonymousVisitorsAreSentToSignIn() {
        Org org = newOrganization("Member Patients Clinic");
        Member sam = org.addMember("Sam Rivera");
        assertThat(create(sam.agent(), "415-555-0142", "By", "Member", "", "", "").location()).contains(PATIENTS + "/");
        for (String path : List.of(PATIENTS, PATIENTS + "/new", PATIENTS + "/" + UUID.randomUUID(), PATIENTS + "/import",
                PATIENTS + "/export.csv")) {
            assertThat(anonymous().get(path).redirectsTo("/sign-in")).as(path).isTrue();
        }
    }
}
