package com.bloomtext.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.OrgId;

/**
 * SPI: what the conversation page shows of the patient portal. The {@code portal} module implements it
 * (messaging does not depend on the portal); without it the page shows no link or receipt.
 */
public interface SecureChatPortal {

    /** The latest Secure Chat message of the conversation the patient viewed, and when they first did. */
    Optional<Viewed> latestViewed(OrgId org, UUID conversation);

    /** The conversation's live (or last) secure link, for staff; empty when none was ever issued. */
    Optional<LinkState> link(OrgId org, UUID conversation);

    /**
     * Both of the above in one read, for the conversation page (one round trip instead of two): {@link PageState}'s
     * parts are null where the other methods would answer empty.
     */
    PageState pageState(OrgId org, UUID conversation);

    /** The receipt ({@link #latestViewed}) and the link ({@link #link}) of a conversation, each null when none. */
    record PageState(Viewed viewed, LinkState link) {
    }

    record Viewed(UUID message, Instant at) {
    }

    /** What staff may know of a link: when, until when, and whether it still opens. Never the token. */
    record LinkState(Instant issuedAt, Instant expiresAt, boolean expired, boolean locked) {
    }
}
