package com.bloomtext.billing;

import java.text.NumberFormat;
import java.util.Locale;

import com.bloomtext.billing.internal.BillingProperties;
import com.bloomtext.billing.internal.Plan;
import com.bloomtext.billing.internal.PlanCatalog;
import com.bloomtext.billing.internal.Subscriptions;
import com.bloomtext.shared.OrgId;

import org.springframework.stereotype.Service;

/** What an organization's plan allows: SMS or not, how many numbers, how many segments a month. */
@Service
public class Entitlements {

    static final String NO_SMS_PLAN = "Your organization's plan doesn't include SMS. An administrator can "
            + "upgrade under Settings → Plan. Secure Chat is always available.";

    private final PlanCatalog catalog;
    private final Subscriptions subscriptions;
    private final SmsUsage usage;
    private final BillingProperties.Overage overage;

    Entitlements(PlanCatalog catalog, Subscriptions subscriptions, SmsUsage usage, BillingProperties properties) {
        this.catalog = catalog;
        this.subscriptions = subscriptions;
        this.usage = usage;
        this.overage = properties.overage();
    }

    /** The plan and this month's usage, read in one statement (a send reads it once). */
    public Entitlement of(OrgId org) {
        Subscriptions.PlanAndSegments read = subscriptions.planAndSegments(org, usage.thisMonth());
        Plan plan = read.planId() == null ? catalog.defaultPlan() : catalog.orDefault(read.planId());
        return new Entitlement(plan.id(), plan.name(), plan.sms(), plan.phoneNumbers(), plan.monthlySegments(),
                read.segments());
    }

    /** Whether the organization may send an SMS of this many segments now, and if not, why. */
    public SmsDecision checkSms(OrgId org, int segments) {
        return checkSms(of(org), segments);
    }

    /** As {@link #checkSms(OrgId, int)}, on the entitlement the caller has just read (one read per send). */
    public SmsDecision checkSms(Entitlement entitlement, int segments) {
        if (!entitlement.smsEnabled()) {
            return SmsDecision.refuse(NO_SMS_PLAN);
        }
        if (entitlement.segmentsUsed() + segments <= entitlement.segmentsAllowed()) {
            return SmsDecision.allow();
        }
        String allowance = NumberFormat.getIntegerInstance(Locale.US).format(entitlement.segmentsAllowed());
        if (overage == BillingProperties.Overage.ALLOW) {
            return SmsDecision.allowOverage("This month's allowance of " + allowance
                    + " SMS segments is used up; further texts are billed as overage.");
        }
        return SmsDecision.refuse("This month's allowance of " + allowance + " SMS segments on "
                + entitlement.planName() + " is used up. An administrator can choose a larger plan under "
                + "Settings → Plan. Secure Chat is always available.");
    }
}
