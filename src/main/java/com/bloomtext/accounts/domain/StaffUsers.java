package com.bloomtext.accounts.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.accounts.StaffMember;
import com.bloomtext.accounts.StaffRole;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The staff users. Every lookup but sign-in's starts from an organization, so a user of another
 * organization is simply not found.
 */
@Repository
public class StaffUsers {

    private static final String COLUMNS =
            "id, organization_id, email, display_name, password_hash, role, active, created_at";

    private final JdbcClient jdbc;

    StaffUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(StaffUser user) {
        jdbc.sql("insert into staff_user (" + COLUMNS + ") "
                        + "values (:id, :org, :email, :name, :hash, :role, :active, :created)")
                .param("id", user.id().value())
                .param("org", user.organization().value())
                .param("email", user.email())
                .param("name", user.displayName())
                .param("hash", user.passwordHash())
                .param("role", user.role().name())
                .param("active", user.active())
                .param("created", Timestamp.from(user.createdAt()))
                .update();
    }

    /** Saves a changed role or deactivation, within the user's own organization only. */
    void save(StaffUser user) {
        jdbc.sql("""
                        update staff_user set role = :role, active = :active,
                               deactivated_at = case when :active then null else coalesce(deactivated_at, now()) end
                        where id = :id and organization_id = :org""")
                .param("role", user.role().name())
                .param("active", user.active())
                .param("id", user.id().value())
                .param("org", user.organization().value())
                .update();
    }

    /** Sign-in's lookup: the one place that starts from an email rather than an organization. */
    public Optional<StaffUser> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from staff_user where email = :email")
                .param("email", StaffUser.normalizeEmail(email))
                .query(StaffUsers::map)
                .optional();
    }

    public boolean emailTaken(String email) {
        return findByEmail(email).isPresent();
    }

    public Optional<StaffUser> find(OrgId org, UserId id) {
        return jdbc.sql("select " + COLUMNS + " from staff_user where organization_id = :org and id = :id")
                .param("org", org.value())
                .param("id", id.value())
                .query(StaffUsers::map)
                .optional();
    }

    /** Everyone on the organization's staff, active first, by name. */
    public List<StaffUser> all(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from staff_user where organization_id = :org "
                        + "order by active desc, lower(display_name), email")
                .param("org", org.value())
                .query(StaffUsers::map)
                .list();
    }

    /**
     * Everyone on the organization's staff as listings show them (who, how to reach them, their role, whether
     * active), in {@link #all}'s order: without the password hash and the other columns only the account's own
     * pages need.
     */
    public List<StaffMember> listing(OrgId org) {
        return jdbc.sql("select id, display_name, email, role, active from staff_user where organization_id = :org "
                        + "order by active desc, lower(display_name), email")
                .param("org", org.value())
                .query((rs, row) -> new StaffMember(new UserId(rs.getObject("id", UUID.class)),
                        rs.getString("display_name"), rs.getString("email"), StaffRole.valueOf(rs.getString("role")),
                        rs.getBoolean("active")))
                .list();
    }

    /**
     * Locks the organization's active administrators until the transaction ends, so that two admins
     * demoting each other at once cannot leave the organization with none.
     */
    List<UserId> lockActiveAdmins(OrgId org) {
        return jdbc.sql("""
                        select id from staff_user
                        where organization_id = :org and role = 'ADMIN' and active
                        order by id for update""")
                .param("org", org.value())
                .query((rs, row) -> new UserId(rs.getObject("id", UUID.class)))
                .list();
    }

    private static StaffUser map(ResultSet rs, int row) throws SQLException {
        return new StaffUser(new UserId(rs.getObject("id", UUID.class)),
                new OrgId(rs.getObject("organization_id", UUID.class)),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                StaffRole.valueOf(rs.getString("role")),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant());
    }
}
