package com.bloomtext.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.accounts.mfa.Totp;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing, as SPEC.md limits it, through the reverse proxy the application runs behind (each guesser has its
 * own forwarded address, so these tests pause nobody else): staff passwords (5 per account, 20 per address,
 * in 15 minutes), two-step codes (the same, per user), the portal's identity step (5 failures lock the link
 * until staff resend, 20 per address in 15 minutes) with dates of birth and with one-time codes.
 * The per-account and DOB lockouts themselves are in {@code SignUpAndSignInTests}, {@code TwoStepVerificationTests}
 * and {@code PortalTests}; these are the cases they leave out.
 */
class BruteForceTests extends IntegrationTest {

    static final String DOB = "1985-04-23";
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([A-Z2-7-]{19})</code></li>");

    /** An address of the benchmarking range no other test uses. */
    static String address() {
        return "198.18." + ThreadLocalRandom.current().nextInt(0, 256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private ProxiedClient signInPage(String address) {
        ProxiedClient client = new ProxiedClient(baseUrl(), address, true);
        assertThat(client.get("/sign-in").status()).isEqualTo(200);
        return client;
    }

    private int failuresUnder(String key) {
        return jdbc.sql("select count(*) from sign_in_failure where throttle_key = :key").param("key", key)
                .query(Integer.class).single();
    }

    /** The throttle's key of an account: a SHA-256 digest of the lower-cased email, never the email itself. */
    private static String accountKey(String email) {
        try {
            return "account:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anEmailOfAnyLengthIsAFailedSignInCountedUnderADigestNotAnOutage() {
        String attacker = address();
        String typed = "a".repeat(3000) + "\u00e9".repeat(2000) + "@clinic.test";
        var failed = signInPage(attacker).post("/sign-in", "email", typed, "password", "not-the-password");
        assertThat(failed.location()).as("a failed sign-in, not a 503").endsWith("/sign-in?error");
        assertThat(failuresUnder(accountKey(typed))).as("counted under the email's digest").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from sign_in_failure where throttle_key like '%aaaa%'")
                .query(Integer.class).single()).as("what was typed is not stored").isZero();
    }

    private void fifteenMinutesPass(String table, String key) {
        jdbc.sql("update " + table + " set failed_at = failed_at - interval '16 minutes' where throttle_key = :key")
                .param("key", key).update();
    }

    @Test
    void twentyFailedSignInsFromOneAddressPauseItForEveryAccountUntilTheWindowPasses() {
        Org org = newOrganization("Guard Spray Clinic");
        String attacker = address();
        ProxiedClient guesser = signInPage(attacker);
        for (int attempt = 0; attempt < 20; attempt++) {
            var failed = guesser.post("/sign-in", "email", uniqueEmail("spray"), "password", "guess-" + attempt);
            assertThat(failed.location()).as("attempt %s", attempt).endsWith("/sign-in?error");
            guesser.get("/sign-in");
        }
        assertThat(failuresUnder("address:" + attacker)).as("counted under the client's forwarded address").isEqualTo(20);

        var paused = signInPage(attacker).post("/sign-in", "email", org.adminEmail(), "password", PASSWORD);
        assertThat(paused.location()).as("the right password, from the guessing address").endsWith("/sign-in?paused");
        assertThat(signInPage(address()).post("/sign-in", "email", org.adminEmail(), "password", PASSWORD)
                .redirectsTo("/inbox")).as("the account is not paused elsewhere").isTrue();

        fifteenMinutesPass("sign_in_failure", "address:" + attacker);
        assertThat(signInPage(attacker).post("/sign-in", "email", org.adminEmail(), "password", PASSWORD)
                .redirectsTo("/inbox")).as("after the window").isTrue();
    }

    @Test
    void anAccountThatDoesNotExistIsPausedLikeOneThatDoes() {
        Org org = newOrganization("Guard Ghost Clinic");
        String ghost = uniqueEmail("ghost");
        List<String> answers = new ArrayList<>();
        for (String email : List.of(ghost, org.adminEmail())) {
            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(signInPage(address()).post("/sign-in", "email", email, "password", "guess-" + attempt).location())
                        .endsWith("/sign-in?error");
            }
            answers.add(signInPage(address()).post("/sign-in", "email", email, "password", PASSWORD).location());
        }
        assertThat(answers).as("no answer tells which account exists").allSatisfy(location ->
                assertThat(location).endsWith("/sign-in?paused"));

        fifteenMinutesPass("sign_in_failure", accountKey(org.adminEmail()));
        assertThat(signInPage(address()).post("/sign-in", "email", org.adminEmail(), "password", PASSWORD)
                .redirectsTo("/inbox")).as("after the window").isTrue();
    }

    @Test
    void wrongTwoStepCodesPauseTheUserNotTheSessionAndRecoveryCodesWithIt() {
        Org org = newOrganization("Guard Two Step Clinic");
        var enrolment = org.admin().get("/settings/account/two-step");
        Matcher secretText = SECRET.matcher(enrolment.body());
        assertThat(secretText.find()).as("the enrolment page shows the secret").isTrue();
        byte[] secret = base32(secretText.group(1));
        var confirmed = org.admin().post("/settings/account/two-step", "code", Totp.code(secret, Totp.step(Instant.now())));
        Matcher recoveryCode = RECOVERY.matcher(confirmed.body());
        assertThat(recoveryCode.find()).as("recovery codes shown").isTrue();
        String recovery = recoveryCode.group(1);
        String next = Totp.code(secret, Totp.step(Instant.now()) + 1);
        String wrong = "000000".equals(next) ? "111111" : "000000";

        ProxiedClient first = passwordStep(org.adminEmail(), address());
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(first.post("/sign-in/code", "code", wrong).body()).contains("That code didn't work");
        }
        assertThat(first.post("/sign-in/code", "code", next).body()).contains("Too many wrong codes");

        ProxiedClient second = passwordStep(org.adminEmail(), address());
        assertThat(second.post("/sign-in/code", "code", next).body()).as("a new password step, another address")
                .contains("Too many wrong codes");
        assertThat(second.post("/sign-in/code", "code", recovery).body()).as("a recovery code is a code")
                .contains("Too many wrong codes");
        assertThat(second.get("/inbox").redirectsTo("/sign-in/code")).isTrue();

        fifteenMinutesPass("sign_in_failure", "code:" + org.adminId());
        assertThat(second.post("/sign-in/code", "code", recovery).redirectsTo("/inbox"))
                .as("after the window; the paused tries did not spend the recovery code").isTrue();
    }

