package com.bloomtext.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The inbox view each user chose last (help article step 7): all the conversations they may see, or one
 * phone number's team. The choice is kept per user; a team they have left reads as "all" again.
 */
@Service
public class InboxScopes {

    private final JdbcClient jdbc;
    private final TeamAccess teams;
    private final Clock clock;

    InboxScopes(JdbcClient jdbc, TeamAccess teams, Clock clock) {
        this.jdbc = jdbc;
        this.teams = teams;
        this.clock = clock;
    }

    /** The team the user's inbox is scoped to now, or empty for all conversations. */
    public Optional<TeamId> chosen(Actor actor) {
        return jdbc.sql("select team_id from inbox_scope where user_id = :user and organization_id = :org")
                .param("user", actor.userId().value()).param("org", actor.orgId().value())
                .query((rs, n) -> Optional.ofNullable(rs.getObject("team_id", UUID.class)).map(TeamId::new))
                .optional()
                .flatMap(team -> team)
                .filter(team -> teams.isMember(actor.orgId(), team, actor.userId()));
    }

    /**
     * {@link #chosen} for each of these users of the organization, in one query: the team each user's inbox is
     * scoped to (still a member of it); users who see all conversations are absent.
     */
    public Map<UserId, TeamId> chosen(OrgId org, Set<UserId> users) {
        Map<UserId, TeamId> chosen = new HashMap<>();
        if (users.isEmpty()) {
            return chosen;
        }
        jdbc.sql("""
                        select s.user_id, s.team_id from inbox_scope s
                        join team_member m on m.team_id = s.team_id and m.user_id = s.user_id and m.organization_id = :org
                        where s.organization_id = :org and s.user_id in (:users)""")
                .param("org", org.value())
                .param("users", users.stream().map(UserId::value).toList())
                .query(rs -> {
                    chosen.put(new UserId(rs.getObject("user_id", UUID.class)), new TeamId(rs.getObject("team_id", UUID.class)));
                });
        return chosen;
    }

    /**
     * Scopes the user's inbox to a team they are on, or to everything (team null).
     *
     * @throws NotFoundException when the user is not on that team (or it is another organization's)
     */
    public void choose(Actor actor, TeamId team) {
        if (team != null && !teams.isMember(actor.orgId(), team, actor.userId())) {
            throw new NotFoundException("Team");
        }
        jdbc.sql("""
                        insert into inbox_scope (user_id, organization_id, team_id, chosen_at) values (:user, :org, :team, :at)
                        on conflict (user_id) do update set team_id = excluded.team_id, chosen_at = excluded.chosen_at""")
                .param("user", actor.userId().value()).param("org", actor.orgId().value())
                .param("team", team == null ? null : team.value()).param("at", Timestamp.from(clock.instant()))
                .update();
    }
}
