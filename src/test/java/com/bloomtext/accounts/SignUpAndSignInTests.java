package com.bloomtext.accounts;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SignUpAndSignInTests extends IntegrationTest {

    @Test
    void theCreatorOfAnOrganizationIsItsFirstAdministratorAndIsSignedIn() {
        Org org = newOrganization("Maple Street Pediatrics");

        var inbox = org.admin().get("/inbox");
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body()).contains("Welcome, Dana").contains("Maple Street Pediatrics");
        assertThat(org.admin().get("/settings/organization/users").status()).isEqualTo(200);
        assertThat(jdbc.sql("select role from staff_user where email = :e").param("e", org.adminEmail())
                .query(String.class).single()).isEqualTo("ADMIN");
    }

    @Test
    void theWelcomePageOffersToCreateAnOrganization() {
        var root = anonymous().get("/");
        assertThat(root.redirectsTo("/welcome")).isTrue();
        var welcome = anonymous().get("/welcome");
        assertThat(welcome.body()).contains("Create an organization", "Organization name", "Your name", "Email",
                "Password");
    }

    @Test
    void shortOrCommonPasswordsAreRefusedAndNothingIsStored() {
        String email = uniqueEmail("weak");
        var tooShort = anonymous().post("/welcome", "organizationName", "Short Password Clinic", "yourName", "Ann Lee",
                "email", email, "password", "tulip-42");
        assertThat(tooShort.status()).isEqualTo(200);
        assertThat(tooShort.body()).contains("Use at least 12 characters.");

        var common = anonymous().post("/welcome", "organizationName", "Short Password Clinic", "yourName", "Ann Lee",
                "email", email, "password", "Password1234!");
        assertThat(common.body()).contains("list of common passwords");

        assertThat(jdbc.sql("select count(*) from staff_user where email = :e").param("e", email)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from organization where name = 'Short Password Clinic'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void missingFieldsAreNamedOneByOne() {
        var empty = anonymous().post("/welcome", "organizationName", "", "yourName", "", "email", "not-an-email",
                "password", "");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("Enter your organization's name.", "Enter your name.",
                "Enter an email address like name@example.com.", "Choose a password.");
    }

    @Test
    void anEmailBelongsToOneAccountOnly() {
        Org org = newOrganization("First Clinic");
        var again = anonymous().post("/welcome", "organizationName", "Second Clinic", "yourName", "Dana Whitfield",
                "email", org.adminEmail().toUpperCase(), "password", PASSWORD);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("An account with this email already exists.");
    }

    @Test
    void signOutThenSignInAgain() {
        Org org = newOrganization("Cedar Family Medicine");
        var signedOut = org.admin().post("/sign-out");
        assertThat(signedOut.location()).endsWith("/sign-in?signed-out");
        assertThat(org.admin().follow(signedOut).body()).contains("You are signed out.");
        assertThat(org.admin().get("/inbox").redirectsTo("/sign-in")).isTrue();

        var signedIn = org.admin().post("/sign-in", "email", org.adminEmail(), "password", PASSWORD);
        assertThat(signedIn.redirectsTo("/inbox")).isTrue();
        assertThat(org.admin().get("/inbox").status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordGetsAClearMessage() {
        Org org = newOrganization("Birch Dental");
        StaffAgent someone = anonymous();
        var failed = someone.post("/sign-in", "email", org.adminEmail(), "password", "not-the-password-at-all");
        assertThat(failed.location()).endsWith("/sign-in?error");
        assertThat(someone.follow(failed).body()).contains("That email and password don't match an active account.");
    }

    @Test
    void repeatedFailuresPauseSignInForThatAccountEvenWithTheRightPassword() {
        Org org = newOrganization("Aspen Cardiology");
        StaffAgent guesser = anonymous();
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(guesser.post("/sign-in", "email", org.adminEmail(), "password", "guess-number-" + attempt)
                    .location()).endsWith("/sign-in?error");
        }
        var paused = guesser.post("/sign-in", "email", org.adminEmail(), "password", PASSWORD);
        assertThat(paused.location()).endsWith("/sign-in?paused");
        assertThat(guesser.follow(paused).body()).contains("Too many failed sign-in attempts");

        Org other = newOrganization("Other Practice");
        other.admin().follow(other.admin().post("/sign-out"));
        assertThat(other.admin().post("/sign-in", "email", other.adminEmail(), "password", PASSWORD)
                .redirectsTo("/inbox")).as("another account is not paused").isTrue();
    }

    @Test
    void aSessionEndsAfterFifteenIdleMinutes() {
        Org org = newOrganization("Willow Dermatology");
        Integer idleSeconds = jdbc.sql("select max(max_inactive_interval) from spring_session where principal_name = :p")
                .param("p", org.adminId().toString())
                .query(Integer.class).single();
        assertThat(idleSeconds).isEqualTo(15 * 60);
        assertThat(anonymous().get("/sign-in").body()).contains("signed out after 15 minutes without activity");
    }

    @Test
    void passwordsAndInvitationTokensNeverReachTheLogs(CapturedOutput output) {
        Org org = newOrganization("Quiet Logs Clinic");
        org.admin().follow(org.admin().post("/sign-out"));
        anonymous().post("/sign-in", "email", org.adminEmail(), "password", "wrong-password-in-the-log?");
        org.admin().follow(org.admin().post("/sign-in", "email", org.adminEmail(), "password", PASSWORD));
        String member = uniqueEmail("quiet");
        org.admin().post("/settings/organization/users/invitations", "email", member);
        String token = invitationPathFor(member).substring("/invitations/".length());

        assertThat(output.getAll()).doesNotContain(PASSWORD, "wrong-password-in-the-log?", token);
    }
}
