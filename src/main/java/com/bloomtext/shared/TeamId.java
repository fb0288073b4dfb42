package com.bloomtext.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Identifies a team: the staff who may send from one phone number and see its conversations. */
public record TeamId(UUID value) implements Serializable {

    public TeamId {
        Objects.requireNonNull(value, "value");
    }

    public static TeamId random() {
        return new TeamId(UUID.randomUUID());
    }

    /** An id from a URL or form; anything malformed is simply "no such team". */
    public static Optional<TeamId> parse(String text) {
        try {
            return Optional.of(new TeamId(UUID.fromString(text)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
