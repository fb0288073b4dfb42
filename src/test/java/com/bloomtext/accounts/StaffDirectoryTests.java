package com.bloomtext.accounts;

import com.bloomtext.shared.OrgId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The staff listings other modules read (message authors, the audit viewer's names, a team's people). */
class StaffDirectoryTests extends IntegrationTest {

    @Autowired
    StaffDirectory staff;

    @Test
    void everyoneListsTheOrganizationsOwnStaffActiveFirstDeactivatedIncludedAndNoOtherOrganizations() {
        Org org = newOrganization("Birchwood Pediatrics");
        Member zoe = org.addMember("Zoe Alvarez");
        Member abe = org.addMember("Abe Carter");
        org.admin().post(CoworkersTests.USERS + "/" + abe.id() + "/deactivate");
        Org other = newOrganization("Other Clinic");
        other.addMember("Amy Outsider");

        var everyone = staff.everyone(new OrgId(org.id()));
        assertThat(everyone).extracting(StaffMember::displayName)
                .containsExactly("Dana Whitfield", "Zoe Alvarez", "Abe Carter");
        assertThat(everyone).extracting(StaffMember::email).containsExactly(org.adminEmail(), zoe.email(), abe.email());
        assertThat(everyone).extracting(StaffMember::active).containsExactly(true, true, false);
        assertThat(everyone).extracting(StaffMember::role).containsExactly(StaffRole.ADMIN, StaffRole.MEMBER, StaffRole.MEMBER);
        assertThat(staff.activeStaff(new OrgId(org.id()))).extracting(StaffMember::displayName)
                .containsExactly("Dana Whitfield", "Zoe Alvarez");
        assertThat(staff.everyone(new OrgId(other.id()))).extracting(StaffMember::displayName)
                .containsExactly("Amy Outsider", "Dana Whitfield");
    }
}
