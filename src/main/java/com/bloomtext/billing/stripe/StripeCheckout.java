package com.bloomtext.billing.stripe;

import com.bloomtext.billing.internal.BillingProperties;
import com.bloomtext.billing.internal.CheckoutFailedException;
import com.bloomtext.billing.internal.CheckoutProvider;
import com.bloomtext.billing.internal.CheckoutSession;
import com.bloomtext.billing.internal.CheckoutSessions;
import com.bloomtext.billing.internal.Plan;
import com.bloomtext.billing.internal.Subscription;
import com.bloomtext.billing.web.BillingRoutes;
import com.bloomtext.shared.web.PublicBaseUrl;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stripe Checkout: a subscription Checkout Session per purchase, paid on Stripe's page. The plan
 * changes only when the signed {@code checkout.session.completed} webhook arrives, never on the
 * browser's return.
 */
@Component
class StripeCheckout implements CheckoutProvider {

    static final String NAME = "stripe";

    private static final Logger log = LoggerFactory.getLogger(StripeCheckout.class);

    private final BillingProperties.StripeProperties properties;
    private final CheckoutSessions sessions;
    private final PublicBaseUrl publicBaseUrl;
    private volatile StripeClient client;

    StripeCheckout(BillingProperties properties, CheckoutSessions sessions, PublicBaseUrl publicBaseUrl) {
        this.properties = properties.stripe();
        this.sessions = sessions;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean sandbox() {
        return false;
    }

    @Override
    public String begin(CheckoutSession session, Plan plan) {
        if (plan.stripePriceId() == null || plan.stripePriceId().isBlank()) {
            throw new CheckoutFailedException("This plan has no Stripe price configured. Contact support.", null);
        }
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(plan.stripePriceId()).setQuantity(1L).build())
                .setClientReferenceId(session.id().toString())
                .putMetadata("organization_id", session.organization().toString())
                .putMetadata("plan_id", plan.id())
                .setSuccessUrl(publicBaseUrl.link(BillingRoutes.PLAN + "?checkout=success"))
                .setCancelUrl(publicBaseUrl.link(BillingRoutes.PLAN + "?checkout=canceled"))
                .build();
        try {
            Session created = client().v1().checkout().sessions().create(params);
            sessions.recordExternalId(session.id(), created.getId());
            return created.getUrl();
        } catch (StripeException e) {
            log.warn("Stripe refused to create a Checkout Session: {} ({})", e.getCode(), e.getStatusCode());
            throw new CheckoutFailedException("Stripe could not start the checkout. Try again in a moment.", e);
        }
    }

    @Override
    public void cancel(Subscription subscription) {
        try {
            client().v1().subscriptions().cancel(subscription.externalSubscriptionId());
        } catch (StripeException e) {
            log.warn("Stripe refused to cancel a subscription: {} ({})", e.getCode(), e.getStatusCode());
            throw new CheckoutFailedException("Stripe could not cancel the subscription. Try again in a moment.", e);
        }
    }

    private StripeClient client() {
        if (properties.apiKey().isBlank()) {
            throw new CheckoutFailedException("Stripe is not configured (STRIPE_API_KEY). Contact support.", null);
        }
        if (client == null) {
            client = StripeClient.builder()
                    .setApiKey(properties.apiKey())
                    .setApiBase(properties.apiBase())
                    .setMaxNetworkRetries(2)
                    .build();
        }
        return client;
    }
}
