package com.bloomtext.accounts.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import com.bloomtext.shared.OrgId;

/** The tenant: a medical practice, its name, time zone and address. */
public final class Organization {

    public static final int MAX_NAME_LENGTH = 120;

    private final OrgId id;
    private final Instant createdAt;
    private String name;
    private ZoneId timeZone;
    private PostalAddress address;

    Organization(OrgId id, String name, ZoneId timeZone, PostalAddress address, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.timeZone = Objects.requireNonNull(timeZone);
        this.address = Objects.requireNonNull(address);
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    static Organization found(String name, ZoneId timeZone, Instant now) {
        return new Organization(OrgId.random(), name.strip(), timeZone, PostalAddress.BLANK, now);
    }

    void describe(String newName, ZoneId newTimeZone, PostalAddress newAddress) {
        this.name = Objects.requireNonNull(newName).strip();
        this.timeZone = Objects.requireNonNull(newTimeZone);
        this.address = Objects.requireNonNull(newAddress);
    }

    public OrgId id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public PostalAddress address() {
        return address;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
