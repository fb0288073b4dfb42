package com.bloomtext.accounts;

import java.util.UUID;

import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a request writes the staff session back (accounts/security/QuietStreamSessions): its last-access time
 * only once it has moved by 30 seconds, anything else at once, and the 15-minute idle sign-out as before.
 */
class SessionWriteTests extends IntegrationTest {

    /** Puts the user's stored last access this many milliseconds back, with the expiry it gives. */
    void lastAccessAgo(UUID user, long millis) {
        jdbc.sql("""
                        update spring_session set last_access_time = :at, expiry_time = :at + max_inactive_interval * 1000
                        where principal_name = :user""")
                .param("at", System.currentTimeMillis() - millis).param("user", user.toString()).update();
    }

    long lastAccessOf(UUID user) {
        return jdbc.sql("select last_access_time from spring_session where principal_name = :user")
                .param("user", user.toString()).query(Long.class).single();
    }

    byte[] securityContextOf(UUID user) {
        return jdbc.sql("""
                        select a.attribute_bytes from spring_session s join spring_session_attributes a
                        on a.session_primary_id = s.primary_id
                        where s.principal_name = :user and a.attribute_name = 'SPRING_SECURITY_CONTEXT'""")
                .param("user", user.toString()).query(byte[].class).single();
    }

    @Test
    void aRequestWithinHalfAMinuteOfTheStoredAccessLeavesTheSessionRowAloneALaterOneMovesIt() {
        Org org = newOrganization("Quiet Session Clinic");
        UUID admin = org.adminId();

        lastAccessAgo(admin, 5_000);
        long stored = lastAccessOf(admin);
        assertThat(org.admin().get("/inbox").status()).isEqualTo(200);
        assertThat(org.admin().get("/settings/organization/users").status()).isEqualTo(200);
        assertThat(lastAccessOf(admin)).as("not written within 30 s").isEqualTo(stored);

        lastAccessAgo(admin, 31_000);
        long before = System.currentTimeMillis();
        assertThat(org.admin().get("/inbox").status()).isEqualTo(200);
        assertThat(lastAccessOf(admin)).as("written once 30 s have passed").isGreaterThanOrEqualTo(before - 1_000);
    }

    @Test
    void aSessionIdleForFifteenMinutesIsSignedOutEvenThoughRecentRequestsWereNotWritten() {
        Org org = newOrganization("Idle Session Clinic");
        UUID admin = org.adminId();
        // The last written access, 14 minutes 40 seconds ago: the requests since (within 30 s of it) were not written.
        lastAccessAgo(admin, 15 * 60_000 - 20_000);
        assertThat(org.admin().get("/inbox").status()).isEqualTo(200);
        // ...so this one was written, and the session lives on from it.
        assertThat(lastAccessOf(admin)).isGreaterThan(System.currentTimeMillis() - 60_000);

        lastAccessAgo(admin, 15 * 60_000 + 1_000);
        var ended = org.admin().get("/inbox");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.location()).contains("/sign-in");
    }

    @Test
    void aChangeToTheSessionIsWrittenAtOnceWithTheRequestsLastAccess() {
        Org org = newOrganization("Changing Session Clinic");
        Member sam = org.addMember("Sam Promoted");
        lastAccessAgo(sam.id(), 5_000);
        long stored = lastAccessOf(sam.id());
        byte[] context = securityContextOf(sam.id());

        // A changed role is written into the session's security context on the next request.
        jdbc.sql("update staff_user set role = 'ADMIN' where id = :id").param("id", sam.id()).update();
        assertThat(sam.agent().get("/inbox").status()).isEqualTo(200);
        assertThat(securityContextOf(sam.id())).isNotEqualTo(context);
        assertThat(lastAccessOf(sam.id())).isGreaterThan(stored);
        assertThat(sam.agent().get("/settings/organization/users").status()).as("now an admin").isEqualTo(200);

        // Signing out and in again: a new session, written at once.
        sam.agent().follow(sam.agent().post("/sign-out"));
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :user")
                .param("user", sam.id().toString()).query(Long.class).single()).isZero();
        assertThat(sam.agent().post("/sign-in", "email", sam.email(), "password", PASSWORD).redirectsTo("/inbox")).isTrue();
        assertThat(lastAccessOf(sam.id())).isGreaterThan(System.currentTimeMillis() - 60_000);
    }

    @Test
    void theSignedInContextIsStoredCompactlyAndAContextStoredWithJavaSerializationStillSignsIn() throws Exception {
        Org org = newOrganization("Compact Session Clinic");
        Member sam = org.addMember("Sam Compact");
        assertThat(sam.agent().get("/inbox").status()).isEqualTo(200);
        byte[] compact = securityContextOf(sam.id());
        assertThat(compact[0]).as("accounts/security/SessionAttributeCodec's staff context").isEqualTo((byte) 1);
        // Signed in through the form (Spring Security adds its password factor): compact too.
        sam.agent().follow(sam.agent().post("/sign-out"));
        assertThat(sam.agent().post("/sign-in", "email", sam.email(), "password", PASSWORD).redirectsTo("/inbox")).isTrue();
        compact = securityContextOf(sam.id());
        assertThat(compact[0]).as("the form sign-in's context").isEqualTo((byte) 1);

        // A session written before the codec: the same context, Java-serialized, is read as before.
        Object context = com.bloomtext.accounts.security.SessionAttributeCodecTest.decode(compact);
        var javaBytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(javaBytes)) {
            out.writeObject(context);
        }
        jdbc.sql("""
                        update spring_session_attributes set attribute_bytes = :bytes
                        where attribute_name = 'SPRING_SECURITY_CONTEXT' and session_primary_id in
                            (select primary_id from spring_session where principal_name = :user)""")
                .param("bytes", javaBytes.toByteArray()).param("user", sam.id().toString()).update();
        assertThat(sam.agent().get("/inbox").status()).isEqualTo(200);
        assertThat(sam.agent().post("/inbox/new/find", "q", "+16465550123").status()).as("a form post, its CSRF token checked")
                .isEqualTo(200);

        // Deactivated: the compact or not, the next request signs them out.
        jdbc.sql("update staff_user set active = false where id = :id").param("id", sam.id()).update();
        var ended = sam.agent().get("/inbox");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.location()).contains("/sign-in");
    }
}
