package com.bloomtext.numbers;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

@RecordApplicationEvents
class PhoneNumbersTests extends IntegrationTest {

    static final String SELECT = "/settings/organization/plan/phone-number";
    static final Pattern NUMBER_ROW = Pattern.compile("<span class=\"number\">\\(([0-9]{3})\\) ([0-9]{3})-([0-9]{4})</span>");

    @Autowired
    TeamAccess teamAccess;

    @Autowired
    ApplicationEvents events;

    @Autowired
    com.bloomtext.numbers.internal.Teams teams;

    @Test
    void theSelectActionAppearsOnlyOnceThePlanIncludesSms() {
        Org org = newOrganization("Action Clinic");
        assertThat(org.admin().get("/settings/organization/plan").body()).doesNotContain("Select a phone number");
        assertThat(org.admin().get(SELECT).body()).contains("Phone numbers come with an SMS plan.");
        org.upgradeTo("sms-starter");
        assertThat(org.admin().get("/settings/organization/plan").body()).contains("Select a phone number");
    }

    @Test
    void pickANumberByAreaCodeAndItBecomesATeamWithTheAdminAsFirstMember() {
        Org org = newOrganization("Pick Clinic");
        org.upgradeTo("sms-starter");
        var page = org.admin().get(SELECT);
        assertThat(page.body()).contains("Pick your phone number",
                "A local area code helps patients recognize your number. Enter yours or browse the suggestions.");

        var results = org.admin().get(SELECT + "?areaCode=415");
        assertThat(results.body()).contains("(415) 555-01", "San Francisco, CA", ">Select<");
        String chosen = firstNumber(results.body());
        var selected = org.admin().get(SELECT + "?areaCode=415&number=" + chosen.substring(1));
        assertThat(selected.body()).contains(">Selected<", "Confirm " + display(chosen));

        var bought = org.admin().post(SELECT, "areaCode", "415", "number", chosen);
        assertThat(bought.location()).contains("/directory/phone-numbers/");
        var team = org.admin().follow(bought);
        assertThat(team.body()).contains(display(chosen) + " is yours.", "<h2 id=\"team-", display(chosen), "Active",
                "Dana Whitfield");

        OrgId orgId = new OrgId(org.id());
        List<TeamRef> teams = teamAccess.teamsOf(orgId, new UserId(org.adminId()));
        assertThat(teams).singleElement().satisfies(ref -> {
            assertThat(ref.name()).isEqualTo(display(chosen));
            assertThat(ref.activeNumber().value()).isEqualTo(chosen);
        });
        assertThat(org.admin().get(SELECT + "?areaCode=415").body()).doesNotContain(display(chosen));
        assertThat(auditActions(org)).contains("NUMBER_PURCHASED", "TEAM_MEMBER_ADDED");
    }

    @Test
    void suggestionsComeFromTheOrganizationsAddress() {
        Org org = newOrganization("Suggest Clinic");
        org.upgradeTo("sms-starter");
        org.admin().follow(org.admin().post("/settings/organization/general", "name", "Suggest Clinic",
                "timeZone", "America/Los_Angeles", "street", "1 Market St", "city", "San Francisco", "state", "CA",
                "postalCode", "94105"));
        assertThat(org.admin().get(SELECT).body()).contains("415 · San Francisco, CA");
    }

    @Test
    void badAreaCodesGetAClearError() {
        Org org = newOrganization("Bad Code Clinic");
        org.upgradeTo("sms-starter");
        assertThat(org.admin().get(SELECT + "?areaCode=41").body()).contains("Enter a three-digit US area code, like 415.");
        assertThat(org.admin().get(SELECT + "?areaCode=999").body()).contains("999 isn't a US area code in service.");
        assertThat(org.admin().get(SELECT + "?areaCode=%3Cscript%3E").body()).contains("Enter a three-digit US area code")
                .doesNotContain("<script>");
    }

    @Test
    void aSoldOutAreaCodeSaysSoAndSuggestsNeighbours() {
        Org org = newOrganization("Sold Out Clinic");
        org.upgradeTo("sms-starter");
        for (int line = 100; line <= 199; line++) {
            jdbc.sql("insert into sandbox_carrier_number (number, carrier_id, purchased_at) values (:n, :id, now()) on conflict do nothing")
                    .param("n", "+1254" + "5550" + line).param("id", "SOLD" + UUID.randomUUID()).update();
        }
        var page = org.admin().get(SELECT + "?areaCode=254");
        assertThat(page.body()).contains("No numbers are available in 254 right now.", "Try a nearby area code:", "Texas");
    }

    @Test
    void thePlansNumberLimitIsEnforcedWithAWayToThePlanTab() {
        Org org = newOrganization("Limit Clinic");
        org.upgradeTo("sms-starter");
        String first = firstNumber(org.admin().get(SELECT + "?areaCode=212").body());
        org.admin().post(SELECT, "areaCode", "212", "number", first);

        var full = org.admin().get(SELECT + "?areaCode=212");
        assertThat(full.body()).contains("Your plan, SMS Starter, includes 1 phone number, and your organization has 1.",
                "Go to the Plan tab");
        String second = "+12125550" + (first.endsWith("199") ? "198" : "199");
        var refused = org.admin().post(SELECT, "areaCode", "212", "number", second);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(countNumbers(org)).isEqualTo(1);
    }

