package com.bloomtext.billing;

import java.util.List;

import com.bloomtext.billing.internal.BillingProperties;
import com.bloomtext.billing.internal.PlanCatalog;
import com.bloomtext.billing.internal.Subscriptions;
import com.bloomtext.shared.OrgId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class EntitlementsTests extends IntegrationTest {

    @Autowired
    Entitlements entitlements;

    @Autowired
    SmsUsage usage;

    @Autowired
    PlanCatalog catalog;

    @Autowired
    Subscriptions subscriptions;

    @Test
    void aNewOrganizationIsOnFreeWithoutSms() {
        OrgId org = new OrgId(newOrganization("Free Entitlement Clinic").id());
        Entitlement free = entitlements.of(org);
        assertThat(free.planId()).isEqualTo("free");
        assertThat(free.smsEnabled()).isFalse();
        assertThat(free.phoneNumbersAllowed()).isZero();
        SmsDecision decision = entitlements.checkSms(org, 1);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.explanation()).contains("plan doesn't include SMS", "Settings → Plan");
    }

    @Test
    void smsStarterAllowsOneNumberAndAThousandSegmentsThenRefuses() {
        Org org = upgraded("Starter Entitlement Clinic");
        OrgId id = new OrgId(org.id());
        Entitlement starter = entitlements.of(id);
        assertThat(starter.planName()).isEqualTo("SMS Starter");
        assertThat(starter.smsEnabled()).isTrue();
        assertThat(starter.phoneNumbersAllowed()).isEqualTo(1);
        assertThat(starter.segmentsAllowed()).isEqualTo(1000);

        usage.recordSegmentsSent(id, 998);
        assertThat(entitlements.checkSms(id, 2).allowed()).isTrue();
        usage.recordSegmentsSent(id, 2);
        assertThat(entitlements.of(id).segmentsUsed()).isEqualTo(1000);
        SmsDecision over = entitlements.checkSms(id, 1);
        assertThat(over.allowed()).isFalse();
        assertThat(over.explanation()).contains("allowance of 1,000 SMS segments on SMS Starter is used up");
        assertThat(org.admin().get("/settings/organization/plan").body()).contains("1,000 of 1,000 segments");
    }

    @Test
    void withOverageAllowedSendingGoesOnAndSaysSo() {
        Org org = upgraded("Overage Clinic");
        OrgId id = new OrgId(org.id());
        usage.recordSegmentsSent(id, 1000);
        var allowOverage = new BillingProperties(List.of(), "free", "sandbox", BillingProperties.Overage.ALLOW,
                new BillingProperties.StripeProperties("", "", "", 300));
        SmsDecision decision = new Entitlements(catalog, subscriptions, usage, allowOverage).checkSms(id, 3);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.overage()).isTrue();
        assertThat(decision.explanation()).contains("billed as overage");
    }

    @Test
    void usageIsCountedPerOrganization() {
        OrgId first = new OrgId(upgraded("Usage One Clinic").id());
        OrgId second = new OrgId(upgraded("Usage Two Clinic").id());
        usage.recordSegmentsSent(first, 7);
        assertThat(usage.segmentsThisMonth(first)).isEqualTo(7);
        assertThat(usage.segmentsThisMonth(second)).isZero();
    }

    @Test
    void usageCountedWithAChangeIsCountedOnlyWhenTheChangeChangedARow() {
        OrgId org = new OrgId(upgraded("Usage With Change Clinic").id());
        String change = "update organization set name = name where id = :org and :move returning id";
        assertThat(usage.recordSegmentsSentIfChanged(change, java.util.Map.of("org", org.value(), "move", false), org, 3))
                .isZero();
        assertThat(usage.segmentsThisMonth(org)).as("nothing changed, nothing counted").isZero();
        assertThat(usage.recordSegmentsSentIfChanged(change, java.util.Map.of("org", org.value(), "move", true), org, 3))
                .isEqualTo(1);
        assertThat(usage.recordSegmentsSentIfChanged(change, java.util.Map.of("org", org.value(), "move", true), org, 2))
                .isEqualTo(1);
        assertThat(usage.segmentsThisMonth(org)).isEqualTo(5);
    }

    private Org upgraded(String name) {
        Org org = newOrganization(name);
        org.admin().follow(PlanTabTests.pay(org.admin(), PlanTabTests.startCheckout(org.admin(), "sms-starter"),
                "4242424242424242"));
        return org;
    }
}
