package com.bloomtext.billing;

import java.util.UUID;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTabTests extends IntegrationTest {

    static final String PLAN = "/settings/organization/plan";

    @Test
    void adminsSeeTheirPlanAndTheChoices() {
        Org org = newOrganization("Plan Tab Clinic");
        var plan = org.admin().get(PLAN);
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.body()).contains("Current plan", "Free", "SMS Starter", "SMS Pro", "$49", "$199",
                "1,000 SMS segments a month", "10,000 SMS segments a month", "Choose SMS Starter", "Sandbox checkout");
        assertThat(org.admin().get("/settings/organization/general").body()).contains("href=\"" + PLAN + "\"");
    }

    @Test
    void aSuccessfulSandboxCheckoutMakesTheOrganizationSmsEnabled() {
        Org org = newOrganization("Upgrade Clinic");
        String checkoutPath = startCheckout(org.admin(), "sms-starter");
        var page = org.admin().get(checkoutPath);
        assertThat(page.body()).contains("Sandbox checkout", "SMS Starter", "$49");

        var paid = pay(org.admin(), checkoutPath, "4242 4242 4242 4242");
        assertThat(paid.redirectsTo(PLAN)).isTrue();
        assertThat(org.admin().follow(paid).body()).contains("Payment received. Your organization is on SMS Starter.",
                "SMS this month", "0 of 1,000 segments");
        assertThat(planOf(org)).isEqualTo("sms-starter");
        assertThat(org.admin().get(checkoutPath).status()).as("a paid checkout cannot be paid again").isEqualTo(404);
    }

    @Test
    void aDeclinedCardLeavesThePlanAsItWas() {
        Org org = newOrganization("Declined Card Clinic");
        String checkoutPath = startCheckout(org.admin(), "sms-pro");
        var declined = pay(org.admin(), checkoutPath, "4000 0000 0000 0002");
        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.body()).contains("Your card was declined. Try another card.");
        assertThat(planOf(org)).isNull();
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'CHECKOUT_DECLINED'")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);

        var retried = pay(org.admin(), checkoutPath, "4242424242424242");
        assertThat(retried.redirectsTo(PLAN)).as("another card on the same checkout").isTrue();
        assertThat(planOf(org)).isEqualTo("sms-pro");
    }

    @Test
    void cardMistakesAreExplainedAndChargeNothing() {
        Org org = newOrganization("Card Mistakes Clinic");
        String checkoutPath = startCheckout(org.admin(), "sms-starter");
        assertThat(pay(org.admin(), checkoutPath, "1234 5678").body()).contains("Enter a valid card number.");
        assertThat(pay(org.admin(), checkoutPath, "5555 5555 5555 4444").body()).contains("Use the test card 4242 4242 4242 4242");
        var expired = org.admin().post(checkoutPath, "cardNumber", "4242424242424242", "expiry", "01/20",
                "cvc", "123", "nameOnCard", "Dana Whitfield");
        assertThat(expired.body()).contains("This card has expired.");
        assertThat(planOf(org)).isNull();
    }

    @Test
    void switchingToFreeKeepsTheOrganizationButStopsSms() {
        Org org = newOrganization("Downgrade Clinic");
        org.admin().follow(pay(org.admin(), startCheckout(org.admin(), "sms-starter"), "4242424242424242"));
        var free = org.admin().post(PLAN + "/cancel");
        assertThat(free.redirectsTo(PLAN)).isTrue();
        assertThat(org.admin().follow(free).body()).contains("Your organization is on Free.",
                "Phone numbers and conversations are kept; SMS is off.");
        assertThat(planOf(org)).isNull();
        assertThat(jdbc.sql("select detail from audit_event where organization_id = :org and action = 'PLAN_CHANGED' order by id")
                .param("org", org.id()).query(String.class).list())
                .containsExactly("free -> sms-starter (sandbox)", "sms-starter -> free (sandbox)");
    }

    @Test
    void movingToALargerPlanReplacesTheSubscription() {
        Org org = newOrganization("Growing Clinic");
        org.admin().follow(pay(org.admin(), startCheckout(org.admin(), "sms-starter"), "4242424242424242"));
        org.admin().follow(pay(org.admin(), startCheckout(org.admin(), "sms-pro"), "4242424242424242"));
        assertThat(planOf(org)).isEqualTo("sms-pro");
        assertThat(jdbc.sql("select detail from audit_event where organization_id = :org and action = 'PLAN_CHANGED' order by id")
                .param("org", org.id()).query(String.class).list())
                .containsExactly("free -> sms-starter (sandbox)", "sms-starter -> sms-pro (sandbox)");
    }

    @Test
    void membersNeverSeeThePlanTabAndItsUrlsAnswer403() {
        Org org = newOrganization("Member Plan Clinic");
        Member sam = org.addMember("Sam Rivera");
        String checkoutPath = startCheckout(org.admin(), "sms-starter");
        StaffAgent member = sam.agent();

        assertThat(member.get("/settings/organization/general").body()).doesNotContain("href=\"" + PLAN + "\"");
        assertThat(member.get(PLAN).status()).isEqualTo(403);
        assertThat(member.post(PLAN + "/checkout", "planId", "sms-starter").status()).isEqualTo(403);
        assertThat(member.post(PLAN + "/cancel").status()).isEqualTo(403);
        assertThat(member.get(checkoutPath).status()).isEqualTo(403);
        assertThat(pay(member, checkoutPath, "4242424242424242").status()).isEqualTo(403);
        assertThat(planOf(org)).isNull();
    }

    @Test
    void anotherOrganizationsCheckoutCanBeNeitherSeenNorPaid() {
        Org mine = newOrganization("Nosy Clinic");
        Org theirs = newOrganization("Private Plan Clinic");
        String theirCheckout = startCheckout(theirs.admin(), "sms-pro");

        assertThat(mine.admin().get(theirCheckout).status()).isEqualTo(404);
        assertThat(pay(mine.admin(), theirCheckout, "4242424242424242").status()).isEqualTo(404);
        assertThat(planOf(theirs)).isNull();
        assertThat(planOf(mine)).isNull();
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        Org org = newOrganization("Anonymous Plan Clinic");
        String checkoutPath = startCheckout(org.admin(), "sms-starter");
        assertThat(anonymous().get(PLAN).redirectsTo("/sign-in")).isTrue();
        assertThat(anonymous().get(checkoutPath).redirectsTo("/sign-in")).isTrue();
        assertThat(pay(anonymous(), checkoutPath, "4242424242424242").redirectsTo("/sign-in")).isTrue();
        assertThat(planOf(org)).isNull();
    }

    @Test
    void unknownPlansAndCheckoutsAreNotFound() {
        Org org = newOrganization("Unknown Plan Clinic");
        assertThat(org.admin().post(PLAN + "/checkout", "planId", "platinum").status()).isEqualTo(404);
        assertThat(org.admin().post(PLAN + "/checkout", "planId", "free").status()).isEqualTo(404);
        assertThat(org.admin().get("/sandbox/checkout/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(org.admin().get("/sandbox/checkout/not-an-id").status()).isEqualTo(404);
    }

    static String startCheckout(StaffAgent admin, String planId) {
        var started = admin.post(PLAN + "/checkout", "planId", planId);
        assertThat(started.location()).as("checkout started: %s", started).contains("/sandbox/checkout/");
        String path = java.net.URI.create(started.location()).getPath();
        admin.get(path);
        return path;
    }

    static StaffAgent.Page pay(StaffAgent agent, String checkoutPath, String card) {
        return agent.post(checkoutPath, "cardNumber", card, "expiry", "12/39", "cvc", "123",
                "nameOnCard", "Dana Whitfield");
    }

    String planOf(Org org) {
        return jdbc.sql("select plan_id from subscription where organization_id = :org").param("org", org.id())
                .query(String.class).optional().orElse(null);
    }
}
