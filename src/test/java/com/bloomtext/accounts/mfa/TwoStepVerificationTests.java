package com.bloomtext.accounts.mfa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two-step verification as a person meets it: setting it up, signing in with it, losing it, the policy. */
public class TwoStepVerificationTests extends IntegrationTest {

    static final String TWO_STEP = "/settings/account/two-step";
    static final String CODE = "/sign-in/code";
    static final String SECURITY = "/settings/organization/security";
    static final String USERS = "/settings/organization/users";

    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([A-Z2-7-]{19})</code></li>");

    /** What an authenticator app holds after scanning the page's QR code. */
    public record Authenticator(byte[] secret, List<String> recoveryCodes) {

        /** The code the app shows a step from now (the step of enrolment itself is used up). */
        String nextCode() {
            return Totp.code(secret, Totp.step(Instant.now()) + 1);
        }
    }

    public static Authenticator enrol(StaffAgent agent) {
        var page = agent.get(TWO_STEP);
        assertThat(page.status()).as("enrolment page: %s", page).isEqualTo(200);
        assertThat(page.body()).contains("Set up two-step verification", "otpauth://totp/BloomText",
                "data:image/svg+xml;base64,");
        Matcher secret = SECRET.matcher(page.body());
        assertThat(secret.find()).isTrue();
        byte[] key = Base32.decode(secret.group(1));
        var confirmed = agent.post(TWO_STEP, "code", Totp.code(key, Totp.step(Instant.now())));
        assertThat(confirmed.body()).contains("Two-step verification is on", "shown only this once");
        List<String> codes = new ArrayList<>();
        Matcher recovery = RECOVERY.matcher(confirmed.body());
        while (recovery.find()) {
            codes.add(recovery.group(1));
        }
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        return new Authenticator(key, codes);
    }

    private StaffAgent passwordOnly(String email) {
        StaffAgent agent = anonymous();
        var signedIn = agent.post("/sign-in", "email", email, "password", PASSWORD);
        assertThat(signedIn.redirectsTo(CODE)).as("the code is asked for: %s", signedIn).isTrue();
        agent.get(CODE);
        return agent;
    }

    @Test
    void enrolThenSignInWithTheAuthenticatorsCode() {
        Org org = newOrganization("Two Step Clinic");
        Authenticator app = enrol(org.admin());
        assertThat(jdbc.sql("select count(*) from staff_mfa where user_id = :u and confirmed_at is not null")
                .param("u", org.adminId()).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select secret from staff_mfa where user_id = :u").param("u", org.adminId())
                .query(byte[].class).single()).as("stored encrypted, not as the raw key").isNotEqualTo(app.secret());

        StaffAgent agent = passwordOnly(org.adminEmail());
        assertThat(agent.get("/inbox").redirectsTo(CODE)).as("nothing opens before the code").isTrue();
        assertThat(agent.get("/settings/organization/users").redirectsTo(CODE)).isTrue();

        var wrong = agent.post(CODE, "code", "000000".equals(app.nextCode()) ? "111111" : "000000");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("That code didn't work");
        assertThat(agent.get("/inbox").redirectsTo(CODE)).isTrue();

        var right = agent.post(CODE, "code", app.nextCode());
        assertThat(right.redirectsTo("/inbox")).as("signed in: %s", right).isTrue();
        assertThat(agent.get("/inbox").status()).isEqualTo(200);

        List<String> trail = jdbc.sql("""
                        select action || ' ' || outcome || ' ' || coalesce(detail, '-') from audit_event
                        where organization_id = :org order by id""")
                .param("org", org.id()).query(String.class).list();
        assertThat(trail).containsSubsequence("MFA_ENROLLED SUCCESS -", "MFA_CHALLENGE_FAILED FAILURE -",
                "SIGN_IN SUCCESS with an authenticator code");
    }

    @Test
    void aCodeIsAcceptedOnlyOnce() {
        Org org = newOrganization("Replay Clinic");
        Authenticator app = enrol(org.admin());
        String code = app.nextCode();
        StaffAgent first = passwordOnly(org.adminEmail());
        assertThat(first.post(CODE, "code", code).redirectsTo("/inbox")).isTrue();
        StaffAgent second = passwordOnly(org.adminEmail());
        assertThat(second.post(CODE, "code", code).body()).contains("That code didn't work");
    }

