package com.bloomtext.messaging.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.bloomtext.billing.SmsUsage;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.carrier.SentSms;
import com.bloomtext.carrier.SmsGateway;
import com.bloomtext.messaging.MessageQueued;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.web.PublicBaseUrl;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Carrier faults, retries and crash safety of the SMS delivery. */
class SmsDeliveryTests extends IntegrationTest {

    @Autowired
    SmsUsage usage;

    @Autowired
    PublicBaseUrl publicBaseUrl;

    @Autowired
    Clock clock;

    @Autowired
    DeliveryNode node;

    @Autowired
    SmsDelivery outbox;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    /** A gateway that fails the first {@code failures} sends, retryably or not. */
    static final class FlakyGateway implements SmsGateway {

        final AtomicInteger calls = new AtomicInteger();
        final int failures;
        final boolean retryable;

        FlakyGateway(int failures, boolean retryable) {
            this.failures = failures;
            this.retryable = retryable;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public boolean sandbox() {
            return true;
        }

        @Override
        public SentSms send(OutboundSms sms) {
            if (calls.incrementAndGet() <= failures) {
                throw new CarrierException(retryable ? "The carrier is having trouble right now." : "Invalid phone number.",
                        null, retryable);
            }
            return new SentSms("FLAKY" + calls.get() + sms.idempotencyKey());
        }
    }

    record Queued(Org org, UUID message) {
    }

    Queued queuedMessage(String name, String areaCode) {
        Org org = newOrganization(name);
        MessagingTests.withNumber(org, areaCode);
        String chat = MessagingTests.chatWith(org.admin(), "(" + areaCode + ") 555-2680");
        UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
        String from = jdbc.sql("select number from phone_number where organization_id = :org").param("org", org.id())
                .query(String.class).single();
        UUID message = UUID.randomUUID();
        jdbc.sql("""
                        insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state,
                                             from_number, to_number, created_at, updated_at, delivered_by)
                        values (:id, :org, :conversation, 'OUTBOUND', 'SMS', 'Parking is on level 2.', 1, 'QUEUED',
                                :from, :to, now(), now(), :node)""")
                .param("id", message).param("node", node.id()).param("org", org.id()).param("conversation", conversation)
                .param("from", from).param("to", "+1" + areaCode + "5552680").update();
        return new Queued(org, message);
    }

    SmsDelivery delivery(SmsGateway gateway, int maxAttempts) {
        return new SmsDelivery(jdbc, gateway, usage, publicBaseUrl, clock, meters, events, node,
                Duration.ofMinutes(1), 1000, maxAttempts,
                Duration.ofMillis(5), 4);
    }

    String state(UUID message) {
        return jdbc.sql("select state || coalesce(' ' || failure_reason, '') from message where id = :id")
                .param("id", message).query(String.class).single();
    }

    @Test
    void carrierFaultsAreRetriedWithBackoffUntilTheCarrierTakesTheText() throws Exception {
        Queued queued = queuedMessage("Flaky Carrier Clinic", "512");
        FlakyGateway gateway = new FlakyGateway(2, true);
        delivery(gateway, 5).deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        assertThat(gateway.calls).hasValue(3);
        assertThat(state(queued.message())).isEqualTo("SENT");
        assertThat(meters.counter("bloomtext.sms.carrier.faults", "carrier", "flaky", "retryable", "true").count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.find("bloomtext.sms.carrier.latency").tag("carrier", "flaky").timer().count()).isPositive();
        assertThat(usage.segmentsThisMonth(new OrgId(queued.org().id()))).isEqualTo(1);
    }

    @Test
    void deliveryReportsMoveTheStateForwardOnly() throws Exception {
        Queued queued = queuedMessage("Receipt Order Clinic", "425");
        SmsDelivery delivery = delivery(new FlakyGateway(0, true), 5);
        delivery.deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        String carrierId = jdbc.sql("select carrier_message_id from message where id = :id").param("id", queued.message())
                .query(String.class).single();
        delivery.statusReported(new DeliveryStatusReported("flaky", carrierId, "queued", null));
        assertThat(state(queued.message())).as("a report that says nothing new").isEqualTo("SENT");
        delivery.statusReported(new DeliveryStatusReported("flaky", carrierId, "delivered", null));
        assertThat(state(queued.message())).isEqualTo("DELIVERED");
        delivery.statusReported(new DeliveryStatusReported("flaky", carrierId, "sent", null));
        delivery.statusReported(new DeliveryStatusReported("flaky", carrierId, "undelivered", "The phone is off."));
        assertThat(state(queued.message())).as("late and contradicting reports after a final state").isEqualTo("DELIVERED");
        delivery.statusReported(new DeliveryStatusReported("flaky", "FLAKY-unknown", "delivered", null));

        Queued failing = queuedMessage("Receipt Failure Clinic", "253");
        delivery.deliver(new MessageQueued(new OrgId(failing.org().id()), UUID.randomUUID(), failing.message()));
        String failingId = jdbc.sql("select carrier_message_id from message where id = :id").param("id", failing.message())
                .query(String.class).single();
        delivery.statusReported(new DeliveryStatusReported("flaky", failingId, "undelivered", "The phone is off."));
        assertThat(state(failing.message())).isEqualTo("UNDELIVERED The phone is off.");
    }

