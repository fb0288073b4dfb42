package com.bloomtext.billing.stripe;

import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.billing.internal.BillingProperties;
import com.bloomtext.billing.internal.PlanChanges;
import com.bloomtext.billing.internal.WebhookDeliveries;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe's webhook: verified by its {@code Stripe-Signature} (300 s tolerance), applied once per event
 * id in one transaction with the change it makes. Fulfils paid checkouts and downgrades ended
 * subscriptions; other events are acknowledged and ignored.
 */
@RestController
class StripeWebhookController {

    static final String PATH = "/webhooks/stripe";

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final BillingProperties.StripeProperties properties;
    private final WebhookDeliveries deliveries;
    private final PlanChanges planChanges;
    private final AuditLog auditLog;
    private final TransactionTemplate transaction;

    StripeWebhookController(BillingProperties properties, WebhookDeliveries deliveries, PlanChanges planChanges,
            AuditLog auditLog, TransactionTemplate transaction) {
        this.properties = properties.stripe();
        this.deliveries = deliveries;
        this.planChanges = planChanges;
        this.auditLog = auditLog;
        this.transaction = transaction;
    }

    @PostMapping(PATH)
    ResponseEntity<String> receive(@RequestBody(required = false) String payload,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        if (properties.webhookSecret().isBlank()) {
            return ResponseEntity.notFound().build();
        }
        Event event;
        try {
            event = Webhook.constructEvent(payload == null ? "" : payload, signature, properties.webhookSecret(),
                    properties.tolerance());
        } catch (SignatureVerificationException | RuntimeException e) {
            return reject(e instanceof SignatureVerificationException ? "signature" : "payload");
        }
        transaction.executeWithoutResult(status -> {
            if (deliveries.firstDelivery(StripeCheckout.NAME, event.getId())) {
                apply(event);
            }
        });
        return ResponseEntity.ok("ok");
    }

    private void apply(Event event) {
        switch (event.getType()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" -> {
                Session session = (Session) object(event);
                boolean paid = "paid".equals(session.getPaymentStatus())
                        || "no_payment_required".equals(session.getPaymentStatus());
                ours(session.getClientReferenceId()).filter(id -> paid).ifPresent(id -> planChanges.fulfil(id,
                        StripeCheckout.NAME, session.getCustomer(), session.getSubscription()));
            }
            case "customer.subscription.deleted" -> {
                var subscription = (com.stripe.model.Subscription) object(event);
                planChanges.subscriptionEnded(StripeCheckout.NAME, subscription.getId());
            }
            default -> log.debug("Ignoring Stripe event type {}", event.getType());
        }
    }

    /** Checkouts BloomText started carry its session id; others in the same Stripe account are not ours. */
    private static java.util.Optional<UUID> ours(String clientReferenceId) {
        try {
            return java.util.Optional.of(UUID.fromString(clientReferenceId));
        } catch (IllegalArgumentException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }

    private static StripeObject object(Event event) {
        try {
            return event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (EventDataObjectDeserializationException e) {
            throw new IllegalStateException("Stripe event " + event.getId() + " could not be read", e);
        }
    }

    private ResponseEntity<String> reject(String reason) {
        log.warn("Rejected a Stripe webhook: bad {}", reason);
        auditLog.recordAnonymous(null, AuditAction.WEBHOOK_REJECTED, AuditTarget.of("webhook", StripeCheckout.NAME),
                Outcome.DENIED, "bad " + reason);
        return ResponseEntity.badRequest().body("rejected");
    }
}