    @Test
    void aRecoveryCodeWorksOnce() {
        Org org = newOrganization("Recovery Clinic");
        Authenticator app = enrol(org.admin());
        String recovery = app.recoveryCodes().get(3);

        StaffAgent first = passwordOnly(org.adminEmail());
        assertThat(first.post(CODE, "code", recovery.toLowerCase().replace("-", " ")).redirectsTo("/inbox")).isTrue();
        assertThat(first.get(TWO_STEP).body()).contains("You have 9 unused recovery codes");

        StaffAgent second = passwordOnly(org.adminEmail());
        assertThat(second.post(CODE, "code", recovery).body()).contains("That code didn't work");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'MFA_RECOVERY_CODE_USED'")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void wrongCodesAreThrottledLikePasswords() {
        Org org = newOrganization("Throttle Clinic");
        Authenticator app = enrol(org.admin());
        StaffAgent agent = passwordOnly(org.adminEmail());
        String wrong = "000000".equals(app.nextCode()) ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThat(agent.post(CODE, "code", wrong).body()).contains("That code didn't work");
        }
        var paused = agent.post(CODE, "code", app.nextCode());
        assertThat(paused.body()).contains("Too many wrong codes");
        assertThat(agent.get("/inbox").redirectsTo(CODE)).isTrue();
    }

    @Test
    void thePolicySendsUsersWithoutItToSetItUpAndNothingElseOpens() {
        Org org = newOrganization("Policy Clinic");
        Member sam = org.addMember("Sam Rivera");
        assertThat(sam.agent().post(SECURITY, "policy", "EVERYONE").status()).isEqualTo(403);
        assertThat(sam.agent().get(SECURITY).status()).isEqualTo(403);

        assertThat(org.admin().get(SECURITY).body()).contains("Require MFA for admins", "Require MFA for everyone");
        var saved = org.admin().post(SECURITY, "policy", "EVERYONE");
        assertThat(saved.redirectsTo(SECURITY)).as("saved: %s", saved).isTrue();
        assertThat(jdbc.sql("select detail from audit_event where organization_id = :org and action = 'MFA_POLICY_CHANGED'")
                .param("org", org.id()).query(String.class).single()).isEqualTo("OFF -> EVERYONE");

        assertThat(org.admin().get("/inbox").redirectsTo(TWO_STEP)).as("the admin too, on the next click").isTrue();
        assertThat(sam.agent().get("/inbox").redirectsTo(TWO_STEP)).isTrue();
        assertThat(sam.agent().get("/directory/patients").redirectsTo(TWO_STEP)).isTrue();
        assertThat(sam.agent().post("/directory/patients", "q", "x").redirectsTo(TWO_STEP)).isTrue();
        assertThat(sam.agent().get(TWO_STEP).body()).contains("Your organization requires two-step verification");

        StaffAgent fresh = anonymous();
        var signedIn = fresh.post("/sign-in", "email", sam.email(), "password", PASSWORD);
        assertThat(fresh.follow(signedIn).redirectsTo(TWO_STEP)).as("sent to enrolment right after sign-in").isTrue();

        enrol(fresh);
        assertThat(fresh.get("/inbox").status()).isEqualTo(200);
        assertThat(org.admin().get("/inbox").redirectsTo(TWO_STEP)).isTrue();
    }

    @Test
    void adminsOnlyPolicyLeavesMembersAlone() {
        Org org = newOrganization("Admins Policy Clinic");
        Member sam = org.addMember("Sam Rivera");
        org.admin().post(SECURITY, "policy", "ADMINS");
        assertThat(sam.agent().get("/inbox").status()).isEqualTo(200);
        assertThat(org.admin().get("/inbox").redirectsTo(TWO_STEP)).isTrue();
        assertThat(org.admin().post(SECURITY, "policy", "SOMETIMES").redirectsTo(TWO_STEP)).isTrue();
    }

    @Test
    void anAdminResetsACoworkersTwoStepVerification() {
        Org org = newOrganization("Reset Clinic");
        Member sam = org.addMember("Sam Rivera");
        enrol(sam.agent());
        var users = org.admin().get(USERS).body();
        assertThat(users).contains("Reset MFA for Sam Rivera");
        passwordOnly(sam.email());

        var reset = org.admin().post(USERS + "/" + sam.id() + "/mfa-reset");
        assertThat(reset.redirectsTo(USERS)).as("reset: %s", reset).isTrue();
        StaffAgent again = anonymous();
        assertThat(again.post("/sign-in", "email", sam.email(), "password", PASSWORD).redirectsTo("/inbox")).isTrue();
        assertThat(jdbc.sql("select actor_user_id || ' ' || target_id from audit_event where organization_id = :org and action = 'MFA_RESET'")
                .param("org", org.id()).query(String.class).single()).isEqualTo(org.adminId() + " " + sam.id());
    }

    @Test
    void outsidersCannotResetAnyonesTwoStepVerification() {
        Org org = newOrganization("Guarded Clinic");
        Member sam = org.addMember("Sam Rivera");
        Member kim = org.addMember("Kim Park");
        enrol(sam.agent());
        Org other = newOrganization("Meddling Clinic");

        assertThat(other.admin().post(USERS + "/" + sam.id() + "/mfa-reset").status()).isEqualTo(404);
        assertThat(kim.agent().post(USERS + "/" + sam.id() + "/mfa-reset").status()).isEqualTo(403);
        var anonymous = anonymous().post(USERS + "/" + sam.id() + "/mfa-reset");
        assertThat(anonymous.status()).isIn(302, 403);
        assertThat(other.admin().post(USERS + "/not-an-id/mfa-reset").status()).isEqualTo(404);

        passwordOnly(sam.email());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'MFA_RESET' and target_id = :id")
                .param("id", sam.id().toString()).query(Integer.class).single()).isZero();
    }

    @Test
    void anonymousVisitorsCannotReachTheCodePage() {
        var page = anonymous().get(CODE);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).contains("/sign-in");
    }
}
