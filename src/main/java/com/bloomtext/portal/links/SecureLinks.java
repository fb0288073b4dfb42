package com.bloomtext.portal.links;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.portal.PortalProperties;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Secure links: one live link per conversation. A new Secure Chat message issues a new link (the
 * notification must carry a token, and only its hash is kept) and voids the old one, which ends the
 * patient's open session on it; the new link keeps the old one's failed identity checks, and a locked
 * link stays locked: only staff's "Resend link" unlocks, with a fresh link and a clean count.
 */
@Service
public class SecureLinks {

    private final JdbcClient jdbc;
    private final SecureChat secureChat;
    private final AuditLog auditLog;
    private final PortalProperties properties;
    private final Clock clock;

    SecureLinks(JdbcClient jdbc, SecureChat secureChat, AuditLog auditLog, PortalProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.secureChat = secureChat;
        this.auditLog = auditLog;
        this.properties = properties;
        this.clock = clock;
    }

    /** A link just issued, with its token: held in memory only, for the notification. */
    public record Issued(SecureLink link, String token, SecureChat.ConversationRef conversation) {
    }

    /**
     * The link for a Secure Chat message staff just sent. Empty when the conversation's link is locked
     * (it waits for staff to resend) or the conversation is gone.
     */
    @Transactional
    public Optional<Issued> issueForNewMessage(OrgId org, UUID conversation) {
        Optional<SecureChat.ConversationRef> ref = secureChat.find(org, conversation);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        lockConversation(org, conversation);
        Optional<SecureLink> live = live(org, conversation);
        if (live.isPresent() && live.get().locked()) {
            return Optional.empty();
        }
        int carried = live.map(SecureLink::failedAttempts).orElse(0);
        return Optional.of(issue(ref.get(), live, carried));
    }

    /** Staff's "Resend link": a new link, the old one void, the lockout and its count reset. */
    @Transactional
    public Issued resend(Actor staff, UUID conversation) {
        SecureChat.ConversationRef ref = secureChat.visibleTo(staff, conversation);
        lockConversation(staff.orgId(), conversation);
        Issued issued = issue(ref, live(staff.orgId(), conversation), 0);
        auditLog.record(staff, AuditAction.SECURE_LINK_RESENT, AuditTarget.of("secure_link", issued.link().id()),
                Outcome.SUCCESS, null);
        return issued;
    }

    /** The link this token opens, whatever its state; empty for a token no link has. */
    public Optional<SecureLink> byToken(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("select * from secure_link where token_sha256 = :hash")
                .param("hash", Tokens.sha256(token)).query(SecureLinks::map).optional();
    }

    public Optional<SecureLink> byId(UUID id) {
        return jdbc.sql("select * from secure_link where id = :id").param("id", id).query(SecureLinks::map).optional();
    }

    /** The conversation's live link, or its newest one when none is live (for staff's status line). */
    public Optional<SecureLink> latest(OrgId org, UUID conversation) {
        return jdbc.sql("""
                        select * from secure_link where organization_id = :org and conversation_id = :conversation
                        order by (voided_at is null) desc, issued_at desc limit 1""")
                .param("org", org.value()).param("conversation", conversation)
                .query(SecureLinks::map).optional();
    }

    /**
     * Counts a failed identity check; the one that reaches the limit locks the link and ends its
     * sessions. Returns the link as it now is.
     */
    @Transactional
    public SecureLink recordFailure(SecureLink link) {
        SecureLink now = jdbc.sql("""
                        update secure_link set failed_attempts = failed_attempts + 1,
                            locked_at = case when failed_attempts + 1 >= :max then coalesce(locked_at, :at) else locked_at end
                        where id = :id returning *""")
                .param("max", properties.maxFailures()).param("at", Timestamp.from(clock.instant()))
                .param("id", link.id()).query(SecureLinks::map).single();
        auditLog.recordAnonymous(link.organization(), AuditAction.PORTAL_IDENTITY_FAILED,
                AuditTarget.of("secure_link", link.id()), Outcome.FAILURE, "attempt " + now.failedAttempts());
        if (now.locked() && !link.locked()) {
            endSessions(link.id());
            auditLog.recordAnonymous(link.organization(), AuditAction.PORTAL_LINK_LOCKED,
                    AuditTarget.of("secure_link", link.id()), Outcome.DENIED,
                    "after " + now.failedAttempts() + " failed identity checks");
        }
        return now;
    }

