package com.bloomtext.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

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
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.web.PublicBaseUrl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands queued SMS to the carrier after commit, at most the configured rate per sending number, retrying
 * carrier faults with exponential backoff, then failing with the reason. A listener the event
 * publication registry tracks: one interrupted by a crash runs again on restart, and the carrier is
 * given the message id as idempotency key. Delivery reports move states forward only, applied in the
 * transaction that records them.
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
    private final TransactionTemplate transactions;
    /** Reports kept for as long as a delivery keeps trying to store the carrier's id ({@link #DATABASE_PATIENCE}). */
    private final EarlyReports earlyReports = new EarlyReports(DATABASE_PATIENCE, Duration.ofSeconds(10), 50_000);

    SmsDelivery(JdbcClient jdbc, SmsGateway gateway, SmsUsage usage, PublicBaseUrl publicBaseUrl, Clock clock,
            MeterRegistry meters, ApplicationEventPublisher events, TransactionTemplate transactions,
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
        this.transactions = transactions;
    }

    /** Not in a transaction: waiting for the rate limit or a backoff holds no database connection. */
    @Async
    @TransactionalEventListener
    void deliver(MessageQueued event) throws InterruptedException {
        Optional<Queued> found = persistently(() -> queued(event.message()));
        if (found.isEmpty()) {
            return;
        }
        Queued message = found.get();
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            boolean waited = waitForSlot(message.from());
            // After a wait, read again: another delivery of the same publication (resubmitted) may have got there
            // first. Without one, the read above is a moment old and says the same.
            if (attempt == 1 && waited && persistently(() -> queued(event.message())).isEmpty()) {
                return;
            }
            SentSms sent;
            try {
                long started = System.nanoTime();
                sent = gateway.send(new OutboundSms(event.message().toString(), message.from(), message.to(),
                        message.body(), publicBaseUrl.link("/webhooks/" + gateway.name() + "/status")));
                Timer.builder("bloomtext.sms.carrier.latency").tag("carrier", gateway.name()).register(meters)
                        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
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
                                    + "updated_at = :at where id = :id and state = 'QUEUED'")
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
            meters.counter("bloomtext.sms.sent", "carrier", gateway.name()).increment();
            // The carrier has the text: its SID must be stored even if the database is away for a while. The state
            // and the month's usage move together, in one transaction (one commit), so neither is counted without
            // the other.
            int moved = persistently(() -> transactions.execute(status -> {
                int stored = jdbc.sql("update message set state = 'SENT', carrier_message_id = :carrierId, "
                                + "updated_at = :at where id = :id and state = 'QUEUED'")
                        .param("carrierId", sent.carrierMessageId()).param("at", Timestamp.from(clock.instant()))
                        .param("id", event.message()).update();
                if (stored == 1) {
                    usage.recordSegmentsSent(message.organization(), Math.max(1, message.segments()));
                    deliveryChanged(event.organization(), event.conversation());
                }
                return stored;
            }));
            if (moved == 1) {
                earlyReports.stored(sent.carrierMessageId()).forEach(this::statusReported);
            }
            return;
        }
    }

    private Optional<Queued> queued(UUID message) {
        return jdbc.sql("select organization_id, from_number, to_number, body, segments from message "
                        + "where id = :id and state = 'QUEUED' and mode = 'SMS'")
                .param("id", message)
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
                        com.bloomtext.shared.Failures.describe(e));
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
            if (reported == DeliveryState.FAILED || reported == DeliveryState.UNDELIVERED) {
                // Reasons are staff sentences without PHI, a small fixed set per carrier: fit for a tag.
                meters.counter("bloomtext.sms.failed", "carrier", report.carrier(), "stage", "delivery",
                        "reason", report.reason() == null ? "unknown" : report.reason()).increment();
            }
        });
        return tracked.isPresent();
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

    private record Queued(OrgId organization, E164 from, E164 to, String body, int segments) {
    }
}
