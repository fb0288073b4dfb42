package com.bloomtext.portal;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.portal.links.Tokens;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static com.bloomtext.messaging.MessagingTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secure Chat over HTTP: a Secure Chat message texts (or emails) the patient a link; the link opens the
 * identity step, then the conversation; read receipts, replies, expiry, lockout and resend; and what an
 * outsider or another patient's link cannot do.
 */
public class PortalTests extends IntegrationTest {

    static final Pattern LINK = Pattern.compile("https?://[^\\s/]+(/p/([A-Za-z0-9_-]{43}))");
    static final String DOB = "1985-04-23";

    /** A conversation with a patient on file, from the admin's team number (or "Just me" on the Free plan). */
    record Chat(Org org, String path, UUID id, String phone) {

        String staffPage() {
            return org.admin().get(path).body();
        }
    }

    Chat chat(Org org, String phone, String first, String last, String dob, String email) {
        org.admin().get("/directory/patients/new");
        var created = org.admin().post("/directory/patients/new", "phone", phone, "firstName", first, "lastName", last,
                "dateOfBirth", dob, "mrn", "", "email", email);
        assertThat(created.status()).as("patient created: %s", created).isIn(302, 303);
        String path = MessagingTests.chatWith(org.admin(), phone);
        return new Chat(org, path, UUID.fromString(path.substring(path.lastIndexOf('/') + 1)), E164.parse(phone, "US").value());
    }

    static void sendSecure(Chat chat, String body) {
        var sent = chat.org().admin().post(chat.path() + "/messages", "mode", "SECURE_CHAT", "body", body);
        assertThat(sent.location()).as("sent: %s", sent).contains(chat.path());
    }

    /** The newest text to the phone that holds a portal link, waiting for the one after {@code before}. */
    String textedLink(Chat chat, int before) {
        List<String> texts = eventually(() -> textsWithLinks(chat.phone()), list -> list.size() > before);
        assertThat(texts).as("a text with a secure link reached the phone").hasSizeGreaterThan(before);
        return texts.get(texts.size() - 1);
    }

    List<String> textsWithLinks(String phone) {
        return jdbc.sql("select body from sandbox_sms where to_number = :phone and body like '%/p/%' order by created_at, id")
                .param("phone", phone).query(String.class).list();
    }

    static String tokenIn(String text) {
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("holds a portal link: %s", text).isTrue();
        return link.group(2);
    }

    StaffAgent patientWith(String token, String dob) {
        StaffAgent patient = anonymous();
        var identity = patient.get("/p/" + token);
        assertThat(identity.status()).isEqualTo(200);
        var verified = patient.post("/p/" + token + "/verify", "dateOfBirth", dob);
        assertThat(verified.redirectsTo("/p/conversation")).as("verified: %s", verified).isTrue();
        return patient;
    }

    String linkOf(Chat chat) {
        sendSecure(chat, "Your lab results are ready to read.");
        return tokenIn(textedLink(chat, 0));
    }

    void clearAddressFailures() {
        jdbc.sql("delete from portal_failure").update();
    }

