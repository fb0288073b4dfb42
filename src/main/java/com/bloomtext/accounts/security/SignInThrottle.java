package com.bloomtext.accounts.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

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
        return pausedFor(accountKey(email), address);
    }

    Duration window() {
        return window;
    }

    void recordFailure(String email, String address) {
        recordFailureOf(accountKey(email), address);
    }

    void clearAccount(String email) {
        clear(accountKey(email));
    }

    /** Two-step codes are throttled like passwords: per user, and per address together with failed passwords. */
    boolean codePaused(UserId user, String address) {
        return pausedFor(codeKey(user), address);
    }

    void recordCodeFailure(UserId user, String address) {
        recordFailureOf(codeKey(user), address);
    }

    void clearCodes(UserId user) {
        clear(codeKey(user));
    }

    private boolean pausedFor(String key, String address) {
        return failuresSince(key) >= maxPerAccount || failuresSince(addressKey(address)) >= maxPerAddress;
    }

    private void recordFailureOf(String key, String address) {
        Instant now = clock.instant();
        jdbc.sql("insert into sign_in_failure (throttle_key, failed_at) values (:key, :at), (:address, :at)")
                .param("key", key)
                .param("address", addressKey(address))
                .param("at", Timestamp.from(now))
                .update();
        jdbc.sql("delete from sign_in_failure where failed_at < :expired")
                .param("expired", Timestamp.from(now.minus(window)))
                .update();
    }

    private void clear(String key) {
        jdbc.sql("delete from sign_in_failure where throttle_key = :key").param("key", key).update();
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

    /**
     * The account a sign-in named, as a fixed-length digest of the normalized email: whatever was typed into the
     * email field (any length, or a password typed in the wrong box) is neither stored as typed nor too long for
     * the key's index. An email of thousands of characters once made the failure's insert exceed PostgreSQL's
     * index row size, and the sign-in answered 503.
     */
    static String accountKey(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(StaffUser.normalizeEmail(email).getBytes(StandardCharsets.UTF_8));
            return "account:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