    @Test
    void aReportIsAppliedInTheTransactionThatRecordsItAndNotWhenThatRollsBack() throws Exception {
        Queued queued = queuedMessage("Receipt Transaction Clinic", "971");
        delivery(new FlakyGateway(0, true), 5)
                .deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        String carrierId = jdbc.sql("select carrier_message_id from message where id = :id").param("id", queued.message())
                .query(String.class).single();
        transactions.executeWithoutResult(status -> {
            events.publishEvent(new DeliveryStatusReported("flaky", carrierId, "delivered", null));
            assertThat(state(queued.message())).as("moved inside the report's transaction").isEqualTo("DELIVERED");
            status.setRollbackOnly();
        });
        assertThat(state(queued.message())).as("a report whose transaction failed moved nothing").isEqualTo("SENT");
        transactions.executeWithoutResult(status -> events.publishEvent(
                new DeliveryStatusReported("flaky", carrierId, "delivered", null)));
        assertThat(state(queued.message())).isEqualTo("DELIVERED");
    }

    /**
     * A carrier that reports on a text before its answer reaches the delivery (so before the id is stored): these
     * statuses, each with its reason (or null), in this order.
     */
    static final class ReportsAtOnce implements SmsGateway {

        SmsDelivery delivery;
        private final String[][] statuses;

        ReportsAtOnce(String[]... statusesAndReasons) {
            this.statuses = statusesAndReasons;
        }

        @Override
        public String name() {
            return "instant";
        }

        @Override
        public boolean sandbox() {
            return true;
        }

        @Override
        public SentSms send(OutboundSms sms) {
            String carrierId = "INSTANT" + sms.idempotencyKey();
            for (String[] status : statuses) {
                delivery.statusReported(new DeliveryStatusReported("instant", carrierId, status[0], status[1]));
            }
            return new SentSms(carrierId);
        }
    }

    @Test
    void aReportThatComesBeforeTheCarriersIdIsStoredIsAppliedOnceItIs() throws Exception {
        Queued queued = queuedMessage("Instant Receipt Clinic", "509");
        ReportsAtOnce answersAtOnce = new ReportsAtOnce(new String[] {"sent", null}, new String[] {"delivered", null});
        answersAtOnce.delivery = delivery(answersAtOnce, 5);
        answersAtOnce.delivery.deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        assertThat(state(queued.message())).isEqualTo("DELIVERED");
        assertThat(usage.segmentsThisMonth(new OrgId(queued.org().id()))).as("counted once").isEqualTo(1);
    }

    @Test
    void anEarlyFailureReportMovesTheTextWithItsReasonWhenTheIdIsStored() throws Exception {
        Queued queued = queuedMessage("Instant Failure Clinic", "510");
        // A late "delivered" moves nothing: the state is final.
        ReportsAtOnce failsAtOnce = new ReportsAtOnce(new String[] {"undelivered", "The phone is switched off."},
                new String[] {"delivered", null});
        failsAtOnce.delivery = delivery(failsAtOnce, 5);
        double failedBefore = failedCount("instant");
        failsAtOnce.delivery.deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        assertThat(state(queued.message())).isEqualTo("UNDELIVERED The phone is switched off.");
        assertThat(usage.segmentsThisMonth(new OrgId(queued.org().id()))).as("handed over, so counted").isEqualTo(1);
        assertThat(failedCount("instant") - failedBefore).as("counted as a failed delivery once").isEqualTo(1);
    }

