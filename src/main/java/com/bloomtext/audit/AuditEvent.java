package com.bloomtext.audit;

import java.time.Instant;
import java.util.UUID;

/** One row of the audit log, as read back. */
public record AuditEvent(
        long id,
        UUID organizationId,
        UUID actorUserId,
        AuditAction action,
        String targetType,
        String targetId,
        UUID patientId,
        Outcome outcome,
        String detail,
        String address,
        Instant occurredAt) {
}
