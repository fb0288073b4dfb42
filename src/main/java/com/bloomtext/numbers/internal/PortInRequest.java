package com.bloomtext.numbers.internal;

import java.time.Instant;
import java.util.UUID;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

/** A request to bring an existing number to BloomText, as support works it. */
public record PortInRequest(UUID id, OrgId organization, E164 number, String currentCarrier, String accountNumber,
        String pin, String authorizedName, String serviceAddress, Status status, String statusReason,
        UserId requestedBy, Instant submittedAt, Instant updatedAt) {

    public enum Status {
        SUBMITTED("Submitted"), ELIGIBLE("Eligible"), NOT_PORTABLE("Not portable"), COMPLETED("Completed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean open() {
        return status == Status.SUBMITTED || status == Status.ELIGIBLE;
    }
}
