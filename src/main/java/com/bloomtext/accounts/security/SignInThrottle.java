package com.bloomtext.accounts.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.shared.UserId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: too many failed sign-ins for one account, or from one address, within the
 * window pause sign-in there until the window has passed. Counted in PostgreSQL so that every node
 * sees the same count.
 */
@Component
class SignInThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;

    SignInThrottle(JdbcClient jdbc, Clock clock,
            @Value("${bloomtext.security.sign-in.max-failures-per-account:5}") int maxPerAccount,
            @Value("${bloomtext.security.sign-in.max-failures-per-address:20}") int maxPerAddress,
            @Value("${bloomtext.security.sign-in.window:15m}") Duration window) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    boolean paused(String email, String address) {
        return failuresSince(accountKey(email)) >= maxPerAccount || failuresSince(addressKey(address)) >= maxPerAddress;
    }

    Duration window() {
        return window;
    }

    void recordFailure(String email, String address) {
        Instant now = clock.instant();
        jdbc.sql("insert into sign_in_failure (throttle_key, failed_at) values (:account, :at), (:address, :at)")
                .param("account", accountKey(email))
                .param("address", addressKey(address))
                .param("at", Timestamp.from(now))
                .update();
        jdbc.sql("delete from sign_in_failure where failed_at < :expired")
                .param("expired", Timestamp.from(now.minus(window)))
                .update();
    }

    void clearAccount(String email) {
        jdbc.sql("delete from sign_in_failure where throttle_key = :key").param("key", accountKey(email)).update();
    }

    /** Two-step codes are throttled like passwords: per user, and per address together with failed passwords. */
    boolean codePaused(UserId user, String address) {
        return failuresSince(codeKey(user)) >= maxPerAccount || failuresSince(addressKey(address)) >= maxPerAddress;
    }

    void recordCodeFailure(UserId user, String address) {
        Instant now = clock.instant();
        jdbc.sql("insert into sign_in_failure (throttle_key, failed_at) values (:user, :at), (:address, :at)")
                .param("user", codeKey(user))
                .param("address", addressKey(address))
                .param("at", Timestamp.from(now))
                .update();
    }

    void clearCodes(UserId user) {
        jdbc.sql("delete from sign_in_failure where throttle_key = :key").param("key", codeKey(user)).update();
    }

    private static String codeKey(UserId user) {
        return "code:" + user.value();
    }

    private int failuresSince(String key) {
        return jdbc.sql("select count(*) from sign_in_failure where throttle_key = :key and failed_at >= :since")
                .param("key", key)
                .param("since", Timestamp.from(clock.instant().minus(window)))
                .query(Integer.class)
                .single();
    }

    private static String accountKey(String email) {
        return "account:" + StaffUser.normalizeEmail(email);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