    private ProxiedClient passwordStep(String email, String address) {
        ProxiedClient client = signInPage(address);
        assertThat(client.post("/sign-in", "email", email, "password", PASSWORD).redirectsTo("/sign-in/code")).isTrue();
        client.get("/sign-in/code");
        return client;
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace(" ", "");
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    @Test
    void fiveWrongOneTimeCodesLockTheLinkAndTheRightCodeThenOpensNothing() {
        Org org = newOrganization("Guard Code Clinic");
        SecureLinkFixture chat = SecureLinkFixture.create(org, "(415) 555-3101", "");
        String token = chat.sendAndReadToken(org, jdbc);
        ProxiedClient patient = new ProxiedClient(baseUrl(), address(), true);
        assertThat(patient.get("/p/" + token).body()).contains("Text me a code");
        assertThat(patient.post("/p/" + token + "/code", "channel", "SMS").body()).contains("We texted you a 6-digit code");
        String code = codeTexted(chat, 1).getLast();
        String wrong = "000000".equals(code) ? "111111" : "000000";
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(patient.post("/p/" + token + "/verify", "code", wrong).body())
                    .contains("That code doesn't match", (5 - attempt) + (attempt == 4 ? " try left" : " tries left"));
        }
        var locked = patient.post("/p/" + token + "/verify", "code", wrong);
        assertThat(locked.status()).isEqualTo(404);
        assertThat(locked.body()).contains("This link doesn");
        var right = patient.post("/p/" + token + "/verify", "code", code);
        assertThat(right.status()).as("the right code on a locked link").isEqualTo(404);
        assertThat(String.join("\n", right.all("Set-Cookie"))).as("no portal session").doesNotContain("BLOOMTEXT_PORTAL=");
        assertThat(jdbc.sql("select count(*) from secure_link where conversation_id = :id and locked_at is not null")
                .param("id", chat.conversation()).query(Integer.class).single()).isEqualTo(1);
        assertThat(org.admin().get(chat.path()).body()).contains("Link locked");
    }

