package com.bloomtext.numbers.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.numbers.TeamMemberAdded;
import com.bloomtext.numbers.TeamMemberRemoved;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Teams and who is on them. Admins manage membership; it applies from the next request on. */
@Service
public class Teams {

    public static final int MAX_NAME_LENGTH = 80;

    private final JdbcClient jdbc;
    private final StaffDirectory staff;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Teams(JdbcClient jdbc, StaffDirectory staff, AuditLog auditLog, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.auditLog = auditLog;
        this.events = events;
        this.clock = clock;
    }

    /** Every team of the organization by name, for admins; a member's own teams otherwise. */
    public List<TeamRow> visibleTo(Actor actor) {
        return jdbc.sql("""
                        select t.id, t.name from team t
                        where t.organization_id = :org
                          and (:admin or exists (select 1 from team_member m
                                                 where m.team_id = t.id and m.user_id = :user and m.organization_id = :org))
                        order by t.created_at""")
                .param("org", actor.orgId().value())
                .param("admin", actor.admin())
                .param("user", actor.userId().value())
                .query((rs, n) -> new TeamRow(new TeamId(rs.getObject("id", UUID.class)), rs.getString("name")))
                .list();
    }

    public Optional<TeamRow> visibleTo(Actor actor, TeamId team) {
        return visibleTo(actor).stream().filter(row -> row.id().equals(team)).findFirst();
    }

    public List<UserId> members(OrgId org, TeamId team) {
        return jdbc.sql("select user_id from team_member where organization_id = :org and team_id = :team order by added_at")
                .param("org", org.value())
                .param("team", team.value())
                .query((rs, n) -> new UserId(rs.getObject("user_id", UUID.class)))
                .list();
    }

    void create(OrgId org, TeamId team, String name) {
        jdbc.sql("insert into team (id, organization_id, name, created_at) values (:id, :org, :name, :at)")
                .param("id", team.value())
                .param("org", org.value())
                .param("name", name)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    @Transactional
    public void rename(Actor admin, TeamId team, String name) {
        requireAdmin(admin);
        String cleaned = name == null ? "" : name.strip();
        if (cleaned.isEmpty() || cleaned.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A team name has 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        int renamed = jdbc.sql("update team set name = :name where organization_id = :org and id = :id")
                .param("name", cleaned)
                .param("org", admin.orgId().value())
                .param("id", team.value())
                .update();
        if (renamed == 0) {
            throw new NotFoundException("Team");
        }
        auditLog.record(admin, AuditAction.TEAM_RENAMED, AuditTarget.of("team", team), Outcome.SUCCESS, null);
    }

    /** Adds an active staff user of the same organization to the team. */
    @Transactional
    public void addMember(Actor admin, TeamId team, UserId user) {
        requireAdmin(admin);
        requireTeam(admin.orgId(), team);
        staff.find(admin.orgId(), user).filter(member -> member.active())
                .orElseThrow(() -> new NotFoundException("User"));
        join(admin.orgId(), admin, team, user);
    }

    /** Adds the user; the audit names the admin who did it, or none when support completed a port-in. */
    void join(OrgId org, Actor byAdmin, TeamId team, UserId user) {
        int added = jdbc.sql("""
                        insert into team_member (team_id, user_id, organization_id, added_at) values (:team, :user, :org, :at)
                        on conflict do nothing""")
                .param("team", team.value())
                .param("user", user.value())
                .param("org", org.value())
                .param("at", Timestamp.from(clock.instant()))
                .update();
        if (added == 1) {
            if (byAdmin != null) {
                auditLog.record(byAdmin, AuditAction.TEAM_MEMBER_ADDED, AuditTarget.of("team", team), Outcome.SUCCESS,
                        "user " + user);
            } else {
                auditLog.recordAnonymous(org, AuditAction.TEAM_MEMBER_ADDED, AuditTarget.of("team", team),
                        Outcome.SUCCESS, "user " + user + " (port-in completed by support)");
            }
            events.publishEvent(new TeamMemberAdded(org, team, user));
        }
    }

    @Transactional
    public void removeMember(Actor admin, TeamId team, UserId user) {
        requireAdmin(admin);
        requireTeam(admin.orgId(), team);
        int removed = jdbc.sql("delete from team_member where organization_id = :org and team_id = :team and user_id = :user")
                .param("org", admin.orgId().value())
                .param("team", team.value())
                .param("user", user.value())
                .update();
        if (removed == 1) {
            auditLog.record(admin, AuditAction.TEAM_MEMBER_REMOVED, AuditTarget.of("team", team), Outcome.SUCCESS,
                    "user " + user);
            events.publishEvent(new TeamMemberRemoved(admin.orgId(), team, user));
        }
    }

    private void requireTeam(OrgId org, TeamId team) {
        boolean exists = jdbc.sql("select count(*) from team where organization_id = :org and id = :id")
                .param("org", org.value()).param("id", team.value()).query(Integer.class).single() > 0;
        if (!exists) {
            throw new NotFoundException("Team");
        }
    }

    static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new AccessDeniedException("Administrators only");
        }
    }

    /** A team as the Phone numbers directory lists it. */
    public record TeamRow(TeamId id, String name) {
    }
}
