package com.bloomtext.billing.stripe;

import java.time.Instant;
import java.util.UUID;

import com.bloomtext.accounts.domain.AccountActor;
import com.bloomtext.billing.internal.Checkout;
import com.bloomtext.billing.internal.CheckoutFailedException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;
import com.bloomtext.testing.IntegrationTest;
import com.stripe.Stripe;
import com.stripe.net.Webhook;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Stripe adapter against a local server that answers as Stripe's API does, and the webhook with
 * payloads signed by the SDK's own HMAC helper.
 */
class StripeCheckoutTests extends IntegrationTest {

    @Autowired
    Checkout checkout;

    @BeforeEach
    void resetStripe() {
        STRIPE.resetAll();
    }

    @Test
    void checkoutCreatesASubscriptionSessionAndSendsTheAdminToStripe() {
        Org org = newOrganization("Stripe Start Clinic");
        stubCheckoutSession("cs_test_start");

        String url = checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));

        assertThat(url).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_start");
        UUID session = checkoutSessionOf(org);
        STRIPE.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withHeader("Authorization", equalTo("Bearer " + STRIPE_API_KEY))
                .withRequestBody(containing("mode=subscription"))
                .withRequestBody(containing("line_items[0][price]=" + STRIPE_STARTER_PRICE).or(
                        containing("line_items%5B0%5D%5Bprice%5D=" + STRIPE_STARTER_PRICE)))
                .withRequestBody(containing("client_reference_id=" + session)));
        assertThat(jdbc.sql("select external_id from checkout_session where id = :id").param("id", session)
                .query(String.class).single()).isEqualTo("cs_test_start");
        assertThat(planOf(org)).as("nothing changes before Stripe confirms").isNull();
    }

    @Test
    void aSignedCompletedWebhookFulfilsOnceHoweverOftenItArrives() throws Exception {
        Org org = newOrganization("Stripe Paid Clinic");
        stubCheckoutSession("cs_test_paid");
        checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));
        String event = completedEvent("evt_paid_" + UUID.randomUUID(), checkoutSessionOf(org), "sub_paid_" + org.id());

        assertThat(deliver(event, sign(event, Instant.now(), STRIPE_WEBHOOK_SECRET)).statusCode()).isEqualTo(200);
        assertThat(planOf(org)).isEqualTo("sms-starter");

        for (int replay = 0; replay < 3; replay++) {
            assertThat(deliver(event, sign(event, Instant.now(), STRIPE_WEBHOOK_SECRET)).statusCode()).isEqualTo(200);
        }
        assertThat(planChanges(org)).isEqualTo(1);
    }

    @Test
    void aForgedWebhookIsRejectedAndChangesNothing() throws Exception {
        Org org = newOrganization("Stripe Forged Clinic");
        stubCheckoutSession("cs_test_forged");
        checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));
        String event = completedEvent("evt_forged_" + UUID.randomUUID(), checkoutSessionOf(org), "sub_forged");

        var forged = deliver(event, sign(event, Instant.now(), "whsec_someone_else"));
        assertThat(forged.statusCode()).isEqualTo(400);
        var unsigned = deliver(event, null);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(planOf(org)).isNull();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'WEBHOOK_REJECTED'").query(Integer.class)
                .single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aStaleWebhookIsRejected() throws Exception {
        Org org = newOrganization("Stripe Stale Clinic");
        stubCheckoutSession("cs_test_stale");
        checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));
        String event = completedEvent("evt_stale_" + UUID.randomUUID(), checkoutSessionOf(org), "sub_stale");

        var stale = deliver(event, sign(event, Instant.now().minusSeconds(600), STRIPE_WEBHOOK_SECRET));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(planOf(org)).isNull();
    }

    @Test
    void aDeletedSubscriptionDowngradesToFree() throws Exception {
        Org org = newOrganization("Stripe Ended Clinic");
        stubCheckoutSession("cs_test_ended");
        checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));
        String subscription = "sub_ended_" + UUID.randomUUID();
        String completed = completedEvent("evt_c_" + UUID.randomUUID(), checkoutSessionOf(org), subscription);
        deliver(completed, sign(completed, Instant.now(), STRIPE_WEBHOOK_SECRET));
        assertThat(planOf(org)).isEqualTo("sms-starter");

        STRIPE.stubFor(delete(urlEqualTo("/v1/subscriptions/" + subscription)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + subscription + "\",\"object\":\"subscription\",\"status\":\"canceled\"}")));
        checkout.cancel(admin(org));
        STRIPE.verify(deleteRequestedFor(urlEqualTo("/v1/subscriptions/" + subscription)));
        assertThat(planOf(org)).as("the plan changes when Stripe confirms").isEqualTo("sms-starter");

        String deleted = """
                {"id":"evt_d_%s","object":"event","api_version":"%s","type":"customer.subscription.deleted",
                 "data":{"object":{"id":"%s","object":"subscription","status":"canceled"}}}"""
                .formatted(UUID.randomUUID(), Stripe.API_VERSION, subscription);
        assertThat(deliver(deleted, sign(deleted, Instant.now(), STRIPE_WEBHOOK_SECRET)).statusCode()).isEqualTo(200);
        assertThat(planOf(org)).isNull();
    }

    @Test
    void aNewPaidSubscriptionCancelsTheOneItReplacesAtStripe() throws Exception {
        Org org = newOrganization("Stripe Switch Clinic");
        String first = "sub_first_" + UUID.randomUUID();
        stubCheckoutSession("cs_test_first");
        checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));
        String paidFirst = completedEvent("evt_f_" + UUID.randomUUID(), checkoutSessionOf(org), first);
        deliver(paidFirst, sign(paidFirst, Instant.now(), STRIPE_WEBHOOK_SECRET));

        STRIPE.stubFor(delete(urlEqualTo("/v1/subscriptions/" + first)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + first + "\",\"object\":\"subscription\",\"status\":\"canceled\"}")));
        stubCheckoutSession("cs_test_second");
        checkout.start(admin(org), "sms-starter", checkout.provider("stripe"));
        String paidSecond = completedEvent("evt_s_" + UUID.randomUUID(), checkoutSessionOf(org), "sub_second_" + org.id());
        deliver(paidSecond, sign(paidSecond, Instant.now(), STRIPE_WEBHOOK_SECRET));

        STRIPE.verify(deleteRequestedFor(urlEqualTo("/v1/subscriptions/" + first)));
        String firstDeleted = """
                {"id":"evt_fd_%s","object":"event","api_version":"%s","type":"customer.subscription.deleted",
                 "data":{"object":{"id":"%s","object":"subscription","status":"canceled"}}}"""
                .formatted(UUID.randomUUID(), Stripe.API_VERSION, first);
        deliver(firstDeleted, sign(firstDeleted, Instant.now(), STRIPE_WEBHOOK_SECRET));
        assertThat(planOf(org)).as("the old subscription's end does not end the new one").isEqualTo("sms-starter");
    }

    @Test
    void stripeRefusingTheCheckoutIsAClearErrorAndChangesNothing() {
        Org org = newOrganization("Stripe Down Clinic");
        STRIPE.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                        + "\"message\":\"No such price: 'price_starter_test'\",\"param\":\"line_items[0][price]\"}}")));

        assertThatThrownBy(() -> checkout.start(admin(org), "sms-starter", checkout.provider("stripe")))
                .isInstanceOf(CheckoutFailedException.class)
                .hasMessage("Stripe could not start the checkout. Try again in a moment.");
        assertThat(planOf(org)).isNull();
    }

    private static void stubCheckoutSession(String id) {
        STRIPE.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"%s","object":"checkout.session","mode":"subscription","status":"open",
                         "payment_status":"unpaid","url":"https://checkout.stripe.com/c/pay/%s"}""".formatted(id, id))));
    }

    private static String completedEvent(String eventId, UUID checkoutSession, String subscription) {
        return """
                {"id":"%s","object":"event","api_version":"%s","type":"checkout.session.completed",
                 "data":{"object":{"id":"cs_x","object":"checkout.session","mode":"subscription","status":"complete",
                   "payment_status":"paid","client_reference_id":"%s","customer":"cus_x","subscription":"%s"}}}"""
                .formatted(eventId, Stripe.API_VERSION, checkoutSession, subscription);
    }

    /** The Stripe-Signature header, computed with the SDK's own HMAC-SHA256 helper. */
    private static String sign(String payload, Instant at, String secret) throws Exception {
        long timestamp = at.getEpochSecond();
        return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
    }

    private HttpResponse<String> deliver(String payload, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AccountActor admin(Org org) {
        return new AccountActor(new UserId(org.adminId()), new OrgId(org.id()), true);
    }

    private UUID checkoutSessionOf(Org org) {
        return jdbc.sql("select id from checkout_session where organization_id = :org order by created_at desc limit 1")
                .param("org", org.id()).query(UUID.class).single();
    }

    private String planOf(Org org) {
        return jdbc.sql("select plan_id from subscription where organization_id = :org").param("org", org.id())
                .query(String.class).optional().orElse(null);
    }

    private int planChanges(Org org) {
        return jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'PLAN_CHANGED'")
                .param("org", org.id()).query(Integer.class).single();
    }
}
