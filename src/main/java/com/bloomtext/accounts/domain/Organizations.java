package com.bloomtext.accounts.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organizations: each is read only by its own id, which comes from the signed-in user. */
@Repository
public class Organizations {

    private final JdbcClient jdbc;

    Organizations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(Organization organization) {
        jdbc.sql("""
                        insert into organization (id, name, time_zone, street, city, state, postal_code, secure_link_days,
                                                  created_at)
                        values (:id, :name, :zone, :street, :city, :state, :postal, :linkDays, :created)""")
                .params(params(organization))
                .param("created", Timestamp.from(organization.createdAt()))
                .update();
    }

    void update(Organization organization) {
        jdbc.sql("""
                        update organization set name = :name, time_zone = :zone, street = :street, city = :city,
                               state = :state, postal_code = :postal, secure_link_days = :linkDays
                        where id = :id""")
                .params(params(organization))
                .update();
    }

    public Optional<Organization> find(OrgId id) {
        return jdbc.sql("select * from organization where id = :id")
                .param("id", id.value())
                .query(Organizations::map)
                .optional();
    }

    private static Map<String, Object> params(Organization organization) {
        PostalAddress address = organization.address();
        return Map.of(
                "id", organization.id().value(),
                "name", organization.name(),
                "zone", organization.timeZone().getId(),
                "street", address.street(),
                "city", address.city(),
                "state", address.state(),
                "postal", address.postalCode(),
                "linkDays", organization.secureLinkDays());
    }

    private static Organization map(ResultSet rs, int row) throws SQLException {
        return new Organization(new OrgId(rs.getObject("id", UUID.class)),
                rs.getString("name"),
                ZoneId.of(rs.getString("time_zone")),
                new PostalAddress(rs.getString("street"), rs.getString("city"), rs.getString("state"),
                        rs.getString("postal_code")),
                rs.getInt("secure_link_days"),
                rs.getTimestamp("created_at").toInstant());
    }
}