    double failedCount(String carrier) {
        return meters.find("bloomtext.sms.failed").tag("carrier", carrier).tag("stage", "delivery").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void aRefusalThatRetryingCannotFixFailsAtOnceWithTheReason() throws Exception {
        Queued queued = queuedMessage("Refused Carrier Clinic", "214");
        FlakyGateway gateway = new FlakyGateway(1, false);
        delivery(gateway, 5).deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        assertThat(gateway.calls).hasValue(1);
        assertThat(state(queued.message())).isEqualTo("FAILED Invalid phone number.");
    }

    @Test
    void whenRetriesRunOutTheMessageFailsWithTheCarriersReason() throws Exception {
        Queued queued = queuedMessage("Down Carrier Clinic", "713");
        FlakyGateway gateway = new FlakyGateway(10, true);
        delivery(gateway, 3).deliver(new MessageQueued(new OrgId(queued.org().id()), UUID.randomUUID(), queued.message()));
        assertThat(gateway.calls).hasValue(3);
        assertThat(state(queued.message())).isEqualTo("FAILED The carrier is having trouble right now.");
        assertThat(usage.segmentsThisMonth(new OrgId(queued.org().id()))).isZero();
    }

    @Test
    void aDeliveryInterruptedByACrashIsTakenOverFromTheStoppedNodeAndTheCarrierGetsTheTextOnce() {
        Org org = newOrganization("Crash Clinic");
        MessagingTests.withNumber(org, "801");
        String chat = MessagingTests.chatWith(org.admin(), "(801) 555-2681");
        org.admin().post(chat + "/messages", "mode", "SMS", "body", "Bring your insurance card, please.");
        UUID message = jdbc.sql("select id from message where body = 'Bring your insurance card, please.'")
                .query(UUID.class).single();
        MessagingTests.eventually(() -> state(message), "DELIVERED"::equals);
        assertThat(jdbc.sql("select count(*) from event_publication where serialized_event like :id")
                .param("id", "%" + message + "%").query(Integer.class).single())
                .as("the QUEUED row is the outbox: no event publication per text").isZero();
        assertThat(jdbc.sql("select delivered_by from message where id = :id").param("id", message).query(UUID.class)
                .optional()).as("a text that left QUEUED belongs to no node").isEmpty();

        // The node that queued it stopped after the commit, before the carrier got it: its heartbeat is old.
        UUID stopped = UUID.randomUUID();
        jdbc.sql("insert into delivery_node (id, seen_at) values (:id, now() - interval '2 minutes')").param("id", stopped)
                .update();
        jdbc.sql("update message set state = 'QUEUED', carrier_message_id = null, delivered_by = :node where id = :id")
                .param("node", stopped).param("id", message).update();
        jdbc.sql("delete from sandbox_sms where idempotency_key = :key").param("key", message.toString()).update();

        outbox.sweep();
        assertThat(MessagingTests.eventually(() -> state(message), "DELIVERED"::equals)).isEqualTo("DELIVERED");
        outbox.sweep();
        assertThat(jdbc.sql("select count(*) from sandbox_sms where idempotency_key = :key").param("key", message.toString())
                .query(Integer.class).single()).as("the carrier received it exactly once").isEqualTo(1);
    }

    @Test
    void aTextQueuedByANodeThatIsStillAtWorkIsNotTakenOver() {
        Queued queued = queuedMessage("Busy Node Clinic", "802");
        UUID busy = UUID.randomUUID();
        jdbc.sql("insert into delivery_node (id, seen_at) values (:id, now())").param("id", busy).update();
        jdbc.sql("update message set delivered_by = :node where id = :id").param("node", busy)
                .param("id", queued.message()).update();

        outbox.sweep();

        assertThat(jdbc.sql("select delivered_by from message where id = :id").param("id", queued.message())
                .query(UUID.class).single()).isEqualTo(busy);
        assertThat(state(queued.message())).isEqualTo("QUEUED");
        jdbc.sql("delete from message where id = :id").param("id", queued.message()).update();
    }

    @Test
    void aTextQueuedBeforeTheOutboxHadNodesIsTakenOver() {
        Queued queued = queuedMessage("Legacy Queue Clinic", "803");
        // What V33 gives the texts queued before it: a node that never beats.
        jdbc.sql("update message set delivered_by = '00000000-0000-0000-0000-000000000000' where id = :id")
                .param("id", queued.message()).update();

        outbox.sweep();

        assertThat(MessagingTests.eventually(() -> state(queued.message()), "DELIVERED"::equals)).isEqualTo("DELIVERED");
    }
}
