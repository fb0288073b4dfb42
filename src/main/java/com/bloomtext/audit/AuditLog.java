package com.bloomtext.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.bloomtext.shared.Actor;
import com.bloomtext.shared.CurrentActor;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records audit events. An event joins the caller's transaction, so a change and its audit row are
 * committed together or not at all. Details name ids and roles, never PHI. The database chains each
 * event to the one before it in its organization (see V15), and the application's database role can
 * only read and append.
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An action by the signed-in staff user. */
    public void record(AuditAction action, AuditTarget target, Outcome outcome) {
        record(CurrentActor.require(), action, target, outcome, null);
    }

    /** An action by the signed-in staff user, with a detail such as "MEMBER -> ADMIN". */
    public void record(AuditAction action, AuditTarget target, Outcome outcome, String detail) {
        record(CurrentActor.require(), action, target, outcome, detail);
    }

    /** An action by a known actor who is not (yet) the request's principal: sign-up, sign-in. */
    public void record(Actor actor, AuditAction action, AuditTarget target, Outcome outcome, String detail) {
        insert(actor.orgId(), actor.userId(), action, target, outcome, detail);
    }

    /** An action by nobody signed in, such as a failed sign-in; the organization when it is known. */
    public void recordAnonymous(OrgId orgOrNull, AuditAction action, AuditTarget target, Outcome outcome, String detail) {
        insert(orgOrNull, null, action, target, outcome, detail);
    }

    /** The organization's most recent events, newest first. */
    public List<AuditEvent> latest(OrgId org, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_event where organization_id = :org order by id desc limit :limit")
                .param("org", org.value())
                .param("limit", limit)
                .query((rs, row) -> read(rs))
                .list();
    }

    /** The columns {@link #read} reads. */
    static final String COLUMNS = "id, organization_id, actor_user_id, action, target_type, target_id, patient_id, "
            + "outcome, detail, address, occurred_at";

    static AuditEvent read(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"),
                rs.getObject("organization_id", UUID.class),
                rs.getObject("actor_user_id", UUID.class),
                AuditAction.valueOf(rs.getString("action")),
                rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("patient_id", UUID.class),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("detail"), rs.getString("address"),
                rs.getTimestamp("occurred_at").toInstant());
    }

    private void insert(OrgId org, UserId actor, AuditAction action, AuditTarget target, Outcome outcome, String detail) {
        jdbc.sql("""
                        insert into audit_event (organization_id, actor_user_id, action, target_type, target_id,
                                                 patient_id, outcome, detail, address, occurred_at)
                        values (:org, :actor, :action, :targetType, :targetId, :patient, :outcome, :detail, :address, :at)""")
                .param("org", org == null ? null : org.value())
                .param("actor", actor == null ? null : actor.value())
                .param("action", action.name())
                .param("targetType", target.type())
                .param("targetId", target.id())
                .param("patient", target.patient())
                .param("outcome", outcome.name())
                .param("detail", detail)
                .param("address", requestAddress())
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    private static String requestAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