    @Test
    void twoAdminsTakingTheSameNumberOneWinsTheOtherIsToldAndShownFreshChoices() {
        Org first = newOrganization("First Taker Clinic");
        Org second = newOrganization("Second Taker Clinic");
        first.upgradeTo("sms-starter");
        second.upgradeTo("sms-starter");
        String contested = firstNumber(first.admin().get(SELECT + "?areaCode=303").body());
        second.admin().get(SELECT + "?areaCode=303");

        assertThat(first.admin().post(SELECT, "areaCode", "303", "number", contested).location()).contains("/directory/phone-numbers/");
        var lost = second.admin().post(SELECT, "areaCode", "303", "number", contested);
        assertThat(lost.status()).isEqualTo(200);
        assertThat(lost.body()).contains("That number was just taken. Pick another one.", "(303) 555-01")
                .doesNotContain(display(contested));
        assertThat(countNumbers(second)).isZero();
    }

    @Test
    void membershipControlsWhoSeesTheNumberAndAppliesAtOnce() {
        Org org = newOrganization("Members Clinic");
        org.upgradeTo("sms-starter");
        Member sam = org.addMember("Sam Rivera");
        String number = firstNumber(org.admin().get(SELECT + "?areaCode=617").body());
        String teamPath = org.admin().post(SELECT, "areaCode", "617", "number", number).location();
        String team = teamPath.substring(teamPath.lastIndexOf('/') + 1);
        TeamId teamId = new TeamId(UUID.fromString(team));
        OrgId orgId = new OrgId(org.id());

        assertThat(sam.agent().get("/directory/phone-numbers").body()).doesNotContain(display(number));
        assertThat(sam.agent().get("/directory/phone-numbers/" + team).status()).isEqualTo(404);

        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        assertThat(teamAccess.isMember(orgId, teamId, new UserId(sam.id()))).isTrue();
        assertThat(sam.agent().get("/directory/phone-numbers").body()).contains(display(number), "Sam Rivera");

        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        assertThat(teamAccess.isMember(orgId, teamId, new UserId(sam.id()))).isFalse();
        assertThat(sam.agent().get("/directory/phone-numbers/" + team).status()).isEqualTo(404);
        assertThat(auditActions(org)).contains("TEAM_MEMBER_ADDED", "TEAM_MEMBER_REMOVED");
    }

    @Test
    void membershipChangesArePublishedWithIdsOnly() {
        Org org = newOrganization("Events Clinic");
        org.upgradeTo("sms-starter");
        Member sam = org.addMember("Sam Rivera");
        String number = firstNumber(org.admin().get(SELECT + "?areaCode=702").body());
        String teamPath = org.admin().post(SELECT, "areaCode", "702", "number", number).location();
        TeamId team = new TeamId(UUID.fromString(teamPath.substring(teamPath.lastIndexOf('/') + 1)));
        var admin = new com.bloomtext.accounts.domain.AccountActor(new UserId(org.adminId()), new OrgId(org.id()), true);

        teams.addMember(admin, team, new UserId(sam.id()));
        teams.removeMember(admin, team, new UserId(sam.id()));

        assertThat(events.stream(TeamMemberAdded.class))
                .containsExactly(new TeamMemberAdded(new OrgId(org.id()), team, new UserId(sam.id())));
        assertThat(events.stream(TeamMemberRemoved.class))
                .containsExactly(new TeamMemberRemoved(new OrgId(org.id()), team, new UserId(sam.id())));
    }

    @Test
    void releasingANumberKeepsTheTeamAndStopsSms() {
        Org org = newOrganization("Release Clinic");
        org.upgradeTo("sms-starter");
        String number = firstNumber(org.admin().get(SELECT + "?areaCode=305").body());
        String teamPath = org.admin().post(SELECT, "areaCode", "305", "number", number).location();
        String team = teamPath.substring(teamPath.lastIndexOf('/') + 1);

        assertThat(org.admin().get("/directory/phone-numbers/" + team + "/release").body())
                .contains("Release " + display(number) + "?");
        assertThat(org.admin().post("/directory/phone-numbers/" + team + "/release").location())
                .as("not released without confirmation").endsWith("/release");
        var released = org.admin().post("/directory/phone-numbers/" + team + "/release", "confirmed", "true");
        assertThat(org.admin().follow(released).body()).contains("Released", "SMS from it has stopped",
                "Dana Whitfield");
        assertThat(new TeamAccessView(teamAccess, org).team(team).hasActiveNumber()).isFalse();
        assertThat(org.admin().get(SELECT + "?areaCode=305").body()).as("the number is for sale again")
                .contains(display(number));
        assertThat(auditActions(org)).contains("NUMBER_RELEASED");
    }

    @Test
    void adminsRenameTeams() {
        Org org = newOrganization("Rename Clinic");
        org.upgradeTo("sms-starter");
        String number = firstNumber(org.admin().get(SELECT + "?areaCode=206").body());
        String teamPath = org.admin().post(SELECT, "areaCode", "206", "number", number).location();
        String team = teamPath.substring(teamPath.lastIndexOf('/') + 1);
        org.admin().post("/directory/phone-numbers/" + team + "/name", "name", "Front desk");
        assertThat(org.admin().get("/directory/phone-numbers").body()).contains("Front desk", display(number));
    }

    static String firstNumber(String page) {
        Matcher row = NUMBER_ROW.matcher(page);
        assertThat(row.find()).as("the page lists a number").isTrue();
        return "+1" + row.group(1) + row.group(2) + row.group(3);
    }

    static String display(String e164) {
        return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
    }

    List<String> auditActions(Org org) {
        return jdbc.sql("select action from audit_event where organization_id = :org order by id").param("org", org.id())
                .query(String.class).list();
    }

    int countNumbers(Org org) {
        return jdbc.sql("select count(*) from phone_number where organization_id = :org and status <> 'RELEASED'")
                .param("org", org.id()).query(Integer.class).single();
    }

    record TeamAccessView(TeamAccess access, Org org) {
        TeamRef team(String id) {
            return access.team(new OrgId(org.id()), new TeamId(UUID.fromString(id))).orElseThrow();
        }
    }
}
