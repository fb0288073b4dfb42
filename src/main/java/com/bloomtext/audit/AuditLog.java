package com.bloomtext.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.bloomtext.shared.Actor;
import com.bloomtext.shared.CurrentActor;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;
import com.bloomtext.shared.PatientId;
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
        insert(actor.orgId(), actor.userId(), null, action, target, outcome, detail);
    }

    /** An action by a patient in the portal: the patient is the actor, no staff user is. */
    public void record(PatientActor patient, AuditAction action, AuditTarget target, Outcome outcome, String detail) {
        insert(patient.orgId(), null, patient.patientId(), action, target, outcome, detail);
    }

    /** An action by nobody signed in, such as a failed sign-in; the organization when it is known. */
    public void recordAnonymous(OrgId orgOrNull, AuditAction action, AuditTarget target, Outcome outcome, String detail) {
        insert(orgOrNull, null, null, action, target, outcome, detail);
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
    static final String COLUMNS = "id, organization_id, actor_user_id, actor_patient_id, action, target_type, target_id, "
            + "patient_id, outcome, detail, address, occurred_at";

    static AuditEvent read(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"),
                rs.getObject("organization_id", UUID.class),
                rs.getObject("actor_user_id", UUID.class),
                rs.getObject("actor_patient_id", UUID.class),
                AuditAction.valueOf(rs.getString("action")),
                rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("patient_id", UUID.class),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("detail"), rs.getString("address"),
                rs.getTimestamp("occurred_at").toInstant());
    }

    /**
     * Every parameter is bound with the same type whether it is null or not (the ids as text cast in SQL): pgjdbc
     * keeps a server-prepared statement only while each position's bound type stays the same, and events with and
     * without a target or patient alternate on every page (an inbox view, then a conversation view), so typed by
     * value the statement was closed, parsed and described again on nearly every insert.
     */
    private void insert(OrgId org, UserId actor, PatientId actorPatient, AuditAction action, AuditTarget target,
            Outcome outcome, String detail) {
        UUID patient = target.patient() != null ? target.patient() : actorPatient == null ? null : actorPatient.value();
        jdbc.sql("""
                        insert into audit_event (organization_id, actor_user_id, actor_patient_id, action, target_type,
                                                 target_id, patient_id, outcome, detail, address, occurred_at)
                        values (cast(:org as uuid), cast(:actor as uuid), cast(:actorPatient as uuid), :action, :targetType,
                                :targetId, cast(:patient as uuid), :outcome, :detail, :address, :at)""")
                .param("org", text(org == null ? null : org.value()), Types.VARCHAR)
                .param("actor", text(actor == null ? null : actor.value()), Types.VARCHAR)
                .param("actorPatient", text(actorPatient == null ? null : actorPatient.value()), Types.VARCHAR)
                .param("action", action.name(), Types.VARCHAR)
                .param("targetType", target.type(), Types.VARCHAR)
                .param("targetId", target.id(), Types.VARCHAR)
                .param("patient", text(patient), Types.VARCHAR)
                .param("outcome", outcome.name(), Types.VARCHAR)
                .param("detail", detail, Types.VARCHAR)
                .param("address", requestAddress(), Types.VARCHAR)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private static String requestAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
