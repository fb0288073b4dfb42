package com.bloomtext.accounts;

/** What a staff user may do in their organization. */
public enum StaffRole {
    /** Everything a member does, plus plan, phone numbers, team membership, users, settings, audit log. */
    ADMIN("Admin"),
    /** Sends and reads messages in the conversations they may see. */
    MEMBER("Member");

    private final String label;

    StaffRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