    @Test
    void aSecureChatMessageTextsALinkThatOpensTheConversationAfterTheDateOfBirth() {
        Org org = newOrganization("Harbor Family Medicine");
        String ours = MessagingTests.withNumber(org, "415");
        Chat chat = chat(org, "(415) 555-2801", "Jordan", "Lee", DOB, "");
        String secret = "Your A1C came back at 6.1, Jordan. Ref " + UUID.randomUUID();
        sendSecure(chat, secret);

        String text = textedLink(chat, 0);
        String token = tokenIn(text);
        assertThat(text).isEqualTo("Harbor Family Medicine sent you a secure message: " + baseUrl() + "/p/" + token);
        assertThat(jdbc.sql("select from_number from sandbox_sms where body = :text").param("text", text)
                .query(String.class).single()).as("from the team's number").isEqualTo(ours);
        assertThat(chat.staffPage()).contains("Link texted to the patient", "Resend link", "Link sent");

        StaffAgent patient = anonymous();
        var identity = patient.get("/p/" + token);
        assertThat(identity.status()).isEqualTo(200);
        assertThat(identity.body()).contains("Confirm it's you", "Date of birth", "Harbor Family Medicine")
                .doesNotContain(secret, "Jordan", "Lee");
        assertThat(identity.header("Cache-Control")).contains("no-store");
        assertThat(identity.header("Referrer-Policy")).isEqualTo("no-referrer");

        var wrong = patient.post("/p/" + token + "/verify", "dateOfBirth", "1985-04-24");
        assertThat(wrong.body()).contains("match our records", "4 tries left")
                .doesNotContain(secret);
        var verified = patient.post("/p/" + token + "/verify", "dateOfBirth", "04/23/1985");
        assertThat(verified.redirectsTo("/p/conversation")).as("%s", verified).isTrue();
        String cookie = verified.headers().get("set-cookie").stream()
                .filter(header -> header.startsWith(com.bloomtext.portal.session.PortalSessions.COOKIE + "="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/p").doesNotContain("Secure");

        var page = patient.get("/p/conversation");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(secret, "Secure messages from Harbor Family Medicine", "Dana Whitfield",
                "Your reply");
        assertThat(page.header("Cache-Control")).contains("no-store");

        var staffView = chat.staffPage();
        assertThat(staffView).contains("class=\"receipt\"", ">JL<", "Viewed ");

        var replied = patient.post("/p/conversation/replies", "body", "Thank you, that's good news!");
        assertThat(replied.redirectsTo("/p/conversation")).isTrue();
        assertThat(chat.staffPage()).contains("good news!");
        assertThat(jdbc.sql("select direction || ' ' || mode || ' ' || coalesce(author_user_id::text, 'patient') from message "
                        + "where conversation_id = :id and body = 'Thank you, that''s good news!'")
                .param("id", chat.id()).query(String.class).single()).isEqualTo("INBOUND SECURE_CHAT patient");

        // The token is nowhere in the database: links, messages, notices, events, audit.
        assertThat(jdbc.sql("select count(*) from secure_link where token_sha256 = :hash").param("hash", Tokens.sha256(token))
                .query(Integer.class).single()).isEqualTo(1);
        for (String query : List.of("select count(*) from message where body like :like",
                "select count(*) from event_publication where serialized_event like :like",
                "select count(*) from audit_event where coalesce(detail, '') || coalesce(target_id, '') like :like",
                "select count(*) from secure_link where token_sha256 like :like or coalesce(code_sha256, '') like :like",
                "select count(*) from portal_session where id_sha256 like :like",
                "select count(*) from link_notification where to_address like :like "
                        + "or encode(coalesce(sealed_text, ''::bytea), 'escape') like :like")) {
            assertThat(jdbc.sql(query).param("like", "%" + token + "%").query(Integer.class).single()).as(query).isZero();
        }
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'PORTAL_CONVERSATION_VIEWED' "
                        + "and actor_patient_id is not null and actor_user_id is null")
                .param("org", org.id()).query(Integer.class).single()).isGreaterThan(0);
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'PORTAL_REPLY_SENT'")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void notificationsHoldTheOrganizationsNameAndTheLinkOnly() {
        Org org = newOrganization("Maple Street Clinic");
        Chat chat = chat(org, "(415) 555-2802", "Avery", "Quinlan", DOB, "avery.quinlan@example.org");
        String secret = "Your biopsy result: benign. Ref " + UUID.randomUUID();
        sendSecure(chat, secret);

        String text = textedLink(chat, 0);
        assertThat(jdbc.sql("select from_number from sandbox_sms where body = :text").param("text", text)
                .query(String.class).single()).as("no team: the platform's notification number").isEqualTo("+15555550100");
        String email = eventually(() -> jdbc.sql("select subject || '\n' || body from sandbox_email where recipient = :to")
                .param("to", "avery.quinlan@example.org").query(String.class).optional().orElse(""), body -> !body.isEmpty());
        for (String notification : List.of(text, email)) {
            assertThat(notification).contains("Maple Street Clinic", "/p/" + tokenIn(text))
                    .doesNotContain(secret, "biopsy", "Avery", "Quinlan", "avery.quinlan", "2802");
        }
        assertThat(text).isEqualTo("Maple Street Clinic sent you a secure message: " + baseUrl() + "/p/" + tokenIn(text));
        assertThat(chat.staffPage()).contains("Link texted to the patient", "Link emailed to the patient");
    }

