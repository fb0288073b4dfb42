package com.bloomtext.numbers.internal;

import java.time.Instant;
import java.util.UUID;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;

/** A phone number an organization holds (or held), tied to exactly one team. */
public record HeldNumber(UUID id, OrgId organization, TeamId team, E164 number, Status status, String carrier,
        String carrierId, Instant acquiredAt) {

    public enum Status {
        PROVISIONING("Being set up"), ACTIVE("Active"), PORTING("Porting in"), RELEASED("Released");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
