package com.bloomtext.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.bloomtext.messaging.MessageQueued;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.messaging.internal.DeliveryNodes;
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
            conversations.add(bench.uuid(MessagingTests.chatWith(bench.signedIn(org.org()), "+1312555" + (4000 + n))));
        }
        List<MessageQueued> queued = new ArrayList<>();
        // The texts are queued by the in-process application's node, as a send would queue them (message.delivered_by,
        // V33). Not the freshest heartbeat: scenario 5's application process, stopped just before, may have written it,
        // and its texts would wait out the heartbeat timeout before this node claimed them.
        UUID node = DeliveryNodes.of(bench.context);
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < total; i++) {
            int n = i % numbers;
            var org = bench.numberOrgs.get(n);
            UUID id = UUID.randomUUID();
            UUID orgId = org.org().id();
            bench.jdbc().sql("""
                            insert into message (id, organization_id, conversation_id, direction, mode, author_user_id, body,
                                                 segments, state, from_number, to_number, created_at, updated_at, delivered_by)
                            values (:id, :org, :conversation, 'OUTBOUND', 'SMS', null, 'Your clinic has moved to 2 Elm St.',
                                    1, 'QUEUED', :from, :to, :at, :at, :node)""")
                    .param("id", id).param("org", orgId).param("conversation", conversations.get(n))
                    .param("from", org.number()).param("to", "+1312555" + (4000 + n)).param("at", now).param("node", node)
                    .update();
            queued.add(new MessageQueued(new OrgId(orgId), conversations.get(n), id));
        }
        // How many of the application's threads wait for a pool connection at once during the drain: what a
        // staff request arriving then queues behind (Hikari gives each waiter 30 s).
        var pool = bench.dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean();
        var mostWaiting = new java.util.concurrent.atomic.AtomicInteger();
        var sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                mostWaiting.accumulateAndGet(pool.getThreadsAwaitingConnection(), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        });
        // A staff member keeps opening the inbox during the drain: what the drain costs the people using the app.
        var staff = bench.signedIn(bench.numberOrgs.getFirst().org());
        org.HdrHistogram.Histogram inboxDuringDrain = Latencies.histogram();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                long began = System.nanoTime();
                staff.get("/inbox");
                inboxDuringDrain.recordValue(Math.max(1, (System.nanoTime() - began) / 1_000));
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
            }
        });
        long start = System.nanoTime();
        bench.transaction.executeWithoutResult(status -> queued.forEach(bench.events::publishEvent));
        long published = System.nanoTime();
        double limit = total / (numbers * PER_NUMBER_PER_SECOND);
        // Polled on a connection of its own: the application's pool is what is under test here. Only this
        // scenario's texts: the send scenario's pgbench ceiling leaves QUEUED rows nobody is told to deliver.
        long left;
        try (Connection connection = DriverManager.getConnection(bench.jdbcUrl(), "postgres", null);
                PreparedStatement queuedCount = connection.prepareStatement(
                        "select count(*) from message where state = 'QUEUED' and conversation_id = any(?)")) {
            queuedCount.setArray(1, connection.createArrayOf("uuid", conversations.toArray()));
            long deadline = System.nanoTime() + (long) ((limit * 3 + 60) * 1e9);
            do {
                Thread.sleep(50);
                try (ResultSet rs = queuedCount.executeQuery()) {
                    rs.next();
                    left = rs.getLong(1);
                }
            } while (left > 0 && System.nanoTime() < deadline);
        }
        // From the commit: the texts are queued (and their deliveries may start) once it is done. Registering
        // the publications in one transaction is the harness's set-up, reported beside it: the application
        // registers one per send request (scenario 1 measures that).
        double seconds = (System.nanoTime() - published) / 1e9;
        sampling.set(false);
        sampler.join();
        reader.join();
        Latencies inbox = Latencies.of(inboxDuringDrain, seconds);
        double over = seconds / limit - 1;

        Report report = bench.report;
        String states = "";
        try (Connection connection = DriverManager.getConnection(bench.jdbcUrl(), "postgres", null);
                PreparedStatement byState = connection.prepareStatement("select state || ': ' || count(*) from message "
                        + "where direction = 'OUTBOUND' and conversation_id = any(?) group by state order by 1")) {
            byState.setArray(1, connection.createArrayOf("uuid", conversations.toArray()));
            ResultSet rs = byState.executeQuery();
            while (rs.next()) {
                states += rs.getString(1) + "; ";
            }
        }
        report.section("6. Delivery pipeline: " + total + " queued SMS across " + numbers + " numbers at 10/s each");
        report.line("Queued (one transaction, %d events registered) in %.1f s; drained %.1f s after it committed. "
                + "The rate limit alone: %d / (%d x 10) = %.1f s.", total, (published - start) / 1e9, seconds, total,
                numbers, limit);
        report.line("This scenario's texts by state afterwards: %s.", states);
        report.line("At most %d threads waited for a connection of the application's pool (%d connections) at once "
                + "during the drain (sampled every millisecond). A staff member opening the inbox every 100 ms meanwhile: "
                + "%d pages, %s.", mostWaiting.get(), pool.getTotalConnections(), inbox.count(), inbox.summary());
        if (left > 0) {
            report.line("**%d texts were still QUEUED when the harness stopped waiting** (3x the rate limit + 60 s): "
                    + "see the application log for why.", left);
        }
        report.row("6. delivery pipeline, " + total + " SMS, " + numbers + " numbers x 10/s", "time to drain",
                left > 0 ? BloomTextBenchmarks.f("not drained: %d left after %.0f s", left, seconds)
                        : BloomTextBenchmarks.f("%.1f s", seconds), BloomTextBenchmarks.f("%.1f s (rate limit)", limit),
                BloomTextBenchmarks.f("%+.1f%%", 100 * over), "within 5%", left == 0 && Math.abs(over) <= 0.05);
    }
}
