package com.bloomtext.accounts.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Open invitations: found by organization, or by the link's token hash for the invitee. */
@Repository
public class Invitations {

    private static final String COLUMNS = "id, organization_id, email, invited_by, created_at, expires_at";
    private static final String OPEN = "accepted_at is null and revoked_at is null";

    private final JdbcClient jdbc;

    Invitations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(Invitation invitation, InvitationToken token) {
        jdbc.sql("""
                        insert into invitation (id, organization_id, email, token_hash, invited_by, created_at, expires_at)
                        values (:id, :org, :email, :hash, :by, :created, :expires)""")
                .param("id", invitation.id())
                .param("org", invitation.organization().value())
                .param("email", invitation.email())
                .param("hash", token.hash())
                .param("by", invitation.invitedBy().value())
                .param("created", Timestamp.from(invitation.createdAt()))
                .param("expires", Timestamp.from(invitation.expiresAt()))
                .update();
    }

    public List<Invitation> open(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from invitation where organization_id = :org and " + OPEN
                        + " order by created_at desc")
                .param("org", org.value())
                .query(Invitations::map)
                .list();
    }

    Optional<Invitation> findOpen(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from invitation where organization_id = :org and id = :id and " + OPEN)
                .param("org", org.value())
                .param("id", id)
                .query(Invitations::map)
                .optional();
    }

    Optional<Invitation> findOpenByEmail(OrgId org, String email) {
        return jdbc.sql("select " + COLUMNS + " from invitation where organization_id = :org and email = :email and " + OPEN)
                .param("org", org.value())
                .param("email", email)
                .query(Invitations::map)
                .optional();
    }

    /** The invitee's lookup, locked so that one link cannot be accepted twice at once. */
    Optional<Invitation> findOpenByToken(InvitationToken token, boolean lock) {
        return jdbc.sql("select " + COLUMNS + " from invitation where token_hash = :hash and " + OPEN
                        + (lock ? " for update" : ""))
                .param("hash", token.hash())
                .query(Invitations::map)
                .optional();
    }

    void markAccepted(Invitation invitation, UserId user, Instant at) {
        jdbc.sql("update invitation set accepted_at = :at, accepted_user = :user where id = :id and organization_id = :org")
                .param("at", Timestamp.from(at))
                .param("user", user.value())
                .param("id", invitation.id())
                .param("org", invitation.organization().value())
                .update();
    }

    void revoke(Invitation invitation, Instant at) {
        jdbc.sql("update invitation set revoked_at = :at where id = :id and organization_id = :org")
                .param("at", Timestamp.from(at))
                .param("id", invitation.id())
                .param("org", invitation.organization().value())
                .update();
    }

    private static Invitation map(ResultSet rs, int row) throws SQLException {
        return new Invitation(rs.getObject("id", UUID.class),
                new OrgId(rs.getObject("organization_id", UUID.class)),
                rs.getString("email"),
                new UserId(rs.getObject("invited_by", UUID.class)),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant());
    }
}
