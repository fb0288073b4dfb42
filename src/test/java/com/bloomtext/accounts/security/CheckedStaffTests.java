package com.bloomtext.accounts.security;

import java.time.ZoneId;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages take the signed-in user's name and the organization's name and time zone from the row the request's
 * sign-in check read (CheckedStaff) instead of reading them again: only for that user and that organization.
 */
class CheckedStaffTests extends IntegrationTest {

    @Autowired
    StaffDirectory staff;

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    /** A request whose sign-in check read this row (names that the database does not hold, to tell them apart). */
    static void requestChecked(CheckedStaff checked) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/inbox");
        request.setAttribute(CheckedStaff.ATTRIBUTE, checked);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @Test
    void theRowReadForTheRequestServesItsOwnUserAndOrganizationOnly() {
        Org ours = newOrganization("Checked Clinic");
        Org theirs = newOrganization("Other Checked Clinic");
        Member sam = ours.addMember("Sam Coworker");
        OrgId org = new OrgId(ours.id());
        UserId admin = new UserId(ours.adminId());
        requestChecked(new CheckedStaff(admin, org, "Read By The Check", true, "Checked Name", ZoneId.of("Pacific/Auckland")));

        assertThat(staff.nameAndZone(org).name()).isEqualTo("Checked Name");
        assertThat(staff.nameAndZone(org).timeZone()).isEqualTo(ZoneId.of("Pacific/Auckland"));
        assertThat(staff.displayName(org, admin)).contains("Read By The Check");

        // Another user of the organization, another organization: read from the database as before.
        assertThat(staff.displayName(org, new UserId(sam.id()))).contains("Sam Coworker");
        OrgId other = new OrgId(theirs.id());
        assertThat(staff.nameAndZone(other).name()).isEqualTo("Other Checked Clinic");
        assertThat(staff.displayName(other, admin)).as("our admin is nobody there").isEmpty();

        // Outside a request: the database.
        RequestContextHolder.resetRequestAttributes();
        assertThat(staff.nameAndZone(org).name()).isEqualTo("Checked Clinic");
        assertThat(staff.displayName(org, admin)).isPresent().get().isNotEqualTo("Read By The Check");
    }

    @Test
    void aPageShowsTheOrganizationsTimeZoneAndNameAsTheyAreNow() {
        Org org = newOrganization("Zone Clinic");
        assertThat(org.admin().get("/inbox").body()).contains("Zone Clinic");
        jdbc.sql("update organization set name = 'Renamed Zone Clinic' where id = :id").param("id", org.id()).update();
        assertThat(org.admin().get("/inbox").body()).as("the next request's check reads it again")
                .contains("Renamed Zone Clinic");
    }
}
