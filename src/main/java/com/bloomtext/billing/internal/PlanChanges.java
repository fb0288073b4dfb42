package com.bloomtext.billing.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.billing.PlanChanged;
import com.bloomtext.shared.OrgId;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one path by which a plan changes, whichever checkout took the payment: fulfil a paid checkout
 * session once, or end a subscription. Both are idempotent.
 */
@Service
public class PlanChanges {

    private final CheckoutSessions sessions;
    private final Subscriptions subscriptions;
    private final PlanCatalog catalog;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PlanChanges(CheckoutSessions sessions, Subscriptions subscriptions, PlanCatalog catalog, AuditLog auditLog,
            ApplicationEventPublisher events, Clock clock) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.auditLog = auditLog;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A checkout session was paid: the organization moves to its plan. A session already fulfilled, or
     * unknown, changes nothing.
     *
     * @return whether the plan changed
     */
    @Transactional
    public boolean fulfil(UUID checkoutSessionId, String provider, String externalCustomerId,
            String externalSubscriptionId) {
        Optional<CheckoutSession> found = sessions.lock(checkoutSessionId)
                .filter(CheckoutSession::open)
                .filter(session -> session.provider().equals(provider));
        if (found.isEmpty()) {
            return false;
        }
        CheckoutSession session = found.get();
        String before = subscriptions.lockPlan(session.organization()).orElse(catalog.defaultPlan().id());
        subscriptions.find(session.organization())
                .filter(replaced -> replaced.externalSubscriptionId() != null
                        && !replaced.externalSubscriptionId().equals(externalSubscriptionId))
                .ifPresent(replaced -> events.publishEvent(new SubscriptionReplaced(replaced)));
        sessions.complete(session.id(), clock.instant());
        subscriptions.save(new Subscription(session.organization(), session.planId(), provider, externalCustomerId,
                externalSubscriptionId), clock.instant());
        changed(session.organization(), before, session.planId(), provider);
        return true;
    }

    /**
     * The provider ended this subscription: back to the default plan, numbers and history kept. A
     * subscription already replaced by a newer one changes nothing.
     */
    @Transactional
    public boolean subscriptionEnded(String provider, String externalSubscriptionId) {
        return subscriptions.organizationOf(provider, externalSubscriptionId)
                .map(org -> downgrade(org, provider))
                .orElse(false);
    }

    private boolean downgrade(OrgId org, String provider) {
        Optional<String> before = subscriptions.lockPlan(org);
        if (before.isEmpty()) {
            return false;
        }
        subscriptions.remove(org);
        changed(org, before.get(), catalog.defaultPlan().id(), provider);
        return true;
    }

    /** A new subscription took the place of an older one, which must stop billing at its provider. */
    public record SubscriptionReplaced(Subscription replaced) {
    }

    private void changed(OrgId org, String from, String to, String provider) {
        auditLog.recordAnonymous(org, AuditAction.PLAN_CHANGED, AuditTarget.of("organization", org), Outcome.SUCCESS,
                from + " -> " + to + " (" + provider + ")");
        events.publishEvent(new PlanChanged(org, from, to));
    }
}
