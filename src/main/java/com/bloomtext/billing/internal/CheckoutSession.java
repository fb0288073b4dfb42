package com.bloomtext.billing.internal;

import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

/** One attempt to pay for a plan. */
public record CheckoutSession(UUID id, OrgId organization, String planId, String provider, String externalId,
        boolean open, UserId startedBy) {
}
