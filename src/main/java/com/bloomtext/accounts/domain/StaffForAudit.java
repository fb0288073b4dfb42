package com.bloomtext.accounts.domain;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.accounts.StaffMember;
import com.bloomtext.audit.AuditDirectory;
import com.bloomtext.shared.OrgId;

import org.springframework.stereotype.Component;

/** Names the organization's staff, former staff included, and its time zone for the audit log viewer. */
@Component
class StaffForAudit implements AuditDirectory {

    private final StaffUsers users;
    private final Organizations organizations;

    StaffForAudit(StaffUsers users, Organizations organizations) {
        this.users = users;
        this.organizations = organizations;
    }

    @Override
    public Map<UUID, String> staffNames(OrgId org) {
        Map<UUID, String> names = new LinkedHashMap<>();
        users.listing(org).stream()
                .sorted(java.util.Comparator.comparing(StaffMember::displayName, String.CASE_INSENSITIVE_ORDER))
                .forEach(user -> names.put(user.id().value(), user.displayName()));
        return names;
    }

    @Override
    public Optional<ZoneId> timeZone(OrgId org) {
        return organizations.find(org).map(Organization::timeZone);
    }
}
