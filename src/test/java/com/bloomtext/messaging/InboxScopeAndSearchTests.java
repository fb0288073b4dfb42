package com.bloomtext.messaging;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The help article's step 7 (the inbox icon's views, with unread counts) and search across conversations. */
class InboxScopeAndSearchTests extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    String teamWith(String number) {
        return jdbc.sql("select team_id from phone_number where number = :number and status = 'ACTIVE'")
                .param("number", number).query(String.class).single();
    }

    static String chatFrom(StaffAgent agent, String phone, String sendFrom) {
        agent.get("/inbox/new");
        var created = agent.post("/inbox/new", "q", phone, "contact", phone, "sendFrom", sendFrom);
        assertThat(created.location()).contains("/inbox/c/");
        return java.net.URI.create(created.location()).getPath();
    }

    static String unread(String page, String scope) {
        var count = Pattern.compile("id=\"unread-" + Pattern.quote(scope) + "\"[^>]*>(\\d*)").matcher(page);
        assertThat(count.find()).as("an unread count for %s", scope).isTrue();
        return count.group(1).isEmpty() ? "0" : count.group(1);
    }

    StaffAgent signIn(String email) {
        StaffAgent agent = anonymous();
        agent.get("/sign-in");
        assertThat(agent.post("/sign-in", "email", email, "password", PASSWORD).redirectsTo("/inbox")).isTrue();
        return agent;
    }

    @Test
    void theInboxIconSwitchesBetweenAllConversationsAndEachTeamWithUnreadCountsAndTheChoiceIsKept() {
        Org org = newOrganization("Scoped Inbox Clinic");
        org.upgradeTo("sms-pro");
        String frontDesk = teamWith(MessagingTests.buyNumber(org, "415"));
        String billing = teamWith(MessagingTests.buyNumber(org, "212"));
        Member sam = org.addMember("Sam Rivera");
        org.admin().post("/directory/phone-numbers/" + frontDesk + "/members", "user", sam.id().toString());
        org.admin().post("/directory/phone-numbers/" + billing + "/members", "user", sam.id().toString());
        String frontChat = chatFrom(org.admin(), "(415) 555-2711", frontDesk);
        String billingChat = chatFrom(org.admin(), "(212) 555-2712", billing);
        org.admin().post(frontChat + "/messages", "mode", "SECURE_CHAT", "body", "Front desk note");
        org.admin().post(billingChat + "/messages", "mode", "SECURE_CHAT", "body", "Billing note");
        String own = chatFrom(sam.agent(), "(415) 555-2713", "me");
        sam.agent().get(own);

        String all = sam.agent().get("/inbox").body();
        assertThat(all).contains("Inbox view: All conversations", "(415) 555-2711", "(212) 555-2712", "(415) 555-2713");
        assertThat(unread(all, "all")).isEqualTo("2");
        assertThat(unread(all, frontDesk)).isEqualTo("1");
        assertThat(unread(all, billing)).isEqualTo("1");
        assertThat(all).contains("value=\"" + frontDesk + "\"", "value=\"" + billing + "\"", "value=\"all\"");

        assertThat(sam.agent().post("/inbox/scope", "scope", frontDesk).redirectsTo("/inbox")).isTrue();
        String scoped = sam.agent().get("/inbox").body();
        assertThat(scoped).contains("(415) 555-2711").doesNotContain("(212) 555-2712", "(415) 555-2713")
                .containsPattern("Inbox view: [^\"]*\\(415\\)");

        // Kept per user: another session of Sam's opens on the same view.
        assertThat(signIn(sam.email()).get("/inbox").body()).contains("(415) 555-2711").doesNotContain("(212) 555-2712");
        // Not anyone else's: the admin's inbox still shows everything.
        assertThat(org.admin().get("/inbox").body()).contains("Inbox view: All conversations", "(212) 555-2712");

        sam.agent().get(frontChat);
        String afterReading = sam.agent().get("/inbox").body();
        assertThat(unread(afterReading, frontDesk)).isEqualTo("0");
        assertThat(unread(afterReading, "all")).isEqualTo("1");

        sam.agent().post("/inbox/scope", "scope", "all");
        assertThat(sam.agent().get("/inbox").body()).contains("(415) 555-2711", "(212) 555-2712", "(415) 555-2713");

        // A removed member's saved view falls back to all conversations, without the team's.
        sam.agent().post("/inbox/scope", "scope", billing);
        org.admin().post("/directory/phone-numbers/" + billing + "/members/" + sam.id() + "/remove");
        String fallback = sam.agent().get("/inbox").body();
        assertThat(fallback).contains("Inbox view: All conversations", "(415) 555-2711").doesNotContain("(212) 555-2712");
        assertThat(sam.agent().post("/inbox/scope", "scope", billing).status()).isEqualTo(404);
    }

    @Test
    void outsidersCannotScopeAnInboxToATeamTheyAreNotOn() {
        Org org = newOrganization("Scope Outsiders Clinic");
        String team = teamWith(MessagingTests.withNumber(org, "303"));
        Member nora = org.addMember("Nora Outside");
        Org other = newOrganization("Other Scope Clinic");
        other.admin().get("/inbox");

        assertThat(other.admin().post("/inbox/scope", "scope", team).status()).isEqualTo(404);
        assertThat(nora.agent().post("/inbox/scope", "scope", team).status()).isEqualTo(404);
        assertThat(nora.agent().post("/inbox/scope", "scope", "not-a-team").status()).isEqualTo(404);
        assertThat(nora.agent().post("/inbox/scope", "scope", UUID.randomUUID().toString()).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from inbox_scope where team_id = cast(:team as uuid)").param("team", team)
                .query(Integer.class).single()).isZero();
        assertThat(anonymous().post("/inbox/scope", "scope", team).redirectsTo("/sign-in")).isTrue();
    }

    @Test
    void searchFindsConversationsByPatientNamePhoneMrnAndMessageTextReadingWhatWasTypedLiterally() {
        Org org = newOrganization("Search Clinic");
        MessagingTests.withNumber(org, "415");
        org.admin().get("/directory/patients/new");
        org.admin().post("/directory/patients/new", "phone", "(415) 555-2721", "firstName", "Harriet",
                "lastName", "O'Brien", "dateOfBirth", "", "mrn", "MRN-7731", "email", "");
        String harriet = MessagingTests.chatWith(org.admin(), "(415) 555-2721");
        String other = MessagingTests.chatWith(org.admin(), "(415) 555-2722");
        send(org, harriet, "Your copay is 50% lower this year; form a_b is at C:forms.");
        send(org, other, "Your copay is 500 lower this year; form axb is at C:\\forms.");

        assertThat(found(org.admin(), "Harriet")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "harriet o'brien")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "O'Brien")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "MRN-7731")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "(415) 555-2722")).contains(other).doesNotContain(harriet);
        assertThat(found(org.admin(), "555 2722")).contains(other).doesNotContain(harriet);
        assertThat(found(org.admin(), "+14155552721")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "copay")).contains(harriet, other, "Your copay is 50% lower");
        // SQL's wildcards and quotes are characters like any other.
        assertThat(found(org.admin(), "50%")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "a_b")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "C:\\forms")).contains(other).doesNotContain(harriet);
        assertThat(found(org.admin(), "0%")).contains(harriet).doesNotContain(other);
        assertThat(found(org.admin(), "' or 1=1 --")).contains("No conversations match.").doesNotContain(harriet, other);

        var tooShort = org.admin().post("/inbox/search", "q", "a");
        assertThat(tooShort.status()).isEqualTo(200);
        assertThat(tooShort.body()).contains("Type at least 2 characters to search.");
        assertThat(org.admin().post("/inbox/search", "q", "x".repeat(201)).body()).contains("at most 200 characters");

        // The audit trail counts searches, and never quotes them.
        assertThat(jdbc.sql("select detail from audit_event where organization_id = :org and action = 'CONVERSATIONS_SEARCHED'")
                .param("org", org.id()).query(String.class).list())
                .isNotEmpty().noneMatch(detail -> detail.contains("copay") || detail.contains("Harriet"));
    }

    @Test
    void searchIsPostedAndFindsOnlyConversationsTheUserMaySee() {
        Org org = newOrganization("Private Search Clinic");
        String team = teamWith(MessagingTests.withNumber(org, "617"));
        String chat = MessagingTests.chatWith(org.admin(), "(617) 555-2723");
        send(org, chat, "Confidential follow-up about the referral");
        Member nora = org.addMember("Nora Outside");
        Org other = newOrganization("Other Search Clinic");
        other.admin().get("/inbox");

        String inbox = org.admin().get("/inbox").body();
        assertThat(inbox).contains("<form method=\"post\" action=\"/inbox/search\"");
        assertThat(org.admin().get("/inbox/search?q=referral").body()).doesNotContain(chat);
        assertThat(found(org.admin(), "referral")).contains(chat);

        assertThat(found(other.admin(), "referral")).doesNotContain(chat).contains("No conversations match.");
        assertThat(found(other.admin(), "(617) 555-2723")).doesNotContain(chat);
        assertThat(found(nora.agent(), "referral")).doesNotContain(chat).contains("No conversations match.");
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", nora.id().toString());
        assertThat(found(nora.agent(), "referral")).contains(chat);
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + nora.id() + "/remove");
        assertThat(found(nora.agent(), "referral")).doesNotContain(chat);
        assertThat(anonymous().post("/inbox/search", "q", "referral").redirectsTo("/sign-in")).isTrue();
    }

    @Test
    void searchIsServedByTrigramIndexes() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("set local enable_seqscan = off");
            assertThat(plan(statement, "select conversation_id from message where body ilike '%referral%'"))
                    .contains("message_body_trgm_idx");
            assertThat(plan(statement, "select id from patient p where (coalesce(p.first_name, '') || ' ' || "
                    + "coalesce(p.last_name, '') || ' ' || coalesce(p.mrn, '') || ' ' || coalesce(p.phone, '')) ilike '%harriet%'"))
                    .contains("patient_search_trgm_idx");
            connection.rollback();
        }
    }

    private static String plan(Statement statement, String query) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("explain " + query)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static void send(Org org, String chat, String body) {
        assertThat(org.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", body).location()).contains(chat);
    }

    private static String found(StaffAgent agent, String query) {
        agent.get("/inbox");
        var page = agent.post("/inbox/search", "q", query);
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }
}
