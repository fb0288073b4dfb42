package com.bloomtext.billing.sandbox;

import com.bloomtext.billing.internal.CheckoutProvider;
import com.bloomtext.billing.internal.CheckoutSession;
import com.bloomtext.billing.internal.Plan;
import com.bloomtext.billing.internal.PlanChanges;
import com.bloomtext.billing.internal.Subscription;

import org.springframework.stereotype.Component;

/**
 * The sandbox checkout: a payment page inside BloomText, labelled Sandbox, that takes Stripe's test
 * cards. A paid session is fulfilled through {@link PlanChanges}, the same path as a Stripe webhook.
 */
@Component
class SandboxCheckout implements CheckoutProvider {

    static final String NAME = "sandbox";

    private final PlanChanges planChanges;

    SandboxCheckout(PlanChanges planChanges) {
        this.planChanges = planChanges;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean sandbox() {
        return true;
    }

    @Override
    public String begin(CheckoutSession session, Plan plan) {
        return SandboxCheckoutController.PATH + session.id();
    }

    /** The sandbox confirms a cancellation at once. */
    @Override
    public void cancel(Subscription subscription) {
        planChanges.subscriptionEnded(NAME, subscription.externalSubscriptionId());
    }
}
