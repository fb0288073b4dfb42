package com.bloomtext.billing.internal;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Plans, checkout and overage, from configuration ({@code bloomtext.billing.*}).
 *
 * @param plans       the catalog, in the order the Plan tab shows it
 * @param defaultPlan the plan of an organization that never paid, or whose subscription ended
 * @param checkout    which checkout takes payments: {@code sandbox} or {@code stripe}
 * @param overage     past the monthly allowance: {@code refuse} SMS, or {@code allow} and show the overage
 * @param stripe      Stripe's keys, prices come with each plan
 */
@ConfigurationProperties("bloomtext.billing")
public record BillingProperties(List<PlanProperties> plans, @DefaultValue("free") String defaultPlan,
        @DefaultValue("sandbox") String checkout, @DefaultValue("refuse") Overage overage,
        @DefaultValue StripeProperties stripe) {

    public enum Overage { REFUSE, ALLOW }

    /**
     * @param stripePriceId the recurring Price in Stripe that this plan's checkout sells
     */
    public record PlanProperties(String id, String name, boolean sms, int phoneNumbers, long monthlySegments,
            BigDecimal monthlyPrice, String stripePriceId) {
    }

    /**
     * @param apiKey        the secret key (sk_...)
     * @param webhookSecret the signing secret of the webhook endpoint (whsec_...)
     * @param apiBase       where the SDK sends API calls; only changed to test against a local server
     * @param tolerance     how old a signed webhook may be, in seconds
     */
    public record StripeProperties(@DefaultValue("") String apiKey, @DefaultValue("") String webhookSecret,
            @DefaultValue("https://api.stripe.com") String apiBase, @DefaultValue("300") long tolerance) {
    }
}
