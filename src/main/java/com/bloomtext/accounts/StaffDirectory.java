package com.bloomtext.accounts;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import com.bloomtext.accounts.domain.Organizations;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.accounts.domain.StaffUsers;
import com.bloomtext.accounts.security.CheckedStaff;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.stereotype.Service;

/** What other modules may know of an organization and its staff; always within one organization. */
@Service
public class StaffDirectory {

    private final StaffUsers users;
    private final Organizations organizations;

    StaffDirectory(StaffUsers users, Organizations organizations) {
        this.users = users;
        this.organizations = organizations;
    }

    public List<StaffMember> activeStaff(OrgId org) {
        return users.listing(org).stream().filter(StaffMember::active).toList();
    }

    /** Everyone who was ever on the staff, deactivated users included (authors of old messages). */
    public List<StaffMember> everyone(OrgId org) {
        return users.listing(org);
    }

    public Optional<StaffMember> find(OrgId org, UserId user) {
        return users.find(org, user).map(StaffDirectory::member);
    }

    /**
     * The user's name. For the signed-in user of the current request it is the row the request's sign-in check
     * read a moment ago ({@link CheckedStaff}), not a second read of it.
     */
    public Optional<String> displayName(OrgId org, UserId user) {
        Optional<CheckedStaff> checked = CheckedStaff.ofRequest(org).filter(staff -> staff.user().equals(user));
        if (checked.isPresent()) {
            return checked.map(CheckedStaff::displayName);
        }
        return find(org, user).map(StaffMember::displayName);
    }

    /** The organization's name and time zone; within a staff request of this organization, as its sign-in check read them. */
    public NameAndZone nameAndZone(OrgId org) {
        return CheckedStaff.ofRequest(org)
                .map(checked -> new NameAndZone(checked.organizationName(), checked.timeZone()))
                .orElseGet(() -> {
                    OrganizationProfile profile = profile(org);
                    return new NameAndZone(profile.name(), profile.timeZone());
                });
    }

    /** An organization's name and the time zone its pages show times in. */
    public record NameAndZone(String name, ZoneId timeZone) {
    }

    public OrganizationProfile profile(OrgId org) {
        return organizations.find(org)
                .map(found -> new OrganizationProfile(found.name(), found.timeZone(), found.address().city(),
                        found.address().state(), found.address().postalCode(), found.secureLinkDays()))
                .orElseThrow(() -> new NotFoundException("Organization"));
    }

    private static StaffMember member(StaffUser user) {
        return new StaffMember(user.id(), user.displayName(), user.email(), user.role(), user.active());
    }
}