    @Test
    void aLinkTextsAtMostFiveCodes() {
        Org org = newOrganization("Guard Codes Sent Clinic");
        SecureLinkFixture chat = SecureLinkFixture.create(org, "(415) 555-3102", "");
        String token = chat.sendAndReadToken(org, jdbc);
        ProxiedClient patient = new ProxiedClient(baseUrl(), address(), true);
        patient.get("/p/" + token);
        for (int sent = 1; sent <= 5; sent++) {
            assertThat(patient.post("/p/" + token + "/code", "channel", "SMS").body()).contains("We texted you a 6-digit code");
        }
        assertThat(patient.post("/p/" + token + "/code", "channel", "SMS").body())
                .contains("We couldn't send a code that way");
        assertThat(codeTexted(chat, 5)).hasSize(5);
    }

    @Test
    void twentyFailedChecksFromOneAddressAcrossLinksPauseChecksAndCodesThereUntilTheWindowPasses() {
        Org org = newOrganization("Guard Address Clinic");
        String first = SecureLinkFixture.create(org, "(415) 555-3103", DOB).sendAndReadToken(org, jdbc);
        SecureLinkFixture secondChat = SecureLinkFixture.create(org, "(415) 555-3104", DOB);
        String second = secondChat.sendAndReadToken(org, jdbc);
        String third = SecureLinkFixture.create(org, "(415) 555-3105", "").sendAndReadToken(org, jdbc);
        String attacker = address();
        String key = "address:" + attacker;
        // Nineteen failures on other links from there, moments ago; the twentieth is a real one.
        jdbc.sql("insert into portal_failure (throttle_key, failed_at) select :key, now() from generate_series(1, 19)")
                .param("key", key).update();
        ProxiedClient guesser = new ProxiedClient(baseUrl(), attacker, true);
        guesser.get("/p/" + first);
        assertThat(guesser.post("/p/" + first + "/verify", "dateOfBirth", "1990-01-01").body()).contains("4 tries left");
        assertThat(jdbc.sql("select count(*) from portal_failure where throttle_key = :key").param("key", key)
                .query(Integer.class).single()).as("counted under the client's forwarded address").isEqualTo(20);

        guesser.get("/p/" + second);
        var paused = guesser.post("/p/" + second + "/verify", "dateOfBirth", DOB);
        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.body()).contains("Too many tries");
        guesser.get("/p/" + third);
        assertThat(guesser.post("/p/" + third + "/code", "channel", "SMS").status()).as("no code is sent either").isEqualTo(429);
        assertThat(jdbc.sql("select failed_attempts from secure_link where conversation_id = :id and voided_at is null")
                .param("id", secondChat.conversation()).query(Integer.class).single()).as("the link's own count").isZero();

        ProxiedClient patient = new ProxiedClient(baseUrl(), address(), true);
        patient.get("/p/" + second);
        assertThat(patient.post("/p/" + second + "/verify", "dateOfBirth", DOB).redirectsTo("/p/conversation"))
                .as("the patient, from their own address").isTrue();

        fifteenMinutesPass("portal_failure", key);
        ProxiedClient later = new ProxiedClient(baseUrl(), attacker, true);
        later.get("/p/" + first);
        assertThat(later.post("/p/" + first + "/verify", "dateOfBirth", DOB).redirectsTo("/p/conversation"))
                .as("after the window, with one failure on the link").isTrue();
    }

    private List<String> codeTexted(SecureLinkFixture chat, int atLeast) {
        return MessagingTests.eventually(() -> jdbc.sql("select body from sandbox_sms where to_number = :to and body like '%code:%' "
                        + "order by created_at, id").param("to", chat.phone()).query(String.class).list()
                        .stream().map(body -> body.replaceAll("(?s).*code: (\\d{6}).*", "$1")).toList(),
                codes -> codes.size() >= atLeast);
    }
}