    /** The identity check passed: the count starts again and a pending code is spent. */
    public void recordSuccess(SecureLink link) {
        jdbc.sql("update secure_link set failed_attempts = 0, code_sha256 = null, code_expires_at = null where id = :id")
                .param("id", link.id()).update();
    }

    /** Keeps a new one-time code's hash (salted with the link id) until it expires. */
    public void rememberCode(SecureLink link, String code) {
        jdbc.sql("""
                        update secure_link set code_sha256 = :hash, code_expires_at = :until, codes_sent = codes_sent + 1
                        where id = :id""")
                .param("hash", codeHash(link, code))
                .param("until", Timestamp.from(clock.instant().plus(properties.codeValidity())))
                .param("id", link.id()).update();
    }

    public boolean codeMatches(SecureLink link, String typed) {
        return link.codePending(clock.instant()) && typed != null && typed.strip().matches("\\d{6}")
                && java.security.MessageDigest.isEqual(link.codeSha256().getBytes(), codeHash(link, typed.strip()).getBytes());
    }

    private static String codeHash(SecureLink link, String code) {
        return Tokens.sha256(link.id() + ":" + code);
    }

    private Issued issue(SecureChat.ConversationRef ref, Optional<SecureLink> live, int failedAttempts) {
        Instant now = clock.instant();
        live.ifPresent(old -> {
            jdbc.sql("update secure_link set voided_at = :at where id = :id").param("at", Timestamp.from(now))
                    .param("id", old.id()).update();
            endSessions(old.id());
        });
        String token = Tokens.random256();
        UUID id = UUID.randomUUID();
        SecureLink link = jdbc.sql("""
                        insert into secure_link (id, organization_id, conversation_id, patient_id, token_sha256, issued_at,
                                                 expires_at, failed_attempts)
                        values (:id, :org, :conversation, :patient, :hash, :at, :expires, :failed) returning *""")
                .param("id", id).param("org", ref.organization().value()).param("conversation", ref.id())
                .param("patient", ref.patient().value()).param("hash", Tokens.sha256(token))
                .param("at", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(Duration.ofDays(ref.linkDays()))))
                .param("failed", failedAttempts)
                .query(SecureLinks::map).single();
        return new Issued(link, token, ref);
    }

    private Optional<SecureLink> live(OrgId org, UUID conversation) {
        return jdbc.sql("select * from secure_link where organization_id = :org and conversation_id = :conversation "
                        + "and voided_at is null")
                .param("org", org.value()).param("conversation", conversation).query(SecureLinks::map).optional();
    }

    /** Two messages sent at once issue their links one after the other. */
    private void lockConversation(OrgId org, UUID conversation) {
        jdbc.sql("select id from conversation where organization_id = :org and id = :id for update")
                .param("org", org.value()).param("id", conversation).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("Conversation"));
    }

    private void endSessions(UUID link) {
        jdbc.sql("delete from portal_session where link_id = :link").param("link", link).update();
    }

    static SecureLink map(ResultSet rs, int row) throws SQLException {
        return new SecureLink(rs.getObject("id", UUID.class), new OrgId(rs.getObject("organization_id", UUID.class)),
                rs.getObject("conversation_id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                instant(rs, "issued_at"), instant(rs, "expires_at"), instant(rs, "voided_at"),
                rs.getInt("failed_attempts"), instant(rs, "locked_at"), rs.getString("code_sha256"),
                instant(rs, "code_expires_at"), rs.getInt("codes_sent"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
