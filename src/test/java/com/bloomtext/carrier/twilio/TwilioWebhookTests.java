package com.bloomtext.carrier.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's webhooks as Twilio sends them: form posts signed with HMAC-SHA1 over the URL it called and
 * the sorted parameters (the algorithm of X-Twilio-Signature, computed here independently of the SDK
 * that verifies it).
 */
class TwilioWebhookTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    static String sign(String url, Map<String, String> params, String token) {
        return LocalTwilio.sign(url, params, token);
    }

    HttpResponse<String> post(String path, Map<String, String> params, String signature) throws Exception {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> signedPost(String path, Map<String, String> params) throws Exception {
        return post(path, params, sign(baseUrl() + path, params, TWILIO_AUTH_TOKEN));
    }

    Map<String, String> inbound(String sid, String from, String to, String body) {
        Map<String, String> params = new TreeMap<>();
        params.put("MessageSid", sid);
        params.put("AccountSid", "AC00000000000000000000000000000000");
        params.put("From", from);
        params.put("To", to);
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("FromCity", "SAN FRANCISCO");
        return params;
    }

    @Test
    void aSignedInboundTextIsAcknowledgedWithTwimlAndThreadedOnceHoweverOftenItIsSent() throws Exception {
        Org org = newOrganization("Twilio Inbound Clinic");
        String ours = MessagingTests.withNumber(org, "646");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = inbound(sid, "+16465552691", ours, "Running ten minutes late");

        for (int delivery = 0; delivery < 3; delivery++) {
            var answer = signedPost("/webhooks/twilio/inbound", params);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
            assertThat(answer.body()).contains("<Response/>");
        }
        assertThat(MessagingTests.eventually(() -> jdbc.sql("select count(*) from message where body = 'Running ten minutes late'")
                .query(Integer.class).single(), count -> count > 0)).isEqualTo(1);
        assertThat(org.admin().get("/inbox").body()).contains("Unknown patient · (646) 555-2691");
    }

    @Test
    void mmsMediaAreRecordedWithTheText() throws Exception {
        Org org = newOrganization("Twilio MMS Clinic");
        String ours = MessagingTests.withNumber(org, "917");
        String sid = "MM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = inbound(sid, "+19175552695", ours, "Photo of my rash");
        params.put("NumMedia", "2");
        params.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/" + sid + "/Media/ME1");
        params.put("MediaContentType0", "image/jpeg");
        params.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/" + sid + "/Media/ME2");
        params.put("MediaContentType1", "application/pdf");
        assertThat(signedPost("/webhooks/twilio/inbound", params).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select string_agg(content_type, ',' order by position) from inbound_sms_media m "
                        + "join inbound_sms i on i.id = m.inbound_id where i.carrier_message_id = :sid")
                .param("sid", sid).query(String.class).single()).isEqualTo("image/jpeg,application/pdf");
    }

    @Test
    void aNumberInAMessagingServiceIsVerifiedTheSameWay() throws Exception {
        Org org = newOrganization("Messaging Service Clinic");
        String ours = MessagingTests.withNumber(org, "347");
        Map<String, String> params = inbound("SM" + UUID.randomUUID().toString().replace("-", ""), "+13475552692", ours,
                "Hello from a service number");
        params.put("MessagingServiceSid", "MG00000000000000000000000000000000");
        assertThat(signedPost("/webhooks/twilio/inbound", params).statusCode()).isEqualTo(200);
    }

    @Test
    void aForgedOrUnsignedWebhookIsRejectedCountedAndChangesNothing() throws Exception {
        double before = meters.counter("bloomtext.webhooks.rejected", "carrier", "twilio", "reason", "signature").count();
        Map<String, String> params = inbound("SM" + UUID.randomUUID().toString().replace("-", ""), "+16465552693",
                "+16465550100", "Forged text");
        assertThat(post("/webhooks/twilio/inbound", params, sign(baseUrl() + "/webhooks/twilio/inbound", params, "wrong-token"))
                .statusCode()).isEqualTo(403);
        assertThat(post("/webhooks/twilio/inbound", params, null).statusCode()).isEqualTo(403);
        assertThat(post("/webhooks/twilio/inbound", params,
                sign("https://proxy.example.org/webhooks/twilio/inbound", params, TWILIO_AUTH_TOKEN)).statusCode())
                .as("signed for another URL than the one configured").isEqualTo(403);
        assertThat(post("/webhooks/twilio/status", Map.of("MessageSid", "SMx", "MessageStatus", "delivered"),
                sign(baseUrl() + "/webhooks/twilio/status", Map.of("MessageSid", "SMx", "MessageStatus", "failed"), TWILIO_AUTH_TOKEN))
                .statusCode()).as("a parameter changed after signing").isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from inbound_sms where body = 'Forged text'").query(Integer.class).single()).isZero();
        assertThat(meters.counter("bloomtext.webhooks.rejected", "carrier", "twilio", "reason", "signature").count())
                .isEqualTo(before + 4);
    }

    @Test
    void statusCallbacksMoveStatesForwardOnlyWithTheReasonForStaff() throws Exception {
        Org org = newOrganization("Twilio Status Clinic");
        MessagingTests.withNumber(org, "206");
        String chat = MessagingTests.chatWith(org.admin(), "(206) 555-2694");
        UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
        String delivered = "SM" + UUID.randomUUID().toString().replace("-", "");
        String failed = "SM" + UUID.randomUUID().toString().replace("-", "");
        for (String sid : new String[] {delivered, failed}) {
            jdbc.sql("""
                            insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state,
                                                 carrier_message_id, created_at, updated_at)
                            values (:id, :org, :conversation, 'OUTBOUND', 'SMS', 'Directions: exit 4B', 1, 'SENT', :sid, now(), now())""")
                    .param("id", UUID.randomUUID()).param("org", org.id()).param("conversation", conversation)
                    .param("sid", sid).update();
        }
        signedPost("/webhooks/twilio/status", Map.of("MessageSid", delivered, "MessageStatus", "delivered"));
        signedPost("/webhooks/twilio/status", Map.of("MessageSid", failed, "MessageStatus", "undelivered", "ErrorCode", "30006"));
        assertThat(MessagingTests.eventually(() -> state(delivered), "DELIVERED"::equals)).isEqualTo("DELIVERED");
        assertThat(MessagingTests.eventually(() -> state(failed), s -> s.startsWith("UNDELIVERED")))
                .isEqualTo("UNDELIVERED The patient's number is a landline or can't receive texts.");

        signedPost("/webhooks/twilio/status", Map.of("MessageSid", delivered, "MessageStatus", "sent"));
        Thread.sleep(300);
        assertThat(state(delivered)).as("a late 'sent' after 'delivered'").isEqualTo("DELIVERED");
    }

    String state(String sid) {
        return jdbc.sql("select state || coalesce(' ' || failure_reason, '') from message where carrier_message_id = :sid")
                .param("sid", sid).query(String.class).single();
    }
}
