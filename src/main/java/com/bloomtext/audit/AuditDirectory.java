package com.bloomtext.audit;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bloomtext.shared.OrgId;

/**
 * What the audit log viewer needs to know about the people and records its events name. The audit
 * module depends on no other module: the modules that own those records answer (accounts: staff and the
 * organization's time zone; patients: which patients match what an admin typed).
 */
public interface AuditDirectory {

    /** The organization's staff, active or not, by id, in name order. Empty for modules that hold no staff. */
    default Map<UUID, String> staffNames(OrgId org) {
        return Map.of();
    }

    /** The organization's time zone, when this module knows it. */
    default java.util.Optional<ZoneId> timeZone(OrgId org) {
        return java.util.Optional.empty();
    }

    /** The ids of the organization's patients that match typed text (name, phone, MRN, email), when this module holds patients. */
    default List<UUID> patientsMatching(OrgId org, String typed) {
        return List.of();
    }
}
