package com.bloomtext.accounts.domain;

import java.time.Instant;
import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

/** An admin's invitation for a coworker to join the organization as a member. */
public record Invitation(UUID id, OrgId organization, String email, UserId invitedBy, Instant createdAt,
        Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
