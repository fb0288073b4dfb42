package com.bloomtext.numbers.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The numbers organizations hold, always looked up within one organization. */
@Repository
public class PhoneNumbers {

    private final JdbcClient jdbc;

    PhoneNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serializes number changes of one organization until the transaction ends, so two admins cannot
     * together go past the plan's limit.
     */
    void lockOrganization(OrgId org) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "phone_numbers:" + org.value())
                .query((rs, n) -> 1)
                .list();
    }

    /** Numbers that count against the plan: held, being set up, or porting in. */
    int countHeld(OrgId org) {
        return jdbc.sql("select count(*) from phone_number where organization_id = :org and status <> 'RELEASED'")
                .param("org", org.value())
                .query(Integer.class)
                .single();
    }

    /** Whether any organization holds this number on BloomText now. */
    boolean heldAnywhere(E164 number) {
        return jdbc.sql("select count(*) from phone_number where number = :number and status <> 'RELEASED'")
                .param("number", number.value())
                .query(Integer.class)
                .single() > 0;
    }

    void add(HeldNumber number) {
        jdbc.sql("""
                        insert into phone_number (id, organization_id, team_id, number, status, carrier, carrier_id, acquired_at)
                        values (:id, :org, :team, :number, :status, :carrier, :carrierId, :at)""")
                .param("id", number.id())
                .param("org", number.organization().value())
                .param("team", number.team().value())
                .param("number", number.number().value())
                .param("status", number.status().name())
                .param("carrier", number.carrier())
                .param("carrierId", number.carrierId())
                .param("at", Timestamp.from(number.acquiredAt()))
                .update();
    }

    void activate(OrgId org, UUID id, String carrierId) {
        jdbc.sql("update phone_number set status = 'ACTIVE', carrier_id = :carrierId where organization_id = :org and id = :id")
                .param("carrierId", carrierId)
                .param("org", org.value())
                .param("id", id)
                .update();
    }

    void release(OrgId org, UUID id, Instant at) {
        jdbc.sql("""
                        update phone_number set status = 'RELEASED', released_at = :at
                        where organization_id = :org and id = :id""")
                .param("at", Timestamp.from(at))
                .param("org", org.value())
                .param("id", id)
                .update();
    }

    /** Forgets a number the carrier would not sell after all, with the team made for it. */
    void forget(OrgId org, UUID id, TeamId team) {
        jdbc.sql("delete from phone_number where organization_id = :org and id = :id").param("org", org.value())
                .param("id", id).update();
        jdbc.sql("delete from team where organization_id = :org and id = :team").param("org", org.value())
                .param("team", team.value()).update();
    }

    public List<HeldNumber> all(OrgId org) {
        return jdbc.sql("select * from phone_number where organization_id = :org order by acquired_at")
                .param("org", org.value())
                .query(PhoneNumbers::map)
                .list();
    }

    public Optional<HeldNumber> ofTeam(OrgId org, TeamId team) {
        return jdbc.sql("select * from phone_number where organization_id = :org and team_id = :team")
                .param("org", org.value())
                .param("team", team.value())
                .query(PhoneNumbers::map)
                .optional();
    }

    private static HeldNumber map(ResultSet rs, int row) throws SQLException {
        return new HeldNumber(rs.getObject("id", UUID.class), new OrgId(rs.getObject("organization_id", UUID.class)),
                new TeamId(rs.getObject("team_id", UUID.class)), new E164(rs.getString("number")),
                HeldNumber.Status.valueOf(rs.getString("status")), rs.getString("carrier"), rs.getString("carrier_id"),
                rs.getTimestamp("acquired_at").toInstant());
    }
}
