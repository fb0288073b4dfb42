package com.bloomtext.accounts.domain;

import java.time.ZoneId;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Settings → the organization → General: name, time zone, address, how long secure links last. */
@Service
public class OrganizationSettings {

    private final Organizations organizations;
    private final AuditLog auditLog;

    OrganizationSettings(Organizations organizations, AuditLog auditLog) {
        this.organizations = organizations;
        this.auditLog = auditLog;
    }

    public Organization current(Actor actor) {
        return organizations.find(actor.orgId()).orElseThrow(() -> new NotFoundException("Organization"));
    }

    @Transactional
    public void describe(Actor admin, String name, ZoneId timeZone, PostalAddress address, int secureLinkDays) {
        if (!admin.admin()) {
            throw new AccessDeniedException("Administrators only");
        }
        Organization organization = current(admin);
        organization.describe(name, timeZone, address, secureLinkDays);
        organizations.update(organization);
        auditLog.record(admin, AuditAction.ORGANIZATION_UPDATED, AuditTarget.of("organization", organization.id()),
                Outcome.SUCCESS, null);
    }
}
