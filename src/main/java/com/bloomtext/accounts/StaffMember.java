package com.bloomtext.accounts;

import com.bloomtext.shared.UserId;

/** A staff user as other modules see them: who, how to reach them, what they may do. */
public record StaffMember(UserId id, String displayName, String email, StaffRole role, boolean active) {
}
