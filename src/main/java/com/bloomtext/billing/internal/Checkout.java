package com.bloomtext.billing.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/** An admin buys a plan, or goes back to the free one, through the configured checkout. */
@Service
public class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final PlanCatalog catalog;
    private final CheckoutSessions sessions;
    private final Subscriptions subscriptions;
    private final List<CheckoutProvider> providers;
    private final String configured;
    private final AuditLog auditLog;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Checkout(PlanCatalog catalog, CheckoutSessions sessions, Subscriptions subscriptions,
            List<CheckoutProvider> providers, BillingProperties properties, AuditLog auditLog,
            TransactionTemplate transaction, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.providers = providers;
        this.configured = properties.checkout();
        this.auditLog = auditLog;
        this.transaction = transaction;
        this.clock = clock;
        provider();
    }

    /** The checkout that takes payments here, by configuration. */
    public CheckoutProvider provider() {
        return provider(configured);
    }

    public CheckoutProvider provider(String name) {
        return providers.stream().filter(provider -> provider.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("bloomtext.billing.checkout names no checkout: " + name));
    }

    /** Starts paying for a plan: returns where to send the admin. The plan changes only once paid. */
    public String start(Actor admin, String planId, CheckoutProvider provider) {
        requireAdmin(admin);
        Plan plan = catalog.find(planId).filter(found -> !found.free())
                .orElseThrow(() -> new NotFoundException("Plan"));
        CheckoutSession session = new CheckoutSession(UUID.randomUUID(), admin.orgId(), plan.id(), provider.name(),
                null, true, admin.userId());
        transaction.executeWithoutResult(status -> {
            sessions.add(session, clock.instant());
            auditLog.record(admin, AuditAction.CHECKOUT_STARTED, AuditTarget.of("checkout", session.id()),
                    Outcome.SUCCESS, plan.id() + " (" + provider.name() + ")");
        });
        return provider.begin(session, plan);
    }

    /** Back to the free plan: the provider ends the subscription, and the plan follows its confirmation. */
    public void cancel(Actor admin) {
        requireAdmin(admin);
        subscriptions.find(admin.orgId()).ifPresent(subscription -> {
            auditLog.record(admin, AuditAction.SUBSCRIPTION_CANCELLED, AuditTarget.of("organization", admin.orgId()),
                    Outcome.SUCCESS, subscription.planId() + " (" + subscription.provider() + ")");
            provider(subscription.provider()).cancel(subscription);
        });
    }

    /**
     * Moving from one paid plan to another opens a new subscription: once that is committed, the old one
     * is cancelled at its provider so that it stops billing.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void cancelReplaced(PlanChanges.SubscriptionReplaced event) {
        Subscription replaced = event.replaced();
        try {
            provider(replaced.provider()).cancel(replaced);
        } catch (RuntimeException e) {
            log.error("A replaced {} subscription could not be cancelled; cancel it at the provider by hand",
                    replaced.provider(), e);
            auditLog.recordAnonymous(replaced.organization(), AuditAction.SUBSCRIPTION_CANCELLED,
                    AuditTarget.of("organization", replaced.organization()), Outcome.FAILURE, "replaced subscription");
        }
    }

    static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new AccessDeniedException("Administrators only");
        }
    }
}
