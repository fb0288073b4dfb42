package com.bloomtext.accounts.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

/** A person on an organization's staff who signs in to BloomText. */
public final class StaffUser {

    public static final int MAX_NAME_LENGTH = 120;

    private final UserId id;
    private final OrgId organization;
    private final String email;
    private final String displayName;
    private final String passwordHash;
    private final Instant createdAt;
    private StaffRole role;
    private boolean active;

    StaffUser(UserId id, OrgId organization, String email, String displayName, String passwordHash,
            StaffRole role, boolean active, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.organization = Objects.requireNonNull(organization);
        this.email = Objects.requireNonNull(email);
        this.displayName = Objects.requireNonNull(displayName);
        this.passwordHash = Objects.requireNonNull(passwordHash);
        this.role = Objects.requireNonNull(role);
        this.active = active;
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    static StaffUser join(OrgId organization, String email, String displayName, String passwordHash,
            StaffRole role, Instant now) {
        return new StaffUser(UserId.random(), organization, normalizeEmail(email), displayName.strip(),
                passwordHash, role, true, now);
    }

    /** Emails are compared without case: "Dana@Clinic.org" and "dana@clinic.org" are one account. */
    public static String normalizeEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    void changeRole(StaffRole newRole) {
        this.role = Objects.requireNonNull(newRole);
    }

    void deactivate() {
        this.active = false;
    }

    public boolean admin() {
        return active && role == StaffRole.ADMIN;
    }

    public UserId id() {
        return id;
    }

    public OrgId organization() {
        return organization;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public StaffRole role() {
        return role;
    }

    public boolean active() {
        return active;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
