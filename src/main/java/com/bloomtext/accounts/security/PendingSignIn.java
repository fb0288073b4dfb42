package com.bloomtext.accounts.security;

import java.io.Serial;
import java.io.Serializable;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

/**
 * Someone who gave the right password and still owes their two-step code. Deliberately not an
 * {@code Actor} nor a {@link StaffPrincipal}: it opens nothing but the code page.
 */
public record PendingSignIn(UserId userId, OrgId orgId) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String ROLE = "MFA_PENDING";

    @Override
    public String toString() {
        return "PendingSignIn[" + userId + "]";
    }
}
