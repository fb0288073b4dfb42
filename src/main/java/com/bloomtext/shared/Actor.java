package com.bloomtext.shared;

/** Someone acting inside an organization: the signed-in staff user, as every module sees them. */
public interface Actor {

    UserId userId();

    OrgId orgId();

    boolean admin();
}
