package com.bloomtext.billing.internal;

/**
 * Takes payment for a plan. Each implementation is a real checkout: it sends the admin somewhere to
 * pay and, once paid, fulfils through {@link PlanChanges} exactly as every other provider does.
 */
public interface CheckoutProvider {

    /** "sandbox" or "stripe": stored with sessions and subscriptions. */
    String name();

    /** Whether this provider is the one labelled "Sandbox" in the UI. */
    boolean sandbox();

    /** Opens a payment for this session and answers where to send the admin's browser. */
    String begin(CheckoutSession session, Plan plan);

    /** Ends a paid subscription at the provider; the plan changes once the provider confirms it. */
    void cancel(Subscription subscription);
}
