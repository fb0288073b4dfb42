package com.bloomtext.accounts.mfa;

import com.bloomtext.accounts.StaffRole;

/** The organization's rule on two-step verification, as Settings → Security offers it. */
public enum MfaPolicy {
    OFF("Not required: each user decides"),
    ADMINS("Require MFA for admins"),
    EVERYONE("Require MFA for everyone");

    private final String label;

    MfaPolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean requires(StaffRole role) {
        return this == EVERYONE || (this == ADMINS && role == StaffRole.ADMIN);
    }
}
