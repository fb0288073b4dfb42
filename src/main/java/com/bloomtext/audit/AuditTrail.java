package com.bloomtext.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading the audit log back: one organization's events, filtered and paged for the viewer, streamed
 * for the export, and its hash chain verified. Every query is bound to the organization.
 */
@Service
public class AuditTrail {

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of matching events, newest first. */
    public List<AuditEvent> page(OrgId org, AuditQuery query, int offset, int limit) {
        Where where = where(org, query);
        var statement = jdbc.sql("select " + AuditLog.COLUMNS + " from audit_event where " + where.sql
                + " order by id desc offset :offset limit :limit");
        where.params.forEach(statement::param);
        return statement.param("offset", offset).param("limit", limit).query((rs, n) -> AuditLog.read(rs)).list();
    }

    public int count(OrgId org, AuditQuery query) {
        Where where = where(org, query);
        var statement = jdbc.sql("select count(*) from audit_event where " + where.sql);
        where.params.forEach(statement::param);
        return statement.query(Integer.class).single();
    }

    /** Every matching event, oldest first, one at a time (an export of years of events stays small in memory). */
    @Transactional(readOnly = true)
    public void forEach(OrgId org, AuditQuery query, Consumer<AuditEvent> each) {
        Where where = where(org, query);
        var statement = jdbc.sql("select " + AuditLog.COLUMNS + " from audit_event where " + where.sql + " order by id")
                .withFetchSize(500);
        where.params.forEach(statement::param);
        statement.query(rs -> {
            each.accept(AuditLog.read(rs));
        });
    }

    /**
     * Recomputes every hash of the organization's chain, in order, each in its event's hash format (format 1
     * before V20, format 2 also covering the acting patient; an older format after a newer one is a
     * relabelled event), and checks that each event names the
     * hash of the one before it and that the chain's recorded head is its last event. One snapshot, so
     * events written meanwhile do not look like tampering.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ChainVerification verify(OrgId org) {
        long checked = jdbc.sql("select count(*) from audit_event where organization_id = :org")
                .param("org", org.value()).query(Long.class).single();
        var broken = jdbc.sql("""
                        with chain as (
                            select id, occurred_at, hash, previous_hash, hash_version,
                                   lag(hash) over (order by id) as prior_hash,
                                   max(hash_version) over (order by id rows between unbounded preceding and 1 preceding)
                                       as newest_format_before,
                                   audit_event_recomputed(e) as recomputed
                            from audit_event e where organization_id = :org)
                        select id, occurred_at,
                               hash is distinct from recomputed or hash_version < newest_format_before as altered
                        from chain
                        where hash is distinct from recomputed or previous_hash is distinct from prior_hash
                           or hash_version < newest_format_before
                        order by id limit 1""")
                .param("org", org.value())
                .query((rs, n) -> new ChainVerification(checked, rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getBoolean("altered")
                                ? "Its contents no longer match its hash: it was changed after it was written."
                                : "It does not follow the event before it: an event before it was removed, "
                                        + "inserted or changed."))
                .optional();
        if (broken.isPresent()) {
            return broken.get();
        }
        var head = jdbc.sql("""
                        select h.last_event_id, h.last_hash,
                               (select id from audit_event where organization_id = :org order by id desc limit 1) as last_id,
                               (select hash from audit_event where organization_id = :org order by id desc limit 1) as last_hash_found
                        from audit_chain_head h where h.chain_key = :org""")
                .param("org", org.value())
                .query((rs, n) -> new Head(rs.getLong("last_event_id"), rs.getBytes("last_hash"), rs.getLong("last_id"),
                        rs.getBytes("last_hash_found")))
                .optional();
        if (head.isPresent() && !head.get().holds()) {
            return new ChainVerification(checked, head.get().eventId(), null,
                    "The newest events, up to this one, are missing or were replaced.");
        }
        return new ChainVerification(checked, null, null, null);
    }

    /** The chain's recorded last event, and the last event actually found. */
    private record Head(long eventId, byte[] hash, long lastFoundId, byte[] lastFoundHash) {

        boolean holds() {
            return eventId == lastFoundId && java.util.Arrays.equals(hash, lastFoundHash);
        }
    }

    private static Where where(OrgId org, AuditQuery query) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        conditions.add("organization_id = :org");
        params.put("org", org.value());
        if (query.user() != null) {
            conditions.add("actor_user_id = :user");
            params.put("user", query.user());
        }
        if (query.patients() != null) {
            if (query.patients().isEmpty()) {
                conditions.add("false");
            } else {
                conditions.add("patient_id in (:patients)");
                params.put("patients", query.patients());
            }
        }
        if (query.action() != null) {
            conditions.add("action = :action");
            params.put("action", query.action().name());
        }
        if (query.from() != null) {
            conditions.add("occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.until() != null) {
            conditions.add("occurred_at < :until");
            params.put("until", Timestamp.from(query.until()));
        }
        return new Where(String.join(" and ", conditions), params);
    }

    private record Where(String sql, Map<String, Object> params) {
    }
}
