package com.bloomtext.messaging.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * An outbound SMS's delivery state. States only move forward: a late "sent" after "delivered" is
 * ignored, and a final state (delivered, failed, undelivered) never changes.
 */
public enum DeliveryState {
    QUEUED(0, "Queued"),
    SENT(1, "Sent"),
    DELIVERED(2, "Delivered"),
    UNDELIVERED(2, "Not delivered"),
    FAILED(2, "Failed");

    private final int rank;
    private final String label;

    DeliveryState(int rank, String label) {
        this.rank = rank;
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean finished() {
        return rank == 2;
    }

    /** Whether a report of {@code next} moves this state forward. */
    public boolean canMoveTo(DeliveryState next) {
        return next.rank > rank;
    }

    /** The states a report of {@code next} moves forward ({@link #canMoveTo}), e.g. QUEUED and SENT for DELIVERED. */
    public static java.util.List<DeliveryState> before(DeliveryState next) {
        return java.util.Arrays.stream(values()).filter(state -> state.canMoveTo(next)).toList();
    }

    /** Twilio's status names (also used by the sandbox carrier); statuses that say nothing new are empty. */
    public static Optional<DeliveryState> ofCarrierStatus(String status) {
        if (status == null) {
            return Optional.empty();
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued", "sending" -> Optional.of(QUEUED);
            case "sent" -> Optional.of(SENT);
            case "delivered", "read" -> Optional.of(DELIVERED);
            case "undelivered" -> Optional.of(UNDELIVERED);
            case "failed", "canceled" -> Optional.of(FAILED);
            default -> Optional.empty();
        };
    }
}
