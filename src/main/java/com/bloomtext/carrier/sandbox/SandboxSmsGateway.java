package com.bloomtext.carrier.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.InboundTexts;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.carrier.SandboxPhone;
import com.bloomtext.carrier.SentSms;
import com.bloomtext.carrier.SmsGateway;
import com.bloomtext.shared.E164;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox carrier's SMS desk: keeps every text it is asked to send (once per idempotency key),
 * reports delivery after a configurable delay (or failure, at a configurable rate), and lets the
 * sandbox patient phone answer through the same inbound path as a carrier webhook.
 */
@Component
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "sandbox", matchIfMissing = true)
public class SandboxSmsGateway implements SmsGateway, SandboxPhone {

    private final JdbcClient jdbc;
    private final InboundTexts inbound;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration deliveryDelay;
    private final double failureRate;
    private final ScheduledExecutorService receipts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("sandbox-receipts").factory());

    SandboxSmsGateway(JdbcClient jdbc, InboundTexts inbound, ApplicationEventPublisher events,
            Clock clock,
            @Value("${bloomtext.carrier.sandbox.delivery-delay:1s}") Duration deliveryDelay,
            @Value("${bloomtext.carrier.sandbox.failure-rate:0}") double failureRate) {
        this.jdbc = jdbc;
        this.inbound = inbound;
        this.events = events;
        this.clock = clock;
        this.deliveryDelay = deliveryDelay;
        this.failureRate = failureRate;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public boolean sandbox() {
        return true;
    }

    @Override
    public SentSms send(OutboundSms sms) {
        String carrierId = "SBSM" + UUID.randomUUID().toString().replace("-", "");
        // The text kept once per idempotency key: this one's id, or (a retried send) the one kept before.
        String kept = jdbc.sql("""
                        insert into sandbox_sms (id, carrier_id, idempotency_key, direction, from_number, to_number, body, created_at)
                        values (:id, :carrierId, :key, 'TO_PATIENT', :from, :to, :body, :at)
                        on conflict (idempotency_key) do nothing returning carrier_id""")
                .param("id", UUID.randomUUID())
                .param("carrierId", carrierId)
                .param("key", sms.idempotencyKey())
                .param("from", sms.from().value())
                .param("to", sms.to().value())
                .param("body", sms.body())
                .param("at", Timestamp.from(clock.instant()))
                .query(String.class).optional()
                .orElseGet(() -> jdbc.sql("select carrier_id from sandbox_sms where idempotency_key = :key")
                        .param("key", sms.idempotencyKey()).query(String.class).single());
        boolean fails = failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
        DeliveryStatusReported receipt = fails
                ? new DeliveryStatusReported(name(), kept, "undelivered", "The sandbox carrier could not reach the phone.")
                : new DeliveryStatusReported(name(), kept, "delivered", null);
        // Published outside a transaction: applying a report is one statement (SmsDelivery.statusReported), which
        // commits on its own; a transaction around it only added a BEGIN and a COMMIT to each report.
        receipts.schedule(() -> events.publishEvent(receipt), deliveryDelay.toMillis(), TimeUnit.MILLISECONDS);
        return new SentSms(kept);
    }

    @Override
    public List<PhoneText> conversation(E164 phone, List<E164> ourNumbers) {
        if (ourNumbers.isEmpty()) {
            return List.of();
        }
        String[] ours = ourNumbers.stream().map(E164::value).toArray(String[]::new);
        return jdbc.sql("""
                        select direction, from_number, to_number, body, created_at from sandbox_sms
                        where (to_number = :phone and from_number = any(:ours)) or (from_number = :phone and to_number = any(:ours))
                        order by created_at, id""")
                .param("phone", phone.value())
                .param("ours", ours)
                .query((rs, n) -> new PhoneText("FROM_PATIENT".equals(rs.getString("direction")),
                        new E164(rs.getString("from_number")), new E164(rs.getString("to_number")), rs.getString("body"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @Override
    public void reply(E164 from, E164 to, String body) {
        String carrierId = "SBSM" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("""
                        insert into sandbox_sms (id, carrier_id, direction, from_number, to_number, body, created_at)
                        values (:id, :carrierId, 'FROM_PATIENT', :from, :to, :body, :at)""")
                .param("id", UUID.randomUUID())
                .param("carrierId", carrierId)
                .param("from", from.value())
                .param("to", to.value())
                .param("body", body)
                .param("at", Timestamp.from(clock.instant()))
                .update();
        inbound.receive(name(), carrierId, from, to, body);
    }

    @PreDestroy
    void stop() {
        receipts.shutdownNow();
    }
}