    static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, bytes, 0, 9);
        return bytes;
    }

    static String firstFileLink(String page) {
        Matcher link = Pattern.compile("href=\"(/p/conversation/files/[0-9a-f-]{36})\"").matcher(page);
        assertThat(link.find()).as("the page links a file").isTrue();
        return link.group(1);
    }

    @Test
    void thePatientDownloadsTheConversationsFilesAndRepliesWithAPhotoOrPdf() {
        Org org = newOrganization("Files Portal Clinic");
        Chat chat = chat(org, "(415) 555-2815", "Robin", "Quade", DOB, "robin.quade@example.org");
        byte[] report = pdf(40_000);
        var sent = org.admin().upload(chat.path() + "/messages", java.util.Map.of("mode", "SECURE_CHAT", "body", ""),
                "file", "biopsy-report-Quade.pdf", "application/pdf", report);
        assertThat(sent.location()).as("sent: %s", sent).contains(chat.path());

        String text = textedLink(chat, 0);
        String email = eventually(() -> jdbc.sql("select subject || '\n' || body from sandbox_email where recipient = :to")
                .param("to", "robin.quade@example.org").query(String.class).optional().orElse(""), body -> !body.isEmpty());
        for (String notification : List.of(text, email)) {
            assertThat(notification).contains("Files Portal Clinic").doesNotContain("biopsy", "report", "Quade", "Robin", ".pdf");
        }

        StaffAgent patient = patientWith(tokenIn(text), DOB);
        String page = patient.get("/p/conversation").body();
        assertThat(page).contains("biopsy-report-Quade.pdf", "Attach a photo or PDF");
        String file = firstFileLink(page);
        var download = patient.download(file);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(report);
        assertThat(download.header("Content-Disposition")).startsWith("attachment").contains("biopsy-report-Quade.pdf");
        assertThat(download.header("Cache-Control")).contains("no-store");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'FILE_DOWNLOADED' "
                        + "and actor_patient_id is not null")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);

        // The reply form of the page read before the download still works: requests do not replace the CSRF token.
        var replied = patient.upload("/p/conversation/replies", java.util.Map.of("body", "Signed form attached."), "file",
                "signed-form.pdf", "application/pdf", pdf(2_000));
        assertThat(replied.redirectsTo("/p/conversation")).as("%s", replied).isTrue();
        String staffView = chat.staffPage();
        assertThat(staffView).contains("Signed form attached.", "signed-form.pdf");

        patient.get("/p/conversation");
        var refused = patient.upload("/p/conversation/replies", java.util.Map.of("body", "Here is a page"), "file",
                "page.pdf", "application/pdf", "<html><body>not a pdf</body></html>".getBytes());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("error-summary");
        assertThat(jdbc.sql("select count(*) from message where body = 'Here is a page'").query(Integer.class).single())
                .as("a refused file leaves no reply").isZero();

        Chat other = chat(org, "(415) 555-2816", "Other", "Patient", DOB, "");
        StaffAgent stranger = patientWith(linkOf(other), DOB);
        assertThat(stranger.download(file).status()).as("another link's session").isEqualTo(404);
        assertThat(anonymous().download(file).status()).as("no session").isEqualTo(302);
    }

    @Test
    void anExpiredLinkAndAnUnknownLinkAnswerAlike() {
        Org org = newOrganization("Cedar Pediatrics");
        Chat chat = chat(org, "(415) 555-2803", "Riley", "Stone", DOB, "");
        String token = linkOf(chat);
        StaffAgent patient = patientWith(token, DOB);
        assertThat(patient.get("/p/conversation").status()).isEqualTo(200);

        jdbc.sql("update secure_link set issued_at = now() - interval '8 days', expires_at = now() - interval '1 day' "
                + "where conversation_id = :id").param("id", chat.id()).update();
        assertThat(patient.get("/p/conversation").redirectsTo("/p/ended")).as("the open session ends with the link").isTrue();
        var expired = anonymous().get("/p/" + token);
        var unknown = anonymous().get("/p/" + Tokens.random256());
        var garbage = anonymous().get("/p/not-a-token");
        assertThat(expired.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(expired.status());
        assertThat(garbage.status()).isEqualTo(expired.status());
        assertThat(expired.body()).contains("This link doesn", "Ask the practice that sent it to resend your secure link.")
                .doesNotContain("Riley", "Your lab results", "Cedar Pediatrics");
        assertThat(unknown.body()).as("naming the practice would tell a guesser the token exists").isEqualTo(expired.body());
        assertThat(chat.staffPage()).contains("Link expired");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'SECURE_LINK_REFUSED'")
                .param("org", org.id()).query(Integer.class).single()).isGreaterThan(0);
    }

    @Test
    void fiveFailuresLockTheLinkAndResendIssuesANewOneThatUnlocks() {
        clearAddressFailures();
        Org org = newOrganization("Willow Health");
        Chat chat = chat(org, "(415) 555-2804", "Morgan", "Hale", DOB, "");
        String token = linkOf(chat);
        StaffAgent guesser = anonymous();
        guesser.get("/p/" + token);
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(guesser.post("/p/" + token + "/verify", "dateOfBirth", "1990-01-0" + attempt).body())
                    .contains((5 - attempt) + (attempt == 4 ? " try left" : " tries left"));
        }
        var locked = guesser.post("/p/" + token + "/verify", "dateOfBirth", "1990-01-05");
        assertThat(locked.status()).isEqualTo(404);
        assertThat(locked.body()).contains("Ask the practice that sent it to resend your secure link.")
                .doesNotContain("Willow Health");
        StaffAgent patient = anonymous();
        assertThat(patient.get("/p/" + token).status()).as("locked, even for the right person").isEqualTo(404);
        assertThat(chat.staffPage()).contains("Link locked");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'PORTAL_LINK_LOCKED'")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);

        // A new message does not unlock: only staff's resend does.
        sendSecure(chat, "Another secure note.");
        assertThat(eventually(() -> textsWithLinks(chat.phone()).size(), count -> count > 1)).isEqualTo(1);

        assertThat(chat.org().admin().post(SecureChat.resendLink(chat.id())).redirectsTo(chat.path())).isTrue();
        String fresh = tokenIn(textedLink(chat, 1));
        assertThat(fresh).isNotEqualTo(token);
        assertThat(anonymous().get("/p/" + token).status()).as("the old link is void").isEqualTo(404);
        assertThat(patientWith(fresh, DOB).get("/p/conversation").body()).contains("Another secure note.");
        assertThat(jdbc.sql("select count(*) from secure_link where conversation_id = :id and voided_at is null")
                .param("id", chat.id()).query(Integer.class).single()).isEqualTo(1);
        clearAddressFailures();
    }

    @Test
    void aNewSecureMessageReplacesTheLinkAndItsOpenSession() {
        Org org = newOrganization("Birch Clinic");
        Chat chat = chat(org, "(415) 555-2805", "Casey", "Lin", DOB, "");
        String first = linkOf(chat);
        StaffAgent patient = patientWith(first, DOB);
        sendSecure(chat, "A second secure note.");
        String second = tokenIn(textedLink(chat, 1));
        assertThat(second).isNotEqualTo(first);
        assertThat(patient.get("/p/conversation").redirectsTo("/p/ended")).isTrue();
        assertThat(anonymous().get("/p/" + first).status()).isEqualTo(404);
        assertThat(patientWith(second, DOB).get("/p/conversation").body()).contains("A second secure note.");
    }

    @Test
    void aLinkForPatientANeverShowsConversationB() {
        Org org = newOrganization("Two Patients Clinic");
        Chat a = chat(org, "(415) 555-2806", "Alex", "Arden", DOB, "");
        Chat b = chat(org, "(415) 555-2807", "Blair", "Brook", "1970-12-01", "");
        sendSecure(a, "For Alex only.");
        String tokenA = tokenIn(textedLink(a, 0));
        sendSecure(b, "For Blair only.");
        String tokenB = tokenIn(textedLink(b, 0));

        StaffAgent alex = patientWith(tokenA, DOB);
        assertThat(alex.get("/p/conversation").body()).contains("For Alex only.").doesNotContain("For Blair only.");
        var other = alex.get("/p/" + tokenB);
        assertThat(other.status()).as("A's session does not open B's link").isEqualTo(200);
        assertThat(other.body()).contains("Date of birth").doesNotContain("For Blair only.", "For Alex only.");
        assertThat(alex.post("/p/" + tokenB + "/verify", "dateOfBirth", DOB).body())
                .as("A's date of birth does not open B's link").contains("4 tries left");
        assertThat(alex.get("/p/conversation").body()).contains("For Alex only.").doesNotContain("For Blair only.");
        alex.post("/p/conversation/replies", "body", "Reply from Alex");
        assertThat(jdbc.sql("select count(*) from message where conversation_id = :id and body = 'Reply from Alex'")
                .param("id", b.id()).query(Integer.class).single()).isZero();
        assertThat(b.staffPage()).doesNotContain("Reply from Alex", "Viewed ");
        clearAddressFailures();
    }

    @Test
    void withoutADateOfBirthOnFileAOneTimeCodeIsTextedHashedAndExpires() {
        Org org = newOrganization("Code Clinic");
        Chat chat = chat(org, "(415) 555-2808", "Sam", "Noor", "", "");
        String token = linkOf(chat);
        StaffAgent patient = anonymous();
        var identity = patient.get("/p/" + token).body();
        assertThat(identity).contains("Text me a code").doesNotContain("Date of birth", "Email me a code");

        var sent = patient.post("/p/" + token + "/code", "channel", "SMS");
        assertThat(sent.body()).contains("We texted you a 6-digit code", "6-digit code");
        String codeText = eventually(() -> jdbc.sql("select body from sandbox_sms where to_number = :phone and body like '%code:%'")
                .param("phone", chat.phone()).query(String.class).optional().orElse(""), body -> !body.isEmpty());
        Matcher digits = Pattern.compile("code: (\\d{6})\\.").matcher(codeText);
        assertThat(digits.find()).as(codeText).isTrue();
        String code = digits.group(1);
        assertThat(codeText).isEqualTo("Code Clinic code: " + code + ". It expires in 10 minutes.");
        assertThat(jdbc.sql("select code_sha256 from secure_link where conversation_id = :id and voided_at is null")
                .param("id", chat.id()).query(String.class).single()).hasSize(64).doesNotContain(code);

        jdbc.sql("update secure_link set code_expires_at = now() - interval '1 second' where conversation_id = :id")
                .param("id", chat.id()).update();
        assertThat(patient.post("/p/" + token + "/verify", "code", code).body()).contains("expired", "4 tries left");
        jdbc.sql("update secure_link set code_expires_at = now() + interval '10 minutes' where conversation_id = :id")
                .param("id", chat.id()).update();
        assertThat(patient.post("/p/" + token + "/verify", "code", code).redirectsTo("/p/conversation")).isTrue();
        assertThat(patient.get("/p/conversation").body()).contains("Your lab results are ready to read.");
        clearAddressFailures();
    }

    @Test
    void aVerifiedSessionEndsAfterThirtyMinutesIdle() {
        Org org = newOrganization("Idle Clinic");
        Chat chat = chat(org, "(415) 555-2809", "Drew", "Park", DOB, "");
        StaffAgent patient = patientWith(linkOf(chat), DOB);
        jdbc.sql("update portal_session set last_seen_at = now() - interval '29 minutes' where link_id in "
                + "(select id from secure_link where conversation_id = :id)").param("id", chat.id()).update();
        assertThat(patient.get("/p/conversation").status()).as("29 minutes idle: still on").isEqualTo(200);
        jdbc.sql("update portal_session set last_seen_at = now() - interval '31 minutes' where link_id in "
                + "(select id from secure_link where conversation_id = :id)").param("id", chat.id()).update();
        var ended = patient.get("/p/conversation");
        assertThat(ended.redirectsTo("/p/ended")).isTrue();
        assertThat(patient.follow(ended).body()).contains("Your secure session ended").doesNotContain("Your lab results");
        assertThat(anonymous().get("/p/conversation").redirectsTo("/p/ended")).isTrue();
    }

    @Test
    void staffTurnRepliesOffAndThePortalRefusesThem() {
        Org org = newOrganization("Quiet Clinic");
        Chat chat = chat(org, "(415) 555-2810", "Jamie", "Fox", DOB, "");
        StaffAgent patient = patientWith(linkOf(chat), DOB);
        assertThat(chat.staffPage()).contains("Patient replies in the portal: <strong>On</strong>");
        chat.org().admin().post(chat.path() + "/replies", "allowed", "false");
        assertThat(chat.staffPage()).contains("Patient replies in the portal: <strong>Off</strong>");
        assertThat(patient.get("/p/conversation").body()).contains("has turned off replies").doesNotContain("Your reply");
        var refused = patient.post("/p/conversation/replies", "body", "Can I still write?");
        assertThat(refused.body()).contains("turned off replies");
        assertThat(jdbc.sql("select count(*) from message where body = 'Can I still write?'").query(Integer.class).single())
                .isZero();
    }

    @Test
    void outsidersCannotResendLinksOrSwitchReplies() {
        Org org = newOrganization("Guarded Clinic");
        MessagingTests.withNumber(org, "720");
        Member sam = org.addMember("Sam Rivera");
        Chat chat = chat(org, "(720) 555-2811", "Kai", "Moss", DOB, "");
        String team = jdbc.sql("select team_id::text from conversation where id = :id").param("id", chat.id())
                .query(String.class).single();
        String resend = SecureChat.resendLink(chat.id());

        sam.agent().get("/inbox");
        assertThat(sam.agent().post(resend).status()).as("not on the team").isEqualTo(404);
        assertThat(sam.agent().post(chat.path() + "/replies", "allowed", "false").status()).isEqualTo(404);

        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        assertThat(sam.agent().post(resend).redirectsTo(chat.path())).as("a member may resend").isTrue();
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        assertThat(sam.agent().post(resend).status()).as("removed").isEqualTo(404);
        assertThat(sam.agent().post(chat.path() + "/replies", "allowed", "false").status()).isEqualTo(404);

        Org other = newOrganization("Prying Clinic");
        other.admin().get("/inbox");
        assertThat(other.admin().post(resend).status()).isEqualTo(404);
        assertThat(other.admin().post(chat.path() + "/replies", "allowed", "false").status()).isEqualTo(404);

        StaffAgent nobody = anonymous();
        nobody.get("/sign-in");
        assertThat(nobody.post(resend).redirectsTo("/sign-in")).isTrue();
        assertThat(nobody.post(chat.path() + "/replies", "allowed", "false").redirectsTo("/sign-in")).isTrue();

        assertThat(jdbc.sql("select count(*) from secure_link where conversation_id = :id").param("id", chat.id())
                .query(Integer.class).single()).as("only the member's resend made a link").isEqualTo(1);
        assertThat(jdbc.sql("select replies_allowed from conversation where id = :id").param("id", chat.id())
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aPortalSessionIsNoStaffSessionAndPortalFormsNeedTheirCsrfToken() {
        Org org = newOrganization("Boundary Clinic");
        Chat chat = chat(org, "(415) 555-2812", "Noa", "Reyes", DOB, "");
        StaffAgent patient = patientWith(linkOf(chat), DOB);
        assertThat(patient.get("/inbox").redirectsTo("/sign-in")).isTrue();
        assertThat(patient.get(chat.path()).redirectsTo("/sign-in")).isTrue();
        assertThat(patient.postWithoutCsrf("/p/conversation/replies", java.util.Map.of("body", "forged")).status())
                .isEqualTo(403);
        assertThat(org.admin().get("/p/conversation").redirectsTo("/p/ended")).as("a staff session opens no portal page")
                .isTrue();
    }

    @Test
    void checksFromOneAddressArePausedAfterTooManyFailures() {
        clearAddressFailures();
        Org org = newOrganization("Throttle Clinic");
        Chat chat = chat(org, "(415) 555-2813", "Remy", "Vale", DOB, "");
        String token = linkOf(chat);
        jdbc.sql("""
                insert into portal_failure (throttle_key, failed_at)
                select address, now() from generate_series(1, 20),
                    unnest(array['address:127.0.0.1', 'address:0:0:0:0:0:0:0:1']) as address""").update();
        try {
            StaffAgent patient = anonymous();
            patient.get("/p/" + token);
            var paused = patient.post("/p/" + token + "/verify", "dateOfBirth", DOB);
            assertThat(paused.status()).isEqualTo(429);
            assertThat(paused.body()).contains("Too many tries");
            assertThat(jdbc.sql("select failed_attempts from secure_link where conversation_id = :id and voided_at is null")
                    .param("id", chat.id()).query(Integer.class).single()).as("the link's own count is untouched").isZero();
        } finally {
            clearAddressFailures();
        }
        assertThat(patientWith(token, DOB).get("/p/conversation").status()).isEqualTo(200);
    }

    @Test
    void theGeneralTabSetsHowLongLinksLast() {
        Org org = newOrganization("Window Clinic");
        assertThat(org.admin().get("/settings/organization/general").body())
                .contains("Secure Chat links expire after (days)", "value=\"7\"");
        for (String bad : List.of("0", "91", "seven", "-3")) {
            var refused = org.admin().post("/settings/organization/general", "name", "Window Clinic",
                    "timeZone", "America/New_York", "street", "", "city", "", "state", "", "postalCode", "",
                    "secureLinkDays", bad);
            assertThat(refused.body()).as(bad).contains("Enter a number of days from 1 to 90.");
        }
        org.admin().post("/settings/organization/general", "name", "Window Clinic", "timeZone", "America/New_York",
                "street", "", "city", "", "state", "", "postalCode", "", "secureLinkDays", "2");
        Chat chat = chat(org, "(415) 555-2814", "Lee", "Ward", DOB, "");
        linkOf(chat);
        assertThat(jdbc.sql("select extract(epoch from expires_at - issued_at)::int from secure_link where conversation_id = :id")
                .param("id", chat.id()).query(Integer.class).single()).isEqualTo(2 * 24 * 3600);
    }
}
