package com.bloomtext.numbers;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Another organization, a member doing admin actions, a support operator, anonymous: nothing leaks. */
class NumbersOutsiderTests extends IntegrationTest {

    static final String SELECT = "/settings/organization/plan/phone-number";
    static final String DIRECTORY = "/directory/phone-numbers";

    record Owned(Org org, Member member, String team, String number) {
    }

    Owned orgWithNumber(String name, String areaCode) {
        Org org = newOrganization(name);
        org.upgradeTo("sms-starter");
        Member member = org.addMember("Sam Rivera");
        String number = PhoneNumbersTests.firstNumber(org.admin().get(SELECT + "?areaCode=" + areaCode).body());
        String location = org.admin().post(SELECT, "areaCode", areaCode, "number", number).location();
        String team = location.substring(location.lastIndexOf('/') + 1);
        org.admin().post(DIRECTORY + "/" + team + "/members", "user", member.id().toString());
        return new Owned(org, member, team, number);
    }

    @Test
    void anotherOrganizationsNumbersAndTeamsAreNotFound() {
        Owned theirs = orgWithNumber("Their Numbers Clinic", "503");
        Org mine = newOrganization("My Numbers Clinic");
        Member mySam = mine.addMember("My Sam");
        StaffAgent admin = mine.admin();
        String team = DIRECTORY + "/" + theirs.team();

        assertThat(admin.get(DIRECTORY).body()).doesNotContain(PhoneNumbersTests.display(theirs.number()));
        assertThat(admin.get(team).status()).isEqualTo(404);
        assertThat(admin.post(team + "/members", "user", mySam.id().toString()).status()).isEqualTo(404);
        assertThat(admin.post(team + "/members/" + theirs.member().id() + "/remove").status()).isEqualTo(404);
        assertThat(admin.post(team + "/name", "name", "Hijacked").status()).isEqualTo(404);
        assertThat(admin.get(team + "/release").status()).isEqualTo(404);
        assertThat(admin.post(team + "/release", "confirmed", "true").status()).isEqualTo(404);

        assertThat(jdbc.sql("select count(*) from team_member where team_id = cast(:team as uuid)").param("team", theirs.team())
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select name || ' ' || (select status from phone_number where team_id = t.id) from team t where id = cast(:team as uuid)")
                .param("team", theirs.team()).query(String.class).single())
                .isEqualTo(PhoneNumbersTests.display(theirs.number()) + " ACTIVE");
    }

    @Test
    void anotherOrganizationsStaffCannotBeAddedToMyTeam() {
        Owned mine = orgWithNumber("Own Team Clinic", "971");
        Org theirs = newOrganization("Other Staff Clinic");
        Member stranger = theirs.addMember("Stranger");
        var added = mine.org().admin().post(DIRECTORY + "/" + mine.team() + "/members", "user", stranger.id().toString());
        assertThat(added.status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from team_member where user_id = :u").param("u", stranger.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void membersCannotDoAdminActions() {
        Owned owned = orgWithNumber("Member Number Clinic", "720");
        StaffAgent member = owned.member().agent();
        String team = DIRECTORY + "/" + owned.team();

        assertThat(member.get(team).status()).as("members see their own team").isEqualTo(200);
        assertThat(member.get(team).body()).doesNotContain("Add to team", "Release this number", "Team settings");
        assertThat(member.get(SELECT).status()).isEqualTo(403);
        assertThat(member.post(SELECT, "areaCode", "720", "number", "+17205550111").status()).isEqualTo(403);
        assertThat(member.get("/settings/organization/plan/port-in").status()).isEqualTo(403);
        assertThat(member.post(team + "/members/" + owned.org().adminId() + "/remove").status()).isEqualTo(403);
        assertThat(member.post(team + "/name", "name", "Mine now").status()).isEqualTo(403);
        assertThat(member.post(team + "/release", "confirmed", "true").status()).isEqualTo(403);
        assertThat(jdbc.sql("select status from phone_number where team_id = cast(:t as uuid)").param("t", owned.team())
                .query(String.class).single()).isEqualTo("ACTIVE");
    }

    @Test
    void aRemovedMemberLosesTheTeamOnTheNextRequest() {
        Owned owned = orgWithNumber("Removed Member Clinic", "808");
        String team = DIRECTORY + "/" + owned.team();
        assertThat(owned.member().agent().get(team).status()).isEqualTo(200);
        owned.org().admin().post(team + "/members/" + owned.member().id() + "/remove");
        assertThat(owned.member().agent().get(team).status()).isEqualTo(404);
        assertThat(owned.member().agent().get(DIRECTORY).body()).doesNotContain(PhoneNumbersTests.display(owned.number()));
    }

    @Test
    void supportOperatorsSeeNoCustomerPagesAndStaffSeeNoSupportConsole() {
        Owned owned = orgWithNumber("Support Boundary Clinic", "919");
        StaffAgent support = anonymous();
        support.get("/support/sign-in");
        assertThat(support.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test")
                .redirectsTo("/support")).isTrue();
        assertThat(support.get("/support").status()).isEqualTo(200);
        for (String path : new String[] {"/inbox", DIRECTORY, DIRECTORY + "/" + owned.team(), "/directory/coworkers",
                "/settings/organization/users", "/sandbox/outbox"}) {
            assertThat(support.get(path).status()).as(path).isEqualTo(403);
        }
        assertThat(owned.org().admin().get("/support").status()).isEqualTo(403);
        assertThat(anonymous().get("/support").redirectsTo("/support/sign-in")).isTrue();
        assertThat(anonymous().post("/support/sign-in", "email", owned.org().adminEmail(), "password", PASSWORD).location())
                .as("a staff account is not a support operator").endsWith("/support/sign-in?error");
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        Owned owned = orgWithNumber("Anonymous Number Clinic", "612");
        for (String path : new String[] {SELECT, DIRECTORY, DIRECTORY + "/" + owned.team(), "/settings/organization/plan/port-in"}) {
            assertThat(anonymous().get(path).redirectsTo("/sign-in")).as(path).isTrue();
        }
    }
}
