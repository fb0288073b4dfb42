package com.bloomtext.accounts;

import java.util.Map;
import java.util.UUID;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of one organization reaches another (404, as if it did not exist), members cannot do what
 * admins do (403), removed users are out, and anonymous visitors are sent to sign in.
 */
class OutsiderTests extends IntegrationTest {

    static final String USERS = "/settings/organization/users";

    @Test
    void anotherOrganizationsUsersCanBeNeitherListedNorChanged() {
        Org mine = newOrganization("Mine Clinic");
        Org theirs = newOrganization("Theirs Clinic");
        Member theirMember = theirs.addMember("Their Member");

        assertThat(mine.admin().get(USERS).body()).doesNotContain(theirMember.email(), theirs.adminEmail());
        assertThat(mine.admin().get("/directory/coworkers").body()).doesNotContain(theirMember.email());

        assertThat(mine.admin().post(USERS + "/" + theirMember.id() + "/role", "role", "ADMIN").status())
                .isEqualTo(404);
        assertThat(mine.admin().post(USERS + "/" + theirs.adminId() + "/deactivate").status()).isEqualTo(404);
        assertThat(jdbc.sql("select role || ' ' || active from staff_user where id = :id")
                .param("id", theirMember.id()).query(String.class).single()).isEqualTo("MEMBER true");
        assertThat(jdbc.sql("select active from staff_user where id = :id")
                .param("id", theirs.adminId()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void anotherOrganizationsInvitationsCanBeNeitherResentNorWithdrawn() {
        Org mine = newOrganization("Mine Again Clinic");
        Org theirs = newOrganization("Theirs Again Clinic");
        String email = uniqueEmail("theirinvite");
        theirs.admin().post(USERS + "/invitations", "email", email);
        UUID invitation = jdbc.sql("select id from invitation where email = :e").param("e", email)
                .query(UUID.class).single();

        assertThat(mine.admin().get(USERS).body()).doesNotContain(email);
        assertThat(mine.admin().post(USERS + "/invitations/" + invitation + "/resend").status()).isEqualTo(404);
        assertThat(mine.admin().post(USERS + "/invitations/" + invitation + "/revoke").status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from invitation where email = :e and revoked_at is null")
                .param("e", email).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void noOneInvitesIntoAnotherOrganization() {
        Org mine = newOrganization("Poacher Clinic");
        Org theirs = newOrganization("Poached Clinic");
        Member theirMember = theirs.addMember("Their Member");

        var poach = mine.admin().post(USERS + "/invitations", "email", theirMember.email());
        assertThat(poach.body()).contains("This email already has a BloomText account with another organization.");
        // The invitation form has no organization field: whatever is posted, it invites into the admin's own.
        var smuggled = mine.admin().post(USERS + "/invitations", Map.of("email", uniqueEmail("smuggled"),
                "organizationId", theirs.id().toString()));
        assertThat(smuggled.redirectsTo(USERS)).isTrue();
        assertThat(jdbc.sql("select count(*) from invitation where organization_id = :org")
                .param("org", theirs.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anotherOrganizationsEmailsStayOutOfTheSandboxOutbox() {
        Org mine = newOrganization("Outbox Mine Clinic");
        Org theirs = newOrganization("Outbox Theirs Clinic");
        String email = uniqueEmail("secretinvite");
        theirs.admin().post(USERS + "/invitations", "email", email);
        UUID theirEmail = jdbc.sql("select id from sandbox_email where recipient = :e").param("e", email)
                .query(UUID.class).single();

        assertThat(mine.admin().get("/sandbox/outbox").body()).doesNotContain(email);
        assertThat(mine.admin().get("/sandbox/outbox/" + theirEmail).status()).isEqualTo(404);
        assertThat(theirs.admin().get("/sandbox/outbox/" + theirEmail).status()).isEqualTo(200);
    }

    @Test
    void membersDoNotSeeAdminPages() {
        Org org = newOrganization("Member Limits Clinic");
        Member sam = org.addMember("Sam Rivera");
        assertThat(sam.agent().get(USERS).status()).isEqualTo(403);
        assertThat(sam.agent().get("/settings/organization/general").body())
                .doesNotContain("href=\"" + USERS + "\"");
    }

    @Test
    void membersCannotDoAdminActions() {
        Org org = newOrganization("Member Actions Clinic");
        Member sam = org.addMember("Sam Rivera");
        Member lee = org.addMember("Lee Park");
        StaffAgent member = sam.agent();

        assertThat(member.post(USERS + "/invitations", "email", uniqueEmail("byMember")).status()).isEqualTo(403);
        assertThat(member.post(USERS + "/" + sam.id() + "/role", "role", "ADMIN").status()).isEqualTo(403);
        assertThat(member.post(USERS + "/" + lee.id() + "/deactivate").status()).isEqualTo(403);
        assertThat(member.post(USERS + "/" + org.adminId() + "/role", "role", "MEMBER").status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from staff_user where organization_id = :org and role = 'ADMIN' and active")
                .param("org", org.id()).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select role || ' ' || active from staff_user where id = :id").param("id", lee.id())
                .query(String.class).single()).isEqualTo("MEMBER true");
    }

    @Test
    void aDeactivatedUserIsOutEverywhere() {
        Org org = newOrganization("Removed Member Clinic");
        Member sam = org.addMember("Sam Rivera");
        org.admin().post(USERS + "/" + sam.id() + "/deactivate");

        for (String path : new String[] {"/inbox", "/directory/coworkers", "/settings", "/sandbox/outbox"}) {
            assertThat(sam.agent().get(path).redirectsTo("/sign-in")).as(path).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/inbox", "/directory", "/directory/coworkers", "/settings", "/settings/organization",
            "/settings/organization/general", USERS, "/sandbox/outbox"})
    void anonymousVisitorsAreSentToSignIn(String path) {
        assertThat(anonymous().get(path).redirectsTo("/sign-in")).isTrue();
    }

    @Test
    void anonymousPostsChangeNothing() {
        Org org = newOrganization("Anonymous Posts Clinic");
        StaffAgent stranger = anonymous();
        var deactivate = stranger.post(USERS + "/" + org.adminId() + "/deactivate");
        assertThat(deactivate.redirectsTo("/sign-in")).isTrue();
        var invite = stranger.post(USERS + "/invitations", "email", uniqueEmail("anon"));
        assertThat(invite.redirectsTo("/sign-in")).isTrue();
        assertThat(jdbc.sql("select active from staff_user where id = :id").param("id", org.adminId())
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        Org org = newOrganization("Forged Form Clinic");
        var forged = org.admin().postWithoutCsrf("/settings/organization/general", Map.of("name", "Forged",
                "timeZone", "America/Chicago"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(jdbc.sql("select name from organization where id = :id").param("id", org.id())
                .query(String.class).single()).isEqualTo("Forged Form Clinic");
    }

    @Test
    void malformedIdsAreNotFoundRatherThanErrors() {
        Org org = newOrganization("Malformed Ids Clinic");
        assertThat(org.admin().post(USERS + "/not-a-uuid/deactivate").status()).isEqualTo(404);
        assertThat(org.admin().post(USERS + "/invitations/not-a-uuid/resend").status()).isEqualTo(404);
        assertThat(org.admin().get("/sandbox/outbox/not-a-uuid").status()).isEqualTo(404);
        assertThat(org.admin().post(USERS + "/" + org.adminId() + "/role", "role", "OWNER").status())
                .isEqualTo(200);
    }
}
