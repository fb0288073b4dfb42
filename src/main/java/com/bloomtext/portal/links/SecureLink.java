package com.bloomtext.portal.links;

import java.time.Instant;
import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;
import com.bloomtext.shared.PatientId;

/** A secure link as stored: never its token. */
public record SecureLink(UUID id, OrgId organization, UUID conversation, PatientId patient, Instant issuedAt,
        Instant expiresAt, Instant voidedAt, int failedAttempts, Instant lockedAt, String codeSha256,
        Instant codeExpiresAt, int codesSent) {

    public boolean expired(Instant now) {
        return expired(expiresAt, now);
    }

    /** A link that expires at {@code expiresAt} has expired by {@code now}. */
    public static boolean expired(Instant expiresAt, Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean locked() {
        return lockedAt != null;
    }

    /** Opens the portal: not voided by a newer link, not expired, not locked by failed identity checks. */
    public boolean usable(Instant now) {
        return voidedAt == null && !locked() && !expired(now);
    }

    public boolean codePending(Instant now) {
        return codeSha256 != null && codeExpiresAt != null && now.isBefore(codeExpiresAt);
    }

    public PatientActor patientActor() {
        return new PatientActor(organization, patient);
    }
}
