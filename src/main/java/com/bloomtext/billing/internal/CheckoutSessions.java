package com.bloomtext.billing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Checkout sessions: staff find them within their organization; fulfilment finds them by id and locks them. */
@Repository
public class CheckoutSessions {

    private final JdbcClient jdbc;

    CheckoutSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(CheckoutSession session, Instant at) {
        jdbc.sql("""
                        insert into checkout_session (id, organization_id, plan_id, provider, status, started_by, created_at)
                        values (:id, :org, :plan, :provider, 'OPEN', :by, :at)""")
                .param("id", session.id())
                .param("org", session.organization().value())
                .param("plan", session.planId())
                .param("provider", session.provider())
                .param("by", session.startedBy().value())
                .param("at", Timestamp.from(at))
                .update();
    }

    public void recordExternalId(UUID id, String externalId) {
        jdbc.sql("update checkout_session set external_id = :external where id = :id")
                .param("external", externalId)
                .param("id", id)
                .update();
    }

    public Optional<CheckoutSession> findOpen(OrgId org, UUID id) {
        return jdbc.sql("select * from checkout_session where organization_id = :org and id = :id and status = 'OPEN'")
                .param("org", org.value())
                .param("id", id)
                .query(CheckoutSessions::map)
                .optional();
    }

    /** Fulfilment's lookup, locked so that two deliveries of one payment cannot both apply it. */
    Optional<CheckoutSession> lock(UUID id) {
        return jdbc.sql("select * from checkout_session where id = :id for update")
                .param("id", id)
                .query(CheckoutSessions::map)
                .optional();
    }

    void complete(UUID id, Instant at) {
        jdbc.sql("update checkout_session set status = 'COMPLETED', completed_at = :at where id = :id")
                .param("at", Timestamp.from(at))
                .param("id", id)
                .update();
    }

    private static CheckoutSession map(ResultSet rs, int row) throws SQLException {
        return new CheckoutSession(rs.getObject("id", UUID.class), new OrgId(rs.getObject("organization_id", UUID.class)),
                rs.getString("plan_id"), rs.getString("provider"), rs.getString("external_id"),
                "OPEN".equals(rs.getString("status")), new UserId(rs.getObject("started_by", UUID.class)));
    }
}
