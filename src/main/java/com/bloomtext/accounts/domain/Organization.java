package com.bloomtext.accounts.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import com.bloomtext.shared.OrgId;

/** The tenant: a medical practice, its name, time zone and address. */
public final class Organization {

    public static final int MAX_NAME_LENGTH = 120;
    /** Secure links stay usable this many days unless the organization chooses otherwise (1 to 90). */
    public static final int DEFAULT_SECURE_LINK_DAYS = 7;
    public static final int MAX_SECURE_LINK_DAYS = 90;

    private final OrgId id;
    private final Instant createdAt;
    private String name;
    private ZoneId timeZone;
    private PostalAddress address;
    private int secureLinkDays;

    Organization(OrgId id, String name, ZoneId timeZone, PostalAddress address, int secureLinkDays, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.timeZone = Objects.requireNonNull(timeZone);
        this.address = Objects.requireNonNull(address);
        this.secureLinkDays = secureLinkDays;
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    static Organization found(String name, ZoneId timeZone, Instant now) {
        return new Organization(OrgId.random(), name.strip(), timeZone, PostalAddress.BLANK, DEFAULT_SECURE_LINK_DAYS, now);
    }

    void describe(String newName, ZoneId newTimeZone, PostalAddress newAddress, int newSecureLinkDays) {
        if (newSecureLinkDays < 1 || newSecureLinkDays > MAX_SECURE_LINK_DAYS) {
            throw new IllegalArgumentException("Secure links last 1 to " + MAX_SECURE_LINK_DAYS + " days.");
        }
        this.name = Objects.requireNonNull(newName).strip();
        this.timeZone = Objects.requireNonNull(newTimeZone);
        this.address = Objects.requireNonNull(newAddress);
        this.secureLinkDays = newSecureLinkDays;
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

    /** How many days a secure link sent to a patient stays usable. */
    public int secureLinkDays() {
        return secureLinkDays;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
