package com.bloomtext.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.bloomtext.messaging.MessageQueued;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.shared.OrgId;

/**
 * Scenario 6: 10,000 SMS queued at once across 20 numbers, each number allowed 10 texts a second
 * ({@code bloomtext.messaging.sms.messages-per-second}, set by the bench profile): the time until none
 * is queued, next to the rate limit's own 10,000 / (20 x 10) s.
 */
final class DrainScenario {

    static final double PER_NUMBER_PER_SECOND = 10;

    private final BloomTextBenchmarks bench;

    DrainScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        int total = bench.small ? 1_000 : 10_000;
        int numbers = bench.numberOrgs.size();
        List<UUID> conversations = new ArrayList<>();
        for (int n = 0; n < numbers; n++) {
            var org = bench.numberOrgs.get(n);
            conversations.add(bench.uuid(MessagingTests.chatWith(org.org().admin(), "+1312555" + (4000 + n))));
        }
        List<MessageQueued> queued = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < total; i++) {
            int n = i % numbers;
            var org = bench.numberOrgs.get(n);
            UUID id = UUID.randomUUID();
            UUID orgId = org.org().id();
            bench.jdbc().sql("""
                            insert into message (id, organization_id, conversation_id, direction, mode, author_user_id, body,
                                                 segments, state, from_number, to_number, created_at, updated_at)
                            values (:id, :org, :conversation, 'OUTBOUND', 'SMS', null, 'Your clinic has moved to 2 Elm St.',
                                    1, 'QUEUED', :from, :to, :at, :at)""")
                    .param("id", id).param("org", orgId).param("conversation", conversations.get(n))
                    .param("from", org.number()).param("to", "+1312555" + (4000 + n)).param("at", now).update();
            queued.add(new MessageQueued(new OrgId(orgId), conversations.get(n), id));
        }
        long start = System.nanoTime();
        bench.transaction.executeWithoutResult(status -> queued.forEach(bench.events::publishEvent));
        long published = System.nanoTime();
        MessagingTests.eventually(() -> bench.jdbc().sql("select count(*) from message where state = 'QUEUED'")
                .query(Long.class).single(), left -> left == 0, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        double limit = total / (numbers * PER_NUMBER_PER_SECOND);
        double over = seconds / limit - 1;

        Report report = bench.report;
        report.section("6. Delivery pipeline: " + total + " queued SMS across " + numbers + " numbers at 10/s each");
        report.line("Queued (one transaction, %d events registered) in %.1f s; drained %.1f s after the commit began. "
                + "The rate limit alone: %d / (%d x 10) = %.1f s.", total, (published - start) / 1e9, seconds, total,
                numbers, limit);
        report.row("6. delivery pipeline, " + total + " SMS, " + numbers + " numbers x 10/s", "time to drain",
                BloomTextBenchmarks.f("%.1f s", seconds), BloomTextBenchmarks.f("%.1f s (rate limit)", limit),
                BloomTextBenchmarks.f("%+.1f%%", 100 * over), "within 5%", Math.abs(over) <= 0.05);
    }
}
