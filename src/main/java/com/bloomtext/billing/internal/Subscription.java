package com.bloomtext.billing.internal;

import com.bloomtext.shared.OrgId;

/** An organization's paid plan and where it is billed. */
public record Subscription(OrgId organization, String planId, String provider, String externalCustomerId,
        String externalSubscriptionId) {
}
