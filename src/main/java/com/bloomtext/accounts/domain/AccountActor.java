package com.bloomtext.accounts.domain;

import com.bloomtext.shared.Actor;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

/** A staff user as an actor, before they are the request's principal (sign-up, accepting an invitation). */
public record AccountActor(UserId userId, OrgId orgId, boolean admin) implements Actor {

    public AccountActor(StaffUser user) {
        this(user.id(), user.organization(), user.admin());
    }
}
