package com.bloomtext.messaging.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import com.bloomtext.billing.SmsUsage;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.carrier.SentSms;
import com.bloomtext.carrier.SmsGateway;
import com.bloomtext.messaging.ConversationChanged;
import com.bloomtext.messaging.MessageQueued;
import com.bloomtext.messaging.rules.DeliveryState;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.Failures;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.web.PublicBaseUrl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Hands queued SMS to the carrier after commit, at most the configured rate per sending number, retrying
 * carrier faults with exponential backoff, then failing with the reason. Delivery reports move states
 * forward only, applied in the transaction that records them.
 *
 * <p>The QUEUED message row is the outbox: the insert that queues a text names the node that delivers it
 * ({@code message.delivered_by}, {@link DeliveryNode}), and this node's delivery starts once the sending
 * transaction has committed: a staff send hands the text over directly ({@link #queued(MessageQueued, Queued)},
 * without reading the row back), other senders publish {@link MessageQueued}. No event publication is stored per text (until 2026-11-27 this
 * was a listener the Modulith registry tracked: one insert, a processing update and a delete per text). What a
 * crash interrupts is found again by {@link #sweep()}: every node writes a heartbeat ({@code delivery_node}) and
 * claims the queued texts of nodes whose heartbeat stopped; a node started again under the same id (the same host
 * and port) resumes its own texts at once. The carrier is given the message id as idempotency key.
 *
 * <p>Each queued text is its own (virtual) thread, so a burst of thousands is thousands of deliveries
 * waiting at once. Waiting is cheap; what is not is all of them asking the connection pool at the same
 * moment (Hikari gives up after 30 s). Their database steps therefore take turns through a small fair
 * semaphore ({@code bloomtext.messaging.sms.database-concurrency}, well under the pool size, so that
 * staff requests always find a connection); the rate wait, the backoff and the carrier call happen
 * outside it.
 */
@Component
class SmsDelivery {

    private static final Logger log = LoggerFactory.getLogger(SmsDelivery.class);
    private static final Duration DATABASE_PATIENCE = Duration.ofMinutes(5);
    static final String UNEXPECTED_FAULT = "The text could not be handed to the carrier. Try sending it again.";

    private final JdbcClient jdbc;
    private final SmsGateway gateway;
    private final SmsUsage usage;
    private final PublicBaseUrl publicBaseUrl;
    private final Clock clock;
    private final Duration interval;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final Semaphore databaseTurns;
    private final DeliveryNode node;
    private final Duration nodeTimeout;
    /** When this node's heartbeat was last written (System.nanoTime()). */
    private volatile long lastBeat = System.nanoTime() - Duration.ofDays(1).toNanos();
    /** Texts whose delivery runs on this node now (waiting for their slot included). */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    /** Whether this node's own texts from before its start were started again ({@link #resumeOwn()}). */
    private volatile boolean resumed;
    /** This node's texts whose delivery stopped on an error: started again at the next sweep. */
    private final Queue<MessageQueued> stranded = new ConcurrentLinkedQueue<>();
    /** Reports kept for as long as a delivery keeps trying to store the carrier's id ({@link #DATABASE_PATIENCE}). */
    private final EarlyReports earlyReports = new EarlyReports(DATABASE_PATIENCE, Duration.ofSeconds(10), 50_000);
    /**
     * Where the carrier reports on a text, built once: a delivery runs outside any request, so the link is always
     * {@code bloomtext.public-base-url} or the local port (looked up in the environment per text before, a sixth of
     * a delivery's CPU).
     */
    private final Supplier<String> statusCallback;
    private final Timer carrierLatency;
    private final Counter sentCounter;

    SmsDelivery(JdbcClient jdbc, SmsGateway gateway, SmsUsage usage, PublicBaseUrl publicBaseUrl, Clock clock,
            MeterRegistry meters, ApplicationEventPublisher events, DeliveryNode node,
            @Value("${bloomtext.messaging.sms.node-timeout:1m}") Duration nodeTimeout,
            @Value("${bloomtext.messaging.sms.messages-per-second:1}") double messagesPerSecond,
            @Value("${bloomtext.messaging.sms.max-attempts:5}") int maxAttempts,
            @Value("${bloomtext.messaging.sms.first-backoff:1s}") Duration firstBackoff,
            @Value("${bloomtext.messaging.sms.database-concurrency:4}") int databaseConcurrency) {
        this.jdbc = jdbc;
        this.gateway = gateway;
        this.usage = usage;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
        this.interval = Duration.ofNanos((long) (1_000_000_000L / messagesPerSecond));
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.meters = meters;
        this.events = events;
        this.databaseTurns = new Semaphore(Math.max(1, databaseConcurrency), true);
        this.node = node;
        this.nodeTimeout = nodeTimeout;
        this.statusCallback = SingletonSupplier.of(() -> publicBaseUrl.link("/webhooks/" + gateway.name() + "/status"));
        this.carrierLatency = Timer.builder("bloomtext.sms.carrier.latency").tag("carrier", gateway.name()).register(meters);
        this.sentCounter = meters.counter("bloomtext.sms.sent", "carrier", gateway.name());
    }

    /**
     * A text was queued in the publisher's transaction: its delivery starts once that commits (a text that is
     * rolled back is never handed over). Not a tracked listener: the row itself is what survives a crash.
     */
    @EventListener
    void queued(MessageQueued event) {
        queued(event, null);
    }

    /**
     * A text a request of this node has just queued ({@link Messages}), with what its delivery needs: as
     * {@link #queued(MessageQueued)}, but once the transaction has committed the delivery starts from these values
     * instead of reading the row back. The row is then QUEUED and this node's for as long as this node's heartbeat is
     * fresh (no other node may claim it before the heartbeat is a whole {@code node-timeout} old, and nothing but its
     * delivery moves a queued text), which {@link #deliver(MessageQueued, Queued, long)} checks as it would after a
     * read. With a stale heartbeat, without a transaction, or with {@code text} null the delivery reads the row.
     */
    void queued(MessageQueued event, Queued text) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    hand(event, text);
                }
            });
        } else {
            hand(event, null);
        }
    }

    /** Starts the text's delivery on this node, unless it is already under way here. */
    private void hand(MessageQueued event) {
        hand(event, null);
    }

    /** As {@link #hand(MessageQueued)}; {@code committed} is the text as its just committed row holds it, or null. */
    private void hand(MessageQueued event, Queued committed) {
        if (!inFlight.add(event.message())) {
            return;
        }
        long committedAt = System.nanoTime();
        try {
            Thread.ofVirtual().name("sms-delivery").start(() -> {
                boolean finished = false;
                try {
                    if (committed != null && committedAt - lastBeat < nodeTimeout.toNanos() / 4) {
                        deliver(event, committed, committedAt);
                    } else {
                        deliver(event);
                    }
                    finished = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.error("The delivery of SMS {} stopped; it is tried again at the next sweep: {}", event.message(),
                            Failures.describe(e));
                } finally {
                    inFlight.remove(event.message());
                    if (!finished) {
                        stranded.add(event);
                    }
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            // Not thrown on: after commit the sender's text is accepted whatever happens here.
            inFlight.remove(event.message());
            stranded.add(event);
            log.error("The delivery of SMS {} could not start; it is tried again at the next sweep: {}", event.message(),
                    e.getClass().getName());
        }
    }

    /**
     * At start: this node's own queued texts, which a former run of the same node (the same {@link DeliveryNode}
     * id) accepted and did not finish, are started again at once. A text that a request of this run queued meanwhile
     * is already under way and is left to that delivery. Run by the first {@link #sweep()}, and by every later one
     * until it has succeeded (the database may be away at start).
     */
    private void resumeOwn() {
        try {
            List<MessageQueued> own = jdbc.sql("""
                            select organization_id, conversation_id, id from message
                            where delivered_by = :me and state = 'QUEUED' and mode = 'SMS'""")
                    .param("me", node.id())
                    .query(SmsDelivery::queuedText)
                    .list();
            if (!own.isEmpty()) {
                log.info("Resuming {} queued SMS this node had accepted before it started", own.size());
            }
            own.forEach(this::hand);
            resumed = true;
        } catch (RuntimeException e) {
            log.warn("Could not resume this node's queued SMS: {}", Failures.describe(e));
        }
    }

    /**
     * The outbox's safety net, at start and then every {@code bloomtext.messaging.sms.sweep-every}: writes this
     * node's heartbeat, claims the queued texts of nodes whose heartbeat is older than
     * {@code bloomtext.messaging.sms.node-timeout} (a crash; or texts queued before V33), and starts
     * them together with this node's own deliveries that stopped on an error. A text claimed twice at once is
     * claimed by one node only (the claim is one UPDATE); a text whose delivery already finished is left alone
     * (each delivery reads its text as QUEUED and still this node's first).
     */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${bloomtext.messaging.sms.sweep-every:10s}",
            initialDelayString = "${bloomtext.messaging.sms.sweep-every:10s}")
    void sweep() {
        if (!resumed) {
            resumeOwn();
        }
        try {
            jdbc.sql("insert into delivery_node (id, seen_at) values (:id, now()) "
                            + "on conflict (id) do update set seen_at = excluded.seen_at")
                    .param("id", node.id()).update();
            lastBeat = System.nanoTime();
            List<MessageQueued> claimed = jdbc.sql("""
                            update message m set delivered_by = :me
                            where m.delivered_by is not null and m.delivered_by <> :me
                              and m.delivered_by not in (
                                  select n.id from delivery_node n where n.seen_at > now() - make_interval(secs => :timeout))
                              and m.state = 'QUEUED' and m.mode = 'SMS'
                            returning m.organization_id, m.conversation_id, m.id""")
                    .param("me", node.id()).param("timeout", nodeTimeout.toMillis() / 1000.0)
                    .query(SmsDelivery::queuedText)
                    .list();
            if (!claimed.isEmpty()) {
                log.info("Took over {} queued SMS from stopped application nodes", claimed.size());
            }
            jdbc.sql("delete from delivery_node where seen_at < now() - interval '1 day'").update();
            claimed.forEach(this::hand);
            for (MessageQueued again; (again = stranded.poll()) != null; ) {
                hand(again);
            }
        } catch (RuntimeException e) {
            log.warn("Could not sweep the SMS outbox: {}", Failures.describe(e));
        }
    }

    /** A queued text's organization, conversation and id, in that order of columns. */
    private static MessageQueued queuedText(ResultSet rs, int row) throws SQLException {
        return new MessageQueued(new OrgId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class));
    }

    /** Not in a transaction: waiting for the rate limit or a backoff holds no database connection. */
    void deliver(MessageQueued event) throws InterruptedException {
        Optional<Queued> found = persistently(() -> queued(event.message()));
        if (found.isEmpty()) {
            return;
        }
        deliver(event, found.get(), System.nanoTime());
    }

    /**
     * The delivery of a text known to be QUEUED and this node's at {@code readAt} ({@link System#nanoTime()}): read
     * then, or committed then by this node's request.
     */
    private void deliver(MessageQueued event, Queued message, long readAt) throws InterruptedException {
        boolean beating = readAt - lastBeat < nodeTimeout.toNanos() / 4;
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            boolean waited = waitForSlot(message.from());
            // After a long wait, read again: another node may have claimed the text meanwhile (it took this one for
            // stopped). Not after a short one while this node's heartbeat is fresh: its heartbeat was then never
            // older than half the node timeout since the read, so no node can have claimed the text.
            boolean claimable = !beating || System.nanoTime() - readAt >= nodeTimeout.toNanos() / 4;
            if (attempt == 1 && waited && claimable && persistently(() -> queued(event.message())).isEmpty()) {
                return;
            }
            SentSms sent;
            try {
                long started = System.nanoTime();
                sent = gateway.send(new OutboundSms(event.message().toString(), message.from(), message.to(),
                        message.body(), statusCallback.get()));
                carrierLatency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (RuntimeException unexpected) {
                // An adapter's own defect must not leave the text queued with nobody retrying it.
                CarrierException e = unexpected instanceof CarrierException carrier ? carrier
                        : new CarrierException(UNEXPECTED_FAULT, null, true);
                if (e != unexpected) {
                    log.error("The {} adapter failed unexpectedly sending SMS {}: {}", gateway.name(), event.message(),
                            unexpected.getClass().getName());
                }
                meters.counter("bloomtext.sms.carrier.faults", "carrier", gateway.name(),
                        "retryable", String.valueOf(e.retryable())).increment();
                if (!e.retryable() || attempt >= maxAttempts) {
                    log.warn("SMS {} failed after {} attempt(s)", event.message(), attempt);
                    meters.counter("bloomtext.sms.failed", "carrier", gateway.name(), "stage", "send").increment();
                    int failed = persistently(() -> jdbc.sql("update message set state = 'FAILED', failure_reason = :reason, "
                                    + "updated_at = :at, delivered_by = null where id = :id and state = 'QUEUED'")
                            .param("reason", e.getMessage()).param("at", Timestamp.from(clock.instant()))
                            .param("id", event.message()).update());
                    if (failed == 1) {
                        deliveryChanged(event.organization(), event.conversation());
                    }
                    return;
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
                continue;
            }
            sentCounter.increment();
            // The carrier has the text: its SID must be stored even if the database is away for a while. The state
            // and the month's usage move together, in one statement (billing's SmsUsage counts the segments only if
            // this update moved the row), so neither is counted without the other: one round trip, where a
            // transaction of its own took three (BEGIN with the update, the count, COMMIT). A report the carrier sent
            // before this could store its id (instant receipts: kept in earlyReports) moves the text in the same
            // update, straight to the state it reports: one update and one live change instead of two each. Reports
            // that come while this stores the id are kept without trying the database (where they would find no text
            // yet), and applied once it is stored.
            List<DeliveryStatusReported> early = earlyReports.storing(sent.carrierMessageId());
            Outcome outcome = Outcome.of(early);
            int moved = 0;
            try {
                Map<String, Object> change = Map.of("state", outcome.state().name(),
                        "reason", new SqlParameterValue(Types.VARCHAR, outcome.reason()),
                        "carrierId", sent.carrierMessageId(), "at", Timestamp.from(clock.instant()),
                        "id", event.message(), "org", event.organization().value());
                moved = persistently(() -> usage.recordSegmentsSentIfChanged(STORE_CARRIER_ID, change,
                        message.organization(), Math.max(1, message.segments())));
                if (moved == 1) {
                    deliveryChanged(event.organization(), event.conversation());
                }
            } finally {
                if (moved != 1) {
                    earlyReports.notStored(sent.carrierMessageId());
                }
            }
            if (moved == 1) {
                if (outcome.report() != null) {
                    countFailed(outcome.report(), outcome.state());
                }
                for (DeliveryStatusReported later : earlyReports.stored(sent.carrierMessageId())) {
                    if (early.stream().noneMatch(folded -> folded == later)) {
                        statusReported(later);
                    }
                }
            }
            return;
        }
    }

    /** A text the carrier has taken: its state (SENT, or what a report folded in says) and the carrier's id. */
    private static final String STORE_CARRIER_ID = """
            update message set state = :state, failure_reason = :reason, carrier_message_id = :carrierId,
                               updated_at = :at, delivered_by = null
            where id = :id and organization_id = :org and state = 'QUEUED'
            returning id""";

    /**
     * What a text the carrier has just taken becomes when the reports that came before its id was stored are applied
     * in order, each only if it moves the state forward ({@link #statusReported}): SENT when none does; the report
     * that moved it last, if any.
     */
    private record Outcome(DeliveryState state, String reason, DeliveryStatusReported report) {

        static Outcome of(List<DeliveryStatusReported> early) {
            Outcome outcome = new Outcome(DeliveryState.SENT, null, null);
            for (DeliveryStatusReported report : early) {
                DeliveryState reported = DeliveryState.ofCarrierStatus(report.status()).orElse(null);
                if (reported != null && outcome.state().canMoveTo(reported)) {
                    outcome = new Outcome(reported, reported == DeliveryState.DELIVERED ? null : report.reason(), report);
                }
            }
            return outcome;
        }
    }

    private Optional<Queued> queued(UUID message) {
        return jdbc.sql("select organization_id, from_number, to_number, body, segments from message "
                        + "where id = :id and state = 'QUEUED' and mode = 'SMS' and delivered_by = :me")
                .param("id", message).param("me", node.id())
                .query((rs, n) -> new Queued(new OrgId(rs.getObject("organization_id", UUID.class)),
                        new E164(rs.getString("from_number")), new E164(rs.getString("to_number")), rs.getString("body"),
                        rs.getInt("segments")))
                .optional();
    }

    /**
     * Runs a database step of a delivery again while the database is unreachable (restarting, failing
     * over), for up to {@link #DATABASE_PATIENCE}: a text the carrier took must not be forgotten because
     * PostgreSQL blinked. Other failures are not retried. The step runs in a database turn; the pause
     * between tries holds none.
     */
    private <T> T persistently(java.util.function.Supplier<T> step) throws InterruptedException {
        long deadline = System.nanoTime() + DATABASE_PATIENCE.toNanos();
        long pause = 100;
        while (true) {
            databaseTurns.acquire();
            try {
                return step.get();
            } catch (org.springframework.dao.DataAccessResourceFailureException
                    | org.springframework.dao.TransientDataAccessException
                    | org.springframework.dao.RecoverableDataAccessException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("Database unavailable during an SMS delivery; trying again in {} ms: {}", pause,
                        Failures.describe(e));
            } finally {
                databaseTurns.release();
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 5_000);
        }
    }

    /**
     * A carrier's report, applied in the transaction that records it (the status webhook's, the SMPP receipt's, the
     * sandbox's): the carrier is answered only once the state has moved, and a report whose transaction fails is
     * sent again by the carrier, as before, when it was stored as an event publication for a listener of its own.
     * A report that comes before the delivery stored the carrier's id for the text (a carrier that answers at once)
     * is kept for a while on this node and applied as soon as the id is stored.
     */
    @EventListener
    void statusReported(DeliveryStatusReported report) {
        DeliveryState reported = DeliveryState.ofCarrierStatus(report.status()).orElse(null);
        if (reported == null) {
            return;
        }
        List<String> movesFrom = DeliveryState.before(reported).stream().map(DeliveryState::name).toList();
        if (movesFrom.isEmpty()) {
            return;
        }
        if (earlyReports.keepIfStoring(report)) {
            // A delivery of this node is storing the carrier's id right now: it applies the report once it has.
            return;
        }
        long attempted = System.nanoTime();
        if (!moved(report, reported, movesFrom) && earlyReports.keepUnlessStored(report, attempted)) {
            // The delivery stored the carrier's id between the attempt and now.
            moved(report, reported, movesFrom);
        }
    }

    /** Moves the text the report names, if the report moves it forward; false when no text has the carrier's id. */
    private boolean moved(DeliveryStatusReported report, DeliveryState reported, List<String> movesFrom) {
        // One statement: the row moves only from a state the report moves forward (never a Secure Chat or
        // received message's), and a concurrent report waits for this one's row lock, then sees its state.
        Optional<Tracked> tracked = jdbc.sql("update message set state = :state, failure_reason = :reason, updated_at = :at "
                        + "where carrier_message_id = :id and state in (:from) returning organization_id, conversation_id")
                .param("state", reported.name())
                .param("reason", reported == DeliveryState.DELIVERED ? null : report.reason())
                .param("at", Timestamp.from(clock.instant()))
                .param("id", report.carrierMessageId())
                .param("from", movesFrom)
                .query((rs, n) -> new Tracked(new OrgId(rs.getObject("organization_id", UUID.class)),
                        rs.getObject("conversation_id", UUID.class)))
                .optional();
        tracked.ifPresent(moved -> {
            deliveryChanged(moved.organization(), moved.conversation());
            countFailed(report, reported);
        });
        return tracked.isPresent();
    }

    private void countFailed(DeliveryStatusReported report, DeliveryState reported) {
        if (reported == DeliveryState.FAILED || reported == DeliveryState.UNDELIVERED) {
            // Reasons are staff sentences without PHI, a small fixed set per carrier: fit for a tag.
            meters.counter("bloomtext.sms.failed", "carrier", report.carrier(), "stage", "delivery",
                    "reason", report.reason() == null ? "unknown" : report.reason()).increment();
        }
    }

    /** At most one text per interval from a number, across this node's deliveries; true when it had to wait. */
    private boolean waitForSlot(E164 from) throws InterruptedException {
        long now = System.nanoTime();
        long[] mine = new long[1];
        nextSlot.compute(from.value(), (number, next) -> {
            long slot = next == null || next < now ? now : next;
            mine[0] = slot;
            return slot + interval.toNanos();
        });
        long wait = mine[0] - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return true;
        }
        return false;
    }

    private void deliveryChanged(OrgId organization, UUID conversation) {
        events.publishEvent(new ConversationChanged(organization, conversation, ConversationChanged.Kind.DELIVERY_CHANGED));
    }

    private record Tracked(OrgId organization, UUID conversation) {
    }

    /** What a delivery needs of a queued text (its body stays in memory only while its delivery runs). */
    record Queued(OrgId organization, E164 from, E164 to, String body, int segments) {
    }
}
