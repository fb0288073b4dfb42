package com.bloomtext.numbers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Team membership as it is now, read from the database on every call: a removal takes effect on the
 * very next request. Every method starts from the organization.
 */
@Service
public class TeamAccess {

    private static final String TEAM_WITH_NUMBER = """
            select t.id, t.name, p.number from team t
            left join phone_number p on p.team_id = t.id and p.status = 'ACTIVE'
            """;

    private final JdbcClient jdbc;

    TeamAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The teams this user is a member of now, by name. */
    public List<TeamRef> teamsOf(OrgId org, UserId user) {
        return jdbc.sql(TEAM_WITH_NUMBER + """
                        join team_member m on m.team_id = t.id
                        where t.organization_id = :org and m.organization_id = :org and m.user_id = :user
                        order by lower(t.name)""")
                .param("org", org.value())
                .param("user", user.value())
                .query((rs, n) -> map(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("number")))
                .list();
    }

    public boolean isMember(OrgId org, TeamId team, UserId user) {
        return jdbc.sql("""
                        select count(*) from team_member
                        where organization_id = :org and team_id = :team and user_id = :user""")
                .param("org", org.value())
                .param("team", team.value())
                .param("user", user.value())
                .query(Integer.class)
                .single() > 0;
    }

    public List<UserId> membersOf(OrgId org, TeamId team) {
        return jdbc.sql("select user_id from team_member where organization_id = :org and team_id = :team order by added_at")
                .param("org", org.value())
                .param("team", team.value())
                .query((rs, n) -> new UserId(rs.getObject("user_id", UUID.class)))
                .list();
    }

    public Optional<TeamRef> team(OrgId org, TeamId team) {
        return jdbc.sql(TEAM_WITH_NUMBER + " where t.organization_id = :org and t.id = :team")
                .param("org", org.value())
                .param("team", team.value())
                .query((rs, n) -> map(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("number")))
                .optional();
    }

    /** Every team of the organization, with its active number if it has one. */
    public List<TeamRef> all(OrgId org) {
        return jdbc.sql(TEAM_WITH_NUMBER + " where t.organization_id = :org order by lower(t.name)")
                .param("org", org.value())
                .query((rs, n) -> map(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("number")))
                .list();
    }

    /** The organization's active numbers, each with its team. */
    public List<TeamRef> activeNumbers(OrgId org) {
        return jdbc.sql(TEAM_WITH_NUMBER + " where t.organization_id = :org and p.number is not null order by p.number")
                .param("org", org.value())
                .query((rs, n) -> map(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("number")))
                .list();
    }

    /** Which organization's team answers at this number now, for a text that arrived there. */
    public Optional<NumberOwner> ownerOf(E164 number) {
        return jdbc.sql("select organization_id, team_id from phone_number where number = :number and status = 'ACTIVE'")
                .param("number", number.value())
                .query((rs, n) -> new NumberOwner(new OrgId(rs.getObject("organization_id", UUID.class)),
                        new TeamId(rs.getObject("team_id", UUID.class))))
                .optional();
    }

    /** The organization and team a number belongs to. */
    public record NumberOwner(OrgId organization, TeamId team) {
    }

    private static TeamRef map(UUID id, String name, String number) {
        return new TeamRef(new TeamId(id), name, number == null ? null : new E164(number));
    }
}
