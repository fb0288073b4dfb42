package com.bloomtext.audit;

import java.util.List;

import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;

import static com.bloomtext.messaging.MessagingTests.chatWith;
import static com.bloomtext.messaging.MessagingTests.eventually;
import static com.bloomtext.messaging.MessagingTests.withNumber;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC's audit rule: every view, creation, change and send of PHI is an event, and names the patient it concerns. */
class AuditCoverageTests extends IntegrationTest {

    @Test
    void listsOfPatientsAndTheInboxAreViewsOfPhi() {
        Org org = newOrganization("Coverage Clinic");
        org.admin().get("/directory/patients");
        org.admin().post("/directory/patients", "q", "Quill");
        org.admin().get("/inbox");
        List<String> trail = actions(org);
        assertThat(trail).contains("PATIENTS_LISTED patients page 1, 0 shown", "PATIENTS_LISTED patient search page 1, 0 shown",
                "INBOX_VIEWED 0 conversations shown");
        assertThat(String.join("\n", trail)).doesNotContain("Quill");
    }

    @Test
    void conversationsAndMessagesNameTheirPatientAndInboundTextsAndStopAreRecorded() {
        Org org = newOrganization("Texting Coverage Clinic");
        String ours = withNumber(org, "646");
        String chat = chatWith(org.admin(), "(646) 555-2674");
        org.admin().get(chat);
        org.admin().post(chat + "/messages", "mode", "SMS", "body", "See you Monday.");
        org.admin().get("/sandbox/phone");
        org.admin().post("/sandbox/phone", "number", "(646) 555-2674", "to", ours, "body", "STOP");
        eventually(() -> actions(org), trail -> trail.stream().anyMatch(a -> a.startsWith("CONSENT_CHANGED")));

        String patient = jdbc.sql("select id::text from patient where organization_id = :org").param("org", org.id())
                .query(String.class).single();
        List<String> concerning = jdbc.sql("""
                        select action from audit_event where organization_id = :org and patient_id = :patient::uuid
                        order by id""")
                .param("org", org.id()).param("patient", patient).query(String.class).list();
        assertThat(concerning).containsSubsequence("PATIENT_CREATED", "CONVERSATION_STARTED", "CONVERSATION_VIEWED",
                "MESSAGE_SENT", "MESSAGE_RECEIVED", "CONSENT_CHANGED");
        assertThat(actions(org)).contains("CONSENT_CHANGED opted out of SMS", "PATIENTS_LISTED new conversation search, 0 shown");
    }

    @Test
    void aFailedSupportConsoleSignInIsRecorded() {
        long before = count("SUPPORT_SIGN_IN_FAILED");
        anonymous().get("/support/sign-in");
        anonymous().post("/support/sign-in", "email", "support@bloomtext.test", "password", "wrong-password");
        assertThat(count("SUPPORT_SIGN_IN_FAILED")).isGreaterThan(before);
    }

    private long count(String action) {
        return jdbc.sql("select count(*) from audit_event where action = :action").param("action", action)
                .query(Long.class).single();
    }

    private List<String> actions(Org org) {
        return jdbc.sql("select action || coalesce(' ' || detail, '') from audit_event where organization_id = :org order by id")
                .param("org", org.id()).query(String.class).list();
    }
}
