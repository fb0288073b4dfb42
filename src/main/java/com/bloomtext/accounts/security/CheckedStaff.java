package com.bloomtext.accounts.security;

import java.time.ZoneId;
import java.util.Optional;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The signed-in user's row as {@link CurrentStaffFilter} read it for this request (its check of the user against the
 * database, on every request): their name, whether they are an admin, and their organization's name and time zone.
 * The shell ({@link StaffShellIdentity}) and a page that shows these for the signed-in user take them from here
 * instead of reading the same rows again a few milliseconds later.
 */
public record CheckedStaff(UserId user, OrgId organization, String displayName, boolean admin, String organizationName,
        ZoneId timeZone) {

    static final String ATTRIBUTE = CheckedStaff.class.getName();

    /** The row read for the current request, if it is a signed-in staff user's request. */
    public static Optional<CheckedStaff> ofRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getAttribute(ATTRIBUTE) instanceof CheckedStaff checked) {
            return Optional.of(checked);
        }
        return Optional.empty();
    }

    /** The row read for the current request, if it is this organization's. */
    public static Optional<CheckedStaff> ofRequest(OrgId organization) {
        return ofRequest().filter(checked -> checked.organization().equals(organization));
    }
}
