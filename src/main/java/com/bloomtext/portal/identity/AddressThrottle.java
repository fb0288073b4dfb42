package com.bloomtext.portal.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import com.bloomtext.portal.PortalProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows guessing across links from one place: too many failed identity checks from a client address
 * within the window pause checks from there until the window has passed. Counted in PostgreSQL so that
 * every node sees the same count (as staff sign-in's throttle does).
 */
@Component
class AddressThrottle {

    private final JdbcClient jdbc;
    private final PortalProperties properties;
    private final Clock clock;

    AddressThrottle(JdbcClient jdbc, PortalProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    boolean paused(String address) {
        return jdbc.sql("select count(*) from portal_failure where throttle_key = :key and failed_at >= :since")
                .param("key", key(address))
                .param("since", Timestamp.from(clock.instant().minus(properties.throttleWindow())))
                .query(Integer.class).single() >= properties.maxFailuresPerAddress();
    }

    void recordFailure(String address) {
        Instant now = clock.instant();
        jdbc.sql("insert into portal_failure (throttle_key, failed_at) values (:key, :at)")
                .param("key", key(address)).param("at", Timestamp.from(now)).update();
        jdbc.sql("delete from portal_failure where failed_at < :expired")
                .param("expired", Timestamp.from(now.minus(properties.throttleWindow()))).update();
    }

    private static String key(String address) {
        return "address:" + address;
    }
}
