package com.bloomtext.portal.links;

import java.util.UUID;

import com.bloomtext.shared.OrgId;

/**
 * A secure link's notification was queued (its row committed with the link): hand it over. Carries ids
 * only, never the link or the patient's address.
 */
public record LinkNotificationQueued(OrgId organization, UUID notification) {
}
