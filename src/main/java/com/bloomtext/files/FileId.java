package com.bloomtext.files;

import java.util.Objects;
import java.util.UUID;

/** Identifies a stored file. */
public record FileId(UUID value) {

    public FileId {
        Objects.requireNonNull(value, "value");
    }

    public static FileId random() {
        return new FileId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
