package com.bloomtext.security.input;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import com.bloomtext.carrier.twilio.LocalTwilio;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.reliability.ReliabilitySummary;
import com.bloomtext.testing.IntegrationTest;

import net.jqwik.api.sessions.JqwikSession;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's inbound and status callbacks, correctly signed with the webhook token, with arbitrary field
 * values, fields missing, unknown statuses and media counts: never a 5xx; a refusal (4xx) stores nothing; an
 * accepted one is 2xx. Driven like {@link FormInputPropertiesTests} (jqwik arbitraries, seeded, in the suite's
 * one Spring context).
 */
class TwilioWebhookPropertiesTests extends IntegrationTest {

    static final int TRIES = 60;

    @Test
    void signedCallbacksWithArbitraryFieldsNeverFailTheServerNorStoreHalfAMessage() throws Exception {
        Org org = newOrganization("Webhook Input Clinic");
        String ours = MessagingTests.withNumber(org, "646");
        UUID orgId = org.id();
        String chat = MessagingTests.chatWith(org.admin(), "(646) 555-2691");
        org.admin().post(chat + "/messages", "mode", "SMS", "body", "Your appointment is tomorrow.");
        List<String> sids = jdbc.sql("select coalesce(carrier_message_id, '') from message where organization_id = :org")
                .param("org", orgId).query(String.class).list();
        long seed = Long.getLong("bloomtext.input.seed", System.nanoTime());
        HostileInput input = new HostileInput(seed);
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        JqwikSession.start();
        try {
            for (int i = 0; i < TRIES; i++) {
                Map<String, String> inbound = new TreeMap<>();
                put(inbound, input, "MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
                put(inbound, input, "AccountSid", "AC00000000000000000000000000000000");
                put(inbound, input, "From", input.oneOf(List.of("+16465552691", "+16465552692", "(646) 555-2693")));
                put(inbound, input, "To", ours);
                put(inbound, input, "Body", "Running late");
                put(inbound, input, "NumMedia", "0");
                if (input.chance(0.2)) {
                    inbound.put("MediaUrl0", input.value());
                    inbound.put("MediaContentType0", input.value());
                }
                check("/webhooks/twilio/inbound", inbound, orgId, wrong);
                Map<String, String> status = new TreeMap<>();
                put(status, input, "MessageSid", sids.isEmpty() ? "SMnone" : input.oneOf(sids));
                put(status, input, "MessageStatus", input.oneOf(List.of("queued", "sent", "delivered", "undelivered", "failed",
                        "read", "accepted", "canceled", "DELIVERED", "bogus")));
                put(status, input, "ErrorCode", "30006");
                check("/webhooks/twilio/status", status, orgId, wrong);
                tried += 2;
            }
        } finally {
            JqwikSession.finish();
        }
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, tried);
        FormInputPropertiesTests.report("twilio", wrong);
        assertThat(wrong).as("signed Twilio callbacks answered wrongly (seed %d)", seed).isEmpty();
    }

    /** The field as it falls: its usual value, a hostile one, or missing. */
    private static void put(Map<String, String> params, HostileInput input, String name, String usual) {
        if (input.chance(0.1)) {
            return;
        }
        params.put(name, input.chance(0.5) ? usual : input.value());
    }

    private void check(String path, Map<String, String> params, UUID org, List<String> wrong) throws Exception {
        String before = state(path);
        HttpResponse<String> answer = post(path, params);
        String after = state(path);
        if (answer.statusCode() >= 500) {
            ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
            wrong.add(path + " " + FormInputPropertiesTests.describe(path, List.copyOf(params.entrySet())) + ": answered "
                    + answer.statusCode());
        } else if (answer.statusCode() >= 400 && !before.equals(after)) {
            wrong.add(path + " " + FormInputPropertiesTests.describe(path, List.copyOf(params.entrySet()))
                    + ": refused yet stored something");
        }
    }

    /**
     * The inbound texts stored (synchronously, before threading), which a refused callback leaves alone. A
     * status callback's own writes race with the sandbox's delivery events, so only its status code is checked.
     */
    private String state(String path) {
        return path.endsWith("/inbound") ? jdbc.sql("select count(*)::text from inbound_sms").query(String.class).single() : "";
    }

    private HttpResponse<String> post(String path, Map<String, String> params) throws Exception {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        // Signed over the values as they arrive (a lone surrogate is sent as "?").
        Map<String, String> arrived = new TreeMap<>();
        params.forEach((name, value) -> arrived.put(name, new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", LocalTwilio.sign(baseUrl() + path, arrived, TWILIO_AUTH_TOKEN))
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
