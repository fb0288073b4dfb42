package com.bloomtext.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The organization's messaging policy: whether an SMS that looks like PHI is blocked or only warned about. */
@Service
public class MessagingPolicy {

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final Clock clock;

    MessagingPolicy(JdbcClient jdbc, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public boolean blocksPhiSms(OrgId org) {
        return jdbc.sql("select block_phi_sms from messaging_policy where organization_id = :org")
                .param("org", org.value()).query(Boolean.class).optional().orElse(false);
    }

    @Transactional
    public void blockPhiSms(Actor admin, boolean block) {
        if (!admin.admin()) {
            throw new AccessDeniedException("Administrators only");
        }
        jdbc.sql("""
                        insert into messaging_policy (organization_id, block_phi_sms, updated_at) values (:org, :block, :at)
                        on conflict (organization_id) do update set block_phi_sms = excluded.block_phi_sms,
                            updated_at = excluded.updated_at""")
                .param("org", admin.orgId().value()).param("block", block)
                .param("at", Timestamp.from(clock.instant())).update();
        auditLog.record(admin, AuditAction.MESSAGING_POLICY_CHANGED, AuditTarget.of("organization", admin.orgId()),
                Outcome.SUCCESS, block ? "PHI in SMS: block" : "PHI in SMS: warn");
    }
}
