package com.bloomtext.accounts;

import java.util.UUID;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoworkersTests extends IntegrationTest {

    static final String USERS = "/settings/organization/users";

    @Test
    void anInvitedCoworkerJoinsAsAMemberAndAppearsInUsers() {
        Org org = newOrganization("Harbor Internal Medicine");
        Member sam = org.addMember("Sam Rivera");

        assertThat(org.admin().get(USERS).body()).contains("Sam Rivera", sam.email());
        assertThat(sam.agent().get("/inbox").body()).contains("Welcome, Sam");
        assertThat(jdbc.sql("select role from staff_user where id = :id").param("id", sam.id())
                .query(String.class).single()).isEqualTo("MEMBER");
        assertThat(sam.agent().get("/directory/coworkers").body()).contains("Dana Whitfield", "Sam Rivera");
    }

    @Test
    void theInvitationEmailNamesTheOrganizationAndHoldsTheLinkOnly() {
        Org org = newOrganization("Lakeside Orthopedics");
        String email = uniqueEmail("invitee");
        org.admin().post(USERS + "/invitations", "email", email);
        String subject = jdbc.sql("select subject from sandbox_email where recipient = :to").param("to", email)
                .query(String.class).single();
        assertThat(subject).isEqualTo("Join Lakeside Orthopedics on BloomText");
        assertThat(org.admin().get("/sandbox/outbox").body()).contains(email, subject);
    }

    @Test
    void anInvitationLinkWorksOnce() {
        Org org = newOrganization("Summit Eye Care");
        String email = uniqueEmail("once");
        org.admin().post(USERS + "/invitations", "email", email);
        String path = invitationPathFor(email);
        StaffAgent invitee = anonymous();
        assertThat(invitee.get(path).body()).contains("Join Summit Eye Care", email);
        assertThat(invitee.post(path, "yourName", "Lee Park", "password", PASSWORD).redirectsTo("/inbox")).isTrue();

        var reused = anonymous().get(path);
        assertThat(reused.status()).isEqualTo(404);
        assertThat(reused.body()).contains("This invitation link doesn't work");
    }

    @Test
    void anExpiredInvitationLinkDoesNotWork() {
        Org org = newOrganization("Riverbend Clinic");
        String email = uniqueEmail("late");
        org.admin().post(USERS + "/invitations", "email", email);
        jdbc.sql("update invitation set expires_at = now() - interval '1 minute' where email = :e").param("e", email)
                .update();
        String path = invitationPathFor(email);
        assertThat(anonymous().get(path).status()).isEqualTo(404);
        assertThat(anonymous().post(path, "yourName", "Late Comer", "password", PASSWORD).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from staff_user where email = :e").param("e", email)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void resendingAnInvitationVoidsTheEarlierLink() {
        Org org = newOrganization("Pinecrest Health");
        String email = uniqueEmail("resend");
        org.admin().post(USERS + "/invitations", "email", email);
        String first = invitationPathFor(email);
        UUID invitation = jdbc.sql("select id from invitation where email = :e and revoked_at is null")
                .param("e", email).query(UUID.class).single();

        assertThat(org.admin().post(USERS + "/invitations/" + invitation + "/resend").redirectsTo(USERS)).isTrue();
        String second = invitationPathFor(email);
        assertThat(second).isNotEqualTo(first);
        assertThat(anonymous().get(first).status()).isEqualTo(404);
        assertThat(anonymous().get(second).status()).isEqualTo(200);
    }

    @Test
    void aWithdrawnInvitationDoesNotWork() {
        Org org = newOrganization("Meadow Clinic");
        String email = uniqueEmail("withdrawn");
        org.admin().post(USERS + "/invitations", "email", email);
        UUID invitation = jdbc.sql("select id from invitation where email = :e").param("e", email)
                .query(UUID.class).single();
        org.admin().post(USERS + "/invitations/" + invitation + "/revoke");
        assertThat(anonymous().get(invitationPathFor(email)).status()).isEqualTo(404);
    }

    @Test
    void aWeakPasswordOnAcceptingIsRefusedAndNobodyJoins() {
        Org org = newOrganization("Brookside Family Care");
        String email = uniqueEmail("weakjoin");
        org.admin().post(USERS + "/invitations", "email", email);
        String path = invitationPathFor(email);
        StaffAgent invitee = anonymous();
        invitee.get(path);
        var refused = invitee.post(path, "yourName", "Weak Password", "password", "qwertyuiop12");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Choose a phrase that others wouldn't guess.");
        assertThat(jdbc.sql("select count(*) from staff_user where email = :e").param("e", email)
                .query(Integer.class).single()).isZero();
        assertThat(invitee.get(path).status()).as("the link still works").isEqualTo(200);
    }

    @Test
    void aRoleChangeTakesEffectOnTheNextRequest() {
        Org org = newOrganization("Oakridge Pediatrics");
        Member sam = org.addMember("Sam Rivera");
        assertThat(sam.agent().get(USERS).status()).isEqualTo(403);

        org.admin().post(USERS + "/" + sam.id() + "/role", "role", "ADMIN");
        assertThat(sam.agent().get(USERS).status()).isEqualTo(200);

        org.admin().post(USERS + "/" + sam.id() + "/role", "role", "MEMBER");
        assertThat(sam.agent().get(USERS).status()).isEqualTo(403);
    }

    @Test
    void deactivationEndsEverySessionOfThatUserAtOnce() {
        Org org = newOrganization("Valley Urgent Care");
        Member sam = org.addMember("Sam Rivera");
        StaffAgent samOnAnotherDevice = anonymous();
        assertThat(samOnAnotherDevice.post("/sign-in", "email", sam.email(), "password", PASSWORD)
                .redirectsTo("/inbox")).isTrue();

        var deactivated = org.admin().post(USERS + "/" + sam.id() + "/deactivate");
        assertThat(deactivated.redirectsTo(USERS)).isTrue();

        assertThat(sam.agent().get("/inbox").redirectsTo("/sign-in")).isTrue();
        assertThat(samOnAnotherDevice.get("/inbox").redirectsTo("/sign-in")).isTrue();
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = :p")
                .param("p", sam.id().toString()).query(Integer.class).single()).isZero();
        assertThat(anonymous().post("/sign-in", "email", sam.email(), "password", PASSWORD).location())
                .endsWith("/sign-in?error");
        assertThat(org.admin().get(USERS).body()).contains("Deactivated");
    }

    @Test
    void theLastAdministratorCanBeNeitherDemotedNorDeactivated() {
        Org org = newOrganization("Solo Practice");
        var demote = org.admin().post(USERS + "/" + org.adminId() + "/role", "role", "MEMBER");
        assertThat(demote.status()).isEqualTo(200);
        assertThat(demote.body()).contains("Your organization needs at least one administrator.");
        var deactivate = org.admin().post(USERS + "/" + org.adminId() + "/deactivate");
        assertThat(deactivate.body()).contains("Your organization needs at least one administrator.");
        assertThat(jdbc.sql("select role || ' ' || active from staff_user where id = :id").param("id", org.adminId())
                .query(String.class).single()).isEqualTo("ADMIN true");
    }

    @Test
    void withASecondAdministratorTheFirstCanStepDown() {
        Org org = newOrganization("Two Admins Clinic");
        Member sam = org.addMember("Sam Rivera");
        org.admin().post(USERS + "/" + sam.id() + "/role", "role", "ADMIN");
        var stepDown = org.admin().post(USERS + "/" + org.adminId() + "/role", "role", "MEMBER");
        assertThat(stepDown.redirectsTo(USERS)).isTrue();
        assertThat(org.admin().get(USERS).status()).isEqualTo(403);
        assertThat(sam.agent().get(USERS).status()).isEqualTo(200);
    }

    @Test
    void invitingSomeoneAlreadyOnBloomTextSaysSo() {
        Org org = newOrganization("Invite Twice Clinic");
        Member sam = org.addMember("Sam Rivera");
        var again = org.admin().post(USERS + "/invitations", "email", sam.email());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("This person is already on your staff.");
    }

    @Test
    void adminsDescribeTheOrganizationUnderGeneral() {
        Org org = newOrganization("Old Name Clinic");
        var saved = org.admin().post("/settings/organization/general", "name", "New Name Clinic",
                "timeZone", "America/Los_Angeles", "street", "1 Market St", "city", "San Francisco",
                "state", "CA", "postalCode", "94105", "secureLinkDays", "14");
        assertThat(saved.redirectsTo("/settings/organization/general")).isTrue();
        var general = org.admin().follow(saved);
        assertThat(general.body()).contains("Saved.", "New Name Clinic", "1 Market St", "San Francisco", "94105");
        assertThat(general.body()).containsPattern("value=\"America/Los_Angeles\"\\s+selected");

        var badZone = org.admin().post("/settings/organization/general", "name", "New Name Clinic",
                "timeZone", "Mars/Olympus_Mons", "street", "", "city", "", "state", "", "postalCode", "",
                "secureLinkDays", "7");
        assertThat(badZone.body()).contains("Choose a time zone from the list.");
        assertThat(jdbc.sql("select time_zone from organization where id = :id").param("id", org.id())
                .query(String.class).single()).isEqualTo("America/Los_Angeles");
    }

    @Test
    void membersSeeGeneralButCannotChangeIt() {
        Org org = newOrganization("Read Only Clinic");
        Member sam = org.addMember("Sam Rivera");
        var general = sam.agent().get("/settings/organization/general");
        assertThat(general.status()).isEqualTo(200);
        assertThat(general.body()).contains("Only administrators can change these settings.")
                .doesNotContain("href=\"/settings/organization/users\"");
        var post = sam.agent().post("/settings/organization/general", "name", "Hijacked", "timeZone",
                "America/Chicago", "street", "", "city", "", "state", "", "postalCode", "");
        assertThat(post.status()).isEqualTo(403);
        assertThat(jdbc.sql("select name from organization where id = :id").param("id", org.id())
                .query(String.class).single()).isEqualTo("Read Only Clinic");
    }
}
