package com.bloomtext.audit;

import java.util.List;

import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditTrailTests extends IntegrationTest {

    static final String USERS = "/settings/organization/users";

    @Test
    void accountEventsAreRecordedWithActorTargetAddressAndOutcome() {
        Org org = newOrganization("Audited Clinic");
        Member sam = org.addMember("Sam Rivera");
        org.admin().post(USERS + "/" + sam.id() + "/role", "role", "ADMIN");
        org.admin().post(USERS + "/" + sam.id() + "/deactivate");
        org.admin().post(USERS + "/" + org.adminId() + "/deactivate");
        org.admin().follow(org.admin().post("/sign-out"));
        anonymous().post("/sign-in", "email", org.adminEmail(), "password", "not-the-right-one");
        org.admin().post("/sign-in", "email", org.adminEmail(), "password", PASSWORD);

        List<String> trail = jdbc.sql("""
                        select action || ' ' || outcome || ' ' || coalesce(target_type, '-') from audit_event
                        where organization_id = :org order by id""")
                .param("org", org.id()).query(String.class).list();
        assertThat(trail).containsSubsequence(
                "SIGN_UP SUCCESS organization",
                "INVITATION_SENT SUCCESS invitation",
                "INVITATION_ACCEPTED SUCCESS invitation",
                "SIGN_IN SUCCESS user",
                "ROLE_CHANGED SUCCESS user",
                "USER_DEACTIVATED SUCCESS user",
                "SIGN_OUT SUCCESS user",
                "SIGN_IN_FAILED FAILURE user",
                "SIGN_IN SUCCESS user");

        String roleChange = jdbc.sql("""
                        select actor_user_id || ' ' || target_id || ' ' || detail || ' ' || address from audit_event
                        where organization_id = :org and action = 'ROLE_CHANGED'""")
                .param("org", org.id()).query(String.class).single();
        assertThat(roleChange).isEqualTo(org.adminId() + " " + sam.id() + " MEMBER -> ADMIN 127.0.0.1");
    }

    @Test
    void aRefusalIsRecordedAsDenied() {
        Org org = newOrganization("Denied Clinic");
        org.admin().post(USERS + "/" + org.adminId() + "/role", "role", "MEMBER");
        assertThat(jdbc.sql("select outcome from audit_event where organization_id = :org and action = 'ROLE_CHANGED'")
                .param("org", org.id()).query(String.class).single()).isEqualTo("DENIED");
    }

    @Test
    void nobodyCanEditOrDeleteTheAuditLog() {
        Org org = newOrganization("Tamper Clinic");
        assertThatThrownBy(() -> jdbc.sql("update audit_event set outcome = 'FAILURE' where organization_id = :org")
                .param("org", org.id()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where organization_id = :org")
                .param("org", org.id()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org").param("org", org.id())
                .query(Integer.class).single()).isPositive();
    }
}
