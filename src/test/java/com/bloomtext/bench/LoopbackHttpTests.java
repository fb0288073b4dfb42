package com.bloomtext.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.carrier.twilio.LocalTwilio;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's blocking HTTP client against the running application: a signed-in staff member's pages and a
 * CSRF-protected send on one kept-alive connection, a sign-in whose rotated session cookie the client follows, and
 * Twilio's signed webhook. The harness measures with this client, so it must be right about the application.
 */
class LoopbackHttpTests extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void aSignedInStaffMembersPagesAndACsrfProtectedSendGoOverOneKeptAliveConnection() throws Exception {
        Org org = newOrganization("Loopback Clinic");
        MessagingTests.withNumber(org, "415");
        String path = MessagingTests.chatWith(org.admin(), "+14155550171");
        try (LoopbackHttp http = LoopbackHttp.signedInAs(baseUrl(), org.admin())) {
            var inbox = http.get("/inbox");
            assertThat(inbox.status()).isEqualTo(200);
            assertThat(inbox.text()).contains(path).contains("</html>");

            var sent = http.post(path + "/messages", LoopbackHttp.Body.DISCARD, "mode", "SMS", "body", "Loopback hello 1");
            assertThat(sent.redirectsTo(path)).as("%s", sent).isTrue();

            var conversation = http.get(path);
            assertThat(conversation.status()).isEqualTo(200);
            assertThat(conversation.text()).contains("Loopback hello 1");
            assertThat(conversation.bodyBytes()).isEqualTo(conversation.body().length);

            var dropped = http.get(path, LoopbackHttp.Body.DISCARD);
            assertThat(dropped.status()).isEqualTo(200);
            assertThat(dropped.body()).isNull();
            assertThat(dropped.bodyBytes()).isGreaterThan(1000);

            assertThat(http.exchanges()).isEqualTo(4);
            assertThat(http.connections()).isEqualTo(1);
        }
        assertThat(jdbc.sql("select count(*) from message where body = 'Loopback hello 1'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void theSameSendWithoutTheCsrfTokenIsRefusedAndWritesNothing() throws Exception {
        Org org = newOrganization("Loopback Forgery Clinic");
        MessagingTests.withNumber(org, "646");
        String path = MessagingTests.chatWith(org.admin(), "+16465550172");
        try (LoopbackHttp http = LoopbackHttp.signedInAs(baseUrl(), org.admin())) {
            var forged = http.postForm(path + "/messages", "mode=SMS&body=Forged+hello", Map.of(), LoopbackHttp.Body.KEEP);
            assertThat(forged.status()).isEqualTo(403);
            var honest = http.post(path + "/messages", LoopbackHttp.Body.DISCARD, "mode", "SMS", "body", "Honest hello");
            assertThat(honest.redirectsTo(path)).as("%s", honest).isTrue();
        }
        assertThat(jdbc.sql("select count(*) from message where body = 'Forged hello'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from message where body = 'Honest hello'").query(Long.class).single()).isOne();
    }

    @Test
    void anAnonymousClientIsSentToSignInAndFollowsItsRotatedSessionCookieOnceSignedIn() throws Exception {
        Org org = newOrganization("Loopback Sign-in Clinic");
        try (LoopbackHttp http = new LoopbackHttp(baseUrl()).header("X-Forwarded-For", "198.51.100.71")) {
            assertThat(http.get("/inbox", LoopbackHttp.Body.DISCARD).redirectsTo("/sign-in")).isTrue();
            var form = http.get("/sign-in");
            String before = http.cookies().get("BLOOMTEXT_SESSION");
            assertThat(before).as("the sign-in page starts a session").isNotNull();
            Matcher token = CSRF.matcher(form.text());
            assertThat(token.find()).isTrue();

            var signedIn = http.postForm("/sign-in", "email=" + LoopbackHttp.encode(org.adminEmail()) + "&password="
                    + LoopbackHttp.encode(PASSWORD) + "&_csrf=" + LoopbackHttp.encode(token.group(1)), Map.of(),
                    LoopbackHttp.Body.DISCARD);
            assertThat(signedIn.redirectsTo("/inbox")).as("%s", signedIn).isTrue();
            String after = http.cookies().get("BLOOMTEXT_SESSION");
            assertThat(after).as("the session id changes at sign-in").isNotNull().isNotEqualTo(before);

            assertThat(http.get("/inbox", LoopbackHttp.Body.DISCARD).status()).isEqualTo(200);
        }
    }

    @Test
    void pagesGoOnAcrossTheServersKeepAliveLimitOnANewConnection() throws Exception {
        Org org = newOrganization("Loopback Keep-alive Clinic");
        try (LoopbackHttp http = LoopbackHttp.signedInAs(baseUrl(), org.admin())) {
            for (int i = 0; i < 120; i++) {
                assertThat(http.get("/inbox", LoopbackHttp.Body.DISCARD).status()).as("request %d", i).isEqualTo(200);
            }
            // Tomcat closes a kept-alive connection after 100 requests (Connection: close): one reconnect at most.
            assertThat(http.connections()).isBetween(1L, 2L);
        }
    }

    @Test
    void aTwilioSignedWebhookIsAcceptedAndAWronglySignedOneRefused() throws Exception {
        Org org = newOrganization("Loopback Webhook Clinic");
        String ours = MessagingTests.withNumber(org, "312");
        String path = "/webhooks/twilio/inbound";
        Map<String, String> params = new TreeMap<>();
        params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("AccountSid", LocalTwilio.ACCOUNT_SID);
        params.put("From", "+13125550173");
        params.put("To", ours);
        params.put("Body", "Loopback webhook hello");
        params.put("NumMedia", "0");
        StringBuilder form = new StringBuilder();
        params.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&").append(LoopbackHttp.encode(name)).append('=')
                .append(LoopbackHttp.encode(value)));
        try (LoopbackHttp http = new LoopbackHttp(baseUrl())) {
            var forged = http.postForm(path, form.toString(),
                    Map.of("X-Twilio-Signature", LocalTwilio.sign(baseUrl() + path, params, "not-the-token")),
                    LoopbackHttp.Body.DISCARD);
            assertThat(forged.status()).isEqualTo(403);
            var signed = http.postForm(path, form.toString(),
                    Map.of("X-Twilio-Signature", LocalTwilio.sign(baseUrl() + path, params, TWILIO_AUTH_TOKEN)),
                    LoopbackHttp.Body.KEEP);
            assertThat(signed.status()).isEqualTo(200);
            assertThat(signed.text()).contains("<Response");
        }
        assertThat(MessagingTests.eventually(() -> jdbc.sql("select count(*) from message where body = 'Loopback webhook hello'")
                .query(Long.class).single(), n -> n == 1)).isOne();
    }
}
