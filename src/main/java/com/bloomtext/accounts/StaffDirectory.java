package com.bloomtext.accounts;

import java.util.List;
import java.util.Optional;

import com.bloomtext.accounts.domain.Organizations;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.accounts.domain.StaffUsers;
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
        return users.active(org).stream().map(StaffDirectory::member).toList();
    }

    /** Everyone who was ever on the staff, deactivated users included (authors of old messages). */
    public List<StaffMember> everyone(OrgId org) {
        return users.all(org).stream().map(StaffDirectory::member).toList();
    }

    public Optional<StaffMember> find(OrgId org, UserId user) {
        return users.find(org, user).map(StaffDirectory::member);
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
