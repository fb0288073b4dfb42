package com.bloomtext.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Identifies an organization, the tenant every row of customer data belongs to. */
public record OrgId(UUID value) implements Serializable {

    public OrgId {
        Objects.requireNonNull(value, "value");
    }

    public static OrgId random() {
        return new OrgId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
