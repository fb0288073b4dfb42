package com.bloomtext.numbers;

import java.util.UUID;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortInTests extends IntegrationTest {

    static final String PORT_IN = "/settings/organization/plan/port-in";

    StaffAgent.Page submit(Org org, String number) {
        org.admin().get(PORT_IN);
        return org.admin().post(PORT_IN, "number", number, "currentCarrier", "Old Telco", "accountNumber", "ACCT-778",
                "pin", "4321", "authorizedName", "Dana Whitfield", "serviceAddress", "1 Main St, Springfield",
                "signature", "dana whitfield");
    }

    StaffAgent support() {
        StaffAgent support = anonymous();
        support.get("/support/sign-in");
        support.follow(support.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test"));
        return support;
    }

    @Test
    void aPortableNumberIsSubmittedAndSupportIsEmailed() {
        Org org = newOrganization("Port Clinic");
        org.upgradeTo("sms-starter");
        String number = "+15415552101";
        var submitted = submit(org, number.substring(2));
        assertThat(submitted.redirectsTo("/settings/organization/plan/phone-number")).as("%s", submitted).isTrue();
        assertThat(org.admin().follow(submitted).body()).contains("Port-in request submitted.", "Submitted");
        String email = jdbc.sql("select subject || ' ' || body from sandbox_email where recipient = 'support@bloomtext.com' "
                        + "and organization_id = :org").param("org", org.id()).query(String.class).single();
        assertThat(email).contains("Port-in request", "Port Clinic", "/support/port-ins/").doesNotContain("ACCT-778", "4321");
    }

    @Test
    void aNumberThatCannotBePortedIsRefusedWithTheReason() {
        Org org = newOrganization("Toll Free Clinic");
        org.upgradeTo("sms-starter");
        var refused = submit(org, "(800) 555-0100");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Toll-free numbers can't be ported to BloomText.");
        assertThat(jdbc.sql("select count(*) from port_in_request where organization_id = :org").param("org", org.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void theFormExplainsWhatIsMissing() {
        Org org = newOrganization("Port Form Clinic");
        org.upgradeTo("sms-starter");
        org.admin().get(PORT_IN);
        var wrong = org.admin().post(PORT_IN, "number", "12", "currentCarrier", "", "accountNumber", "1", "pin", "1",
                "authorizedName", "Dana Whitfield", "serviceAddress", "1 Main St", "signature", "Someone Else");
        assertThat(wrong.body()).contains("That phone number", "Enter the current carrier.",
                "Sign by typing the authorized name exactly as above.");
    }

    @Test
    void supportWorksTheRequestAndCompletionActivatesTheNumberWithItsTeam() {
        Org org = newOrganization("Ported Clinic");
        org.upgradeTo("sms-starter");
        String number = "+15415552102";
        submit(org, number);
        UUID request = jdbc.sql("select id from port_in_request where organization_id = :org").param("org", org.id())
                .query(UUID.class).single();
        StaffAgent support = support();

        var page = support.get("/support/port-ins/" + request);
        assertThat(page.body()).contains("Ported Clinic", "Old Telco", "ACCT-778", "4321");
        support.post("/support/port-ins/" + request + "/eligible");
        assertThat(latestEmailTo(org.adminEmail())).contains("can be ported");
        assertThat(org.admin().get("/settings/organization/plan/phone-number").body()).contains("Eligible");

        support.post("/support/port-ins/" + request + "/completed");
        assertThat(latestEmailTo(org.adminEmail())).contains("now works on BloomText");
        assertThat(jdbc.sql("select status from phone_number where organization_id = :org and number = :n")
                .param("org", org.id()).param("n", number).query(String.class).single()).isEqualTo("ACTIVE");
        assertThat(org.admin().get("/directory/phone-numbers").body()).contains("Active", "Dana Whitfield");
        assertThat(jdbc.sql("select coalesce(account_number, '-') || coalesce(pin, '-') from port_in_request where id = :id")
                .param("id", request).query(String.class).single()).as("account secrets are dropped").isEqualTo("--");
        assertThat(support.get("/support/port-ins/" + request).body()).doesNotContain("ACCT-778");
    }

    @Test
    void notPortableNeedsAReasonThePracticeSees() {
        Org org = newOrganization("Refused Port Clinic");
        org.upgradeTo("sms-starter");
        String number = "+15415552103";
        submit(org, number);
        UUID request = jdbc.sql("select id from port_in_request where organization_id = :org").param("org", org.id())
                .query(UUID.class).single();
        StaffAgent support = support();
        support.get("/support/port-ins/" + request);
        support.post("/support/port-ins/" + request + "/not-portable", "reason", "");
        assertThat(status(request)).isEqualTo("SUBMITTED");
        support.post("/support/port-ins/" + request + "/not-portable", "reason", "The number is under contract until 2027.");
        assertThat(status(request)).isEqualTo("NOT_PORTABLE");
        assertThat(org.admin().get("/settings/organization/plan/phone-number").body())
                .contains("Not portable: The number is under contract until 2027.");
        assertThat(latestEmailTo(org.adminEmail())).contains("under contract until 2027");
    }

    @Test
    void aNumberAlreadyOnBloomTextCannotBePortedAgain() {
        Org owner = newOrganization("Owner Clinic");
        owner.upgradeTo("sms-starter");
        String taken = PhoneNumbersTests.firstNumber(owner.admin().get("/settings/organization/plan/phone-number?areaCode=541").body());
        owner.admin().post("/settings/organization/plan/phone-number", "areaCode", "541", "number", taken);
        Org other = newOrganization("Copycat Clinic");
        other.upgradeTo("sms-starter");
        assertThat(submit(other, taken).body()).contains("This number is already on BloomText.");
    }

    String status(UUID request) {
        return jdbc.sql("select status from port_in_request where id = :id").param("id", request).query(String.class).single();
    }

    String latestEmailTo(String to) {
        return jdbc.sql("select subject || ' ' || body from sandbox_email where recipient = :to order by sent_at desc limit 1")
                .param("to", to).query(String.class).single();
    }
}
