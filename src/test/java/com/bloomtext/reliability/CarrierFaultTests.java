package com.bloomtext.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.bloomtext.carrier.twilio.LocalTwilio;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.CarrierUnderTest;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The carrier misbehaves for a while (500s, answers after BloomText gave up, dropped connections) while
 * staff send: every text ends delivered or failed with a reason staff can read, none is left queued (no
 * delivery stuck), and none reaches the carrier twice. Runs in the build's Twilio JVM, where the app's
 * carrier is the Twilio adapter aimed at {@link LocalTwilio} with a 1 s timeout.
 */
@EnabledIfSystemProperty(named = CarrierUnderTest.PROPERTY, matches = "twilio")
class CarrierFaultTests extends IntegrationTest {

    private static final int TEXTS = 60;

    @Test
    void everyTextEndsDeliveredOrFailedWithAReasonWhileTheCarrierMisbehaves() {
        LocalTwilio twilio = (LocalTwilio) CarrierUnderTest.handset();
        Org org = newOrganization("Faulty Carrier Clinic");
        MessagingTests.withNumber(org, "628");
        String chat = MessagingTests.chatWith(org.admin(), "+16285552691");
        int requestsBefore = twilio.sendRequests();

        twilio.misbehave(45, Duration.ofMillis(1_500), LocalTwilio.Fault.SERVER_ERROR, LocalTwilio.Fault.TIMEOUT,
                LocalTwilio.Fault.CONNECTION_RESET);
        for (int i = 0; i < TEXTS; i++) {
            var sent = org.admin().post(chat + "/messages", "mode", "SMS", "body", "Parking note " + i + ": use level 2.");
            assertThat(sent.status()).as("text %d: %s", i, sent.body().replaceAll("(?s).*<main", "<main")
                    .replaceAll("(?s)</main>.*", "")).isEqualTo(302);
        }

        Map<String, Integer> states = MessagingTests.eventually(() -> statesOf(org),
                counted -> !counted.containsKey("QUEUED") && counted.values().stream().mapToInt(Integer::intValue).sum() == TEXTS,
                Duration.ofMinutes(3));
        assertThat(states).as("no text is left queued").doesNotContainKey("QUEUED");
        List<String> reasons = jdbc.sql("select failure_reason from message where organization_id = :org and state = 'FAILED'")
                .param("org", org.id()).query(String.class).list();
        assertThat(reasons).allSatisfy(reason -> assertThat(reason).isNotBlank().doesNotContain("Exception"));
        java.util.Set<String> carried = twilio.idempotencyKeys();
        List<String> sent = jdbc.sql("select id::text from message where organization_id = :org and direction = 'OUTBOUND' "
                + "and state in ('SENT', 'DELIVERED')").param("org", org.id()).query(String.class).list();
        assertThat(carried).as("every text shown as sent reached the carrier").containsAll(sent);
        List<String> failed = jdbc.sql("select id::text from message where organization_id = :org and state = 'FAILED'")
                .param("org", org.id()).query(String.class).list();
        long failedYetTaken = failed.stream().filter(carried::contains).count();
        int requests = twilio.sendRequests() - requestsBefore;
        ReliabilitySummary.add(ReliabilitySummary.FAULTS_INJECTED, twilio.faultsInjected());
        ReliabilitySummary.add(ReliabilitySummary.MESSAGES_SENT, TEXTS);
        System.out.printf("Carrier faults: %d texts, %d faults injected, %d send requests, %d sent or delivered, "
                + "%d failed with a reason (%d of them taken by the carrier after BloomText's timeout)%n",
                TEXTS, twilio.faultsInjected(), requests, sent.size(), failed.size(), failedYetTaken);
    }

    private Map<String, Integer> statesOf(Org org) {
        Map<String, Integer> counted = new java.util.TreeMap<>();
        jdbc.sql("select state, count(*) from message where organization_id = :org and direction = 'OUTBOUND' group by state")
                .param("org", org.id())
                .query(rs -> {
                    counted.put(rs.getString(1), rs.getInt(2));
                });
        return counted;
    }
}
