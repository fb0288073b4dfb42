package com.bloomtext.messaging.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.carrier.SmsGateway;
import com.bloomtext.messaging.SecureChat.TextRoute;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.web.PublicBaseUrl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Texts that must not be stored: a secure link's notification and a one-time code carry a secret, so
 * their body lives only in memory until the carrier has it. Handed over after the caller's transaction
 * commits (nothing is texted for a change that rolled back), off the caller's thread, with a few retries
 * for carrier faults. A crash before the hand-over loses the text (a one-time code: the patient asks for
 * another). A secure link's notification is kept sealed by the portal until handed over
 * ({@link #handOver}), so that a crash does not lose it.
 */
@Component
public class PatientTexts {

    private static final Logger log = LoggerFactory.getLogger(PatientTexts.class);

    private final JdbcClient jdbc;
    private final PatientDirectory patients;
    private final TeamAccess teams;
    private final Consent consent;
    private final E164 platformNumber;
    private final SmsGateway gateway;
    private final TaskExecutor executor;
    private final PublicBaseUrl publicBaseUrl;
    private final int maxAttempts;
    private final Duration firstBackoff;

    PatientTexts(JdbcClient jdbc, PatientDirectory patients, TeamAccess teams, Consent consent,
            @Value("${bloomtext.messaging.notification-number:}") String platformNumber, SmsGateway gateway, @Qualifier("applicationTaskExecutor") TaskExecutor executor, PublicBaseUrl publicBaseUrl,
            @Value("${bloomtext.messaging.sms.max-attempts:5}") int maxAttempts,
            @Value("${bloomtext.messaging.sms.first-backoff:1s}") Duration firstBackoff) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.teams = teams;
        this.consent = consent;
        this.platformNumber = platformNumber.isBlank() ? null : new E164(platformNumber.strip());
        this.gateway = gateway;
        this.executor = executor;
        this.publicBaseUrl = publicBaseUrl;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    /**
     * Texts the conversation's patient from the team's active number, or the platform's notification
     * number when the conversation has none; false when there is no mobile number, nothing to send from,
     * or the patient opted out of texts from that number.
     */
    public boolean textPatient(OrgId org, UUID conversation, String text) {
        Optional<TextRoute> route = route(org, conversation);
        route.ifPresent(found -> sendAfterCommit(found.from(), found.to(), text));
        return route.isPresent();
    }

    /** From where to where a text to the conversation's patient goes; empty when it cannot go (see above). */
    public Optional<TextRoute> route(OrgId org, UUID conversation) {
        Optional<Target> target = jdbc.sql("select patient_id, team_id from conversation where organization_id = :org and id = :id")
                .param("org", org.value()).param("id", conversation)
                .query((rs, n) -> new Target(new PatientId(rs.getObject("patient_id", UUID.class)),
                        rs.getObject("team_id", UUID.class) == null ? null : new TeamId(rs.getObject("team_id", UUID.class))))
                .optional();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        E164 to = patients.get(org, target.get().patient()).map(PatientSummary::phone).orElse(null);
        E164 from = Optional.ofNullable(target.get().team()).flatMap(team -> teams.team(org, team))
                .filter(TeamRef::hasActiveNumber).map(TeamRef::activeNumber).orElse(platformNumber);
        if (to == null || from == null || consent.optedOut(from, to)) {
            return Optional.empty();
        }
        return Optional.of(new TextRoute(from, to));
    }

    /**
     * Hands a text to the carrier now, on the caller's thread, retrying carrier faults with backoff; the
     * carrier keeps one text per idempotency key, so handing the same one over again after a crash does
     * not text the patient twice. False when it could not be handed over.
     */
    public boolean handOver(String idempotencyKey, TextRoute route, String text) {
        return deliver(new OutboundSms(idempotencyKey, route.from(), route.to(), text, statusCallback()));
    }

    /** Where the carrier reports on a text: this carrier's status webhook. */
    private String statusCallback() {
        return publicBaseUrl.link("/webhooks/" + gateway.name() + "/status");
    }

    /** The platform's shared number for notifications, when one is configured. */
    public Optional<E164> platformNumber() {
        return Optional.ofNullable(platformNumber);
    }

    private void sendAfterCommit(E164 from, E164 to, String text) {
        // The link's host is resolved now, while the request (if any) is still there.
        String statusCallback = statusCallback();
        Runnable handOver = () -> executor.execute(() -> deliver(new OutboundSms(UUID.randomUUID().toString(), from, to,
                text, statusCallback)));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    handOver.run();
                }
            });
        } else {
            handOver.run();
        }
    }

    private record Target(PatientId patient, TeamId team) {
    }

    private boolean deliver(OutboundSms sms) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                gateway.send(sms);
                return true;
            } catch (CarrierException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    log.warn("A patient notification text failed after {} attempt(s)", attempt);
                    return false;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
