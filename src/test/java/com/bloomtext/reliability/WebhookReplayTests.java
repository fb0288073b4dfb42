package com.bloomtext.reliability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.bloomtext.carrier.twilio.LocalTwilio;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio delivers webhooks at least once: every inbound text and every status callback arrives three
 * times, shuffled, four at a time. BloomText threads each text once and moves each message's state
 * forward only, whatever the order.
 */
class WebhookReplayTests extends IntegrationTest {

    private static final int TEXTS = 40;
    private static final int REPLAYS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void replayedWebhooksMakeNoDuplicatesAndNoStateRegressions() throws Exception {
        Org org = newOrganization("Replay Clinic");
        String ours = MessagingTests.withNumber(org, "503");
        String chat = MessagingTests.chatWith(org.admin(), "(503) 555-2601");
        UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));

        List<Map<String, String>> inbound = new ArrayList<>();
        List<Map<String, String>> statuses = new ArrayList<>();
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < TEXTS; i++) {
            inbound.add(Map.of("MessageSid", sid(), "AccountSid", LocalTwilio.ACCOUNT_SID, "From", "+1503555" + (2700 + i),
                    "To", ours, "Body", "Replay answer " + i, "NumMedia", "0"));
            String sid = sid();
            sids.add(sid);
            jdbc.sql("""
                            insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state,
                                                 carrier_message_id, created_at, updated_at)
                            values (:id, :org, :conversation, 'OUTBOUND', 'SMS', 'Replay reminder', 1, 'QUEUED', :sid, now(), now())""")
                    .param("id", UUID.randomUUID()).param("org", org.id()).param("conversation", conversation)
                    .param("sid", sid).update();
            for (String status : List.of("sent", "delivered")) {
                statuses.add(Map.of("MessageSid", sid, "MessageStatus", status, "AccountSid", LocalTwilio.ACCOUNT_SID));
            }
        }
        List<Runnable> deliveries = new ArrayList<>();
        for (int replay = 0; replay < REPLAYS; replay++) {
            inbound.forEach(params -> deliveries.add(() -> post("/webhooks/twilio/inbound", params)));
            statuses.forEach(params -> deliveries.add(() -> post("/webhooks/twilio/status", params)));
        }
        Collections.shuffle(deliveries, new Random(42));
        try (ExecutorService four = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = deliveries.stream().map(four::submit).collect(Collectors.toList());
            for (Future<?> delivery : running) {
                delivery.get();
            }
        }
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, deliveries.size());

        assertThat(MessagingTests.eventually(() -> jdbc.sql("select count(*) from message where organization_id = :org "
                        + "and direction = 'INBOUND' and body like 'Replay answer %'").param("org", org.id()).query(Integer.class).single(),
                count -> count >= TEXTS)).as("each text threaded once").isEqualTo(TEXTS);
        Thread.sleep(300);
        assertThat(jdbc.sql("select count(*) from message where organization_id = :org and direction = 'INBOUND'")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(TEXTS);
        Map<String, Integer> states = MessagingTests.eventually(() -> statesOf(sids),
                counted -> counted.getOrDefault("DELIVERED", 0) == TEXTS);
        assertThat(states).as("a late 'sent' never moves a delivered text back").containsExactly(Map.entry("DELIVERED", TEXTS));
    }

    private Map<String, Integer> statesOf(List<String> sids) {
        Map<String, Integer> counted = new LinkedHashMap<>();
        jdbc.sql("select state from message where carrier_message_id in (:sids)").param("sids", sids)
                .query(String.class).list().forEach(state -> counted.merge(state, 1, Integer::sum));
        return counted;
    }

    private void post(String path, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", LocalTwilio.sign(baseUrl() + path, params, TWILIO_AUTH_TOKEN))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 500) {
                ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
            }
            assertThat(status).as("%s answered", path).isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }
}
