package com.bloomtext.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;
import com.bloomtext.shared.PatientId;
import com.bloomtext.testing.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditTrailTests extends IntegrationTest {

    static final String USERS = "/settings/organization/users";
    static final String AUDIT_LOG = "/settings/organization/audit-log";

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditTrail trail;

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
    void theApplicationsDatabaseUserCannotEditOrDeleteTheAuditLog() {
        Org org = newOrganization("Tamper Clinic");
        assertThatThrownBy(() -> jdbc.sql("update audit_event set outcome = 'FAILURE' where organization_id = :org")
                .param("org", org.id()).update())
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where organization_id = :org")
                .param("org", org.id()).update())
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("update audit_chain_head set last_hash = null where chain_key = :org")
                .param("org", org.id()).update())
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("permission denied");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org").param("org", org.id())
                .query(Integer.class).single()).isPositive();
    }

    @Test
    void evenTheOwnerMeetsTheAppendOnlyTrigger() throws SQLException {
        Org org = newOrganization("Owner Clinic");
        try (Connection owner = ownerConnection(); var statement = owner.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                    "update audit_event set outcome = 'FAILURE' where organization_id = '" + org.id() + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "delete from audit_event where organization_id = '" + org.id() + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    void anIntactChainVerifiesAndAChangedRowIsNamed() throws SQLException {
        Org org = newOrganization("Chain Clinic");
        org.addMember("Sam Rivera");
        var intact = org.admin().post(AUDIT_LOG + "/verify");
        assertThat(intact.status()).isEqualTo(200);
        assertThat(intact.body()).contains("Intact: all");

        long victim = eventIds(org.id()).get(2);
        tamper("update audit_event set detail = 'nothing to see' where id = " + victim);

        ChainVerification result = trail.verify(new OrgId(org.id()));
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenEventId()).isEqualTo(victim);
        assertThat(result.brokenAt()).isNotNull();
        var broken = org.admin().post(AUDIT_LOG + "/verify");
        assertThat(broken.body()).contains("Broken at event #" + victim).contains("changed after it was written");
    }

    @Test
    void aRemovedRowBreaksTheLinkOfTheEventAfterIt() throws SQLException {
        Org org = newOrganization("Gap Clinic");
        org.addMember("Sam Rivera");
        List<Long> ids = eventIds(org.id());
        tamper("delete from audit_event where id = " + ids.get(1));
        ChainVerification result = trail.verify(new OrgId(org.id()));
        assertThat(result.brokenEventId()).isEqualTo(ids.get(2));
        assertThat(result.problem()).contains("does not follow the event before it");
    }

    @Test
    void aRemovedNewestRowIsNoticedToo() throws SQLException {
        Org org = newOrganization("Tail Clinic");
        org.addMember("Sam Rivera");
        List<Long> ids = eventIds(org.id());
        tamper("delete from audit_event where id = " + ids.getLast());
        assertThat(trail.verify(new OrgId(org.id())).brokenEventId()).isEqualTo(ids.getLast());
    }

    @Test
    void concurrentEventsOfOneOrganizationNeverForkTheChain() throws Exception {
        Org org = newOrganization("Busy Clinic");
        OrgId id = new OrgId(org.id());
        List<Callable<Void>> writers = new ArrayList<>();
        for (int writer = 0; writer < 8; writer++) {
            writers.add(() -> {
                for (int i = 0; i < 15; i++) {
                    auditLog.recordAnonymous(id, AuditAction.SIGN_IN_FAILED, AuditTarget.NONE, Outcome.FAILURE, "burst");
                }
                return null;
            });
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var done : pool.invokeAll(writers)) {
                done.get();
            }
        }
        int events = jdbc.sql("select count(*) from audit_event where organization_id = :org").param("org", org.id())
                .query(Integer.class).single();
        int distinctPredecessors = jdbc.sql("""
                        select count(distinct coalesce(previous_hash, '\\x'::bytea)) from audit_event
                        where organization_id = :org""")
                .param("org", org.id()).query(Integer.class).single();
        assertThat(events).isGreaterThanOrEqualTo(121);
        assertThat(distinctPredecessors).isEqualTo(events);
        assertThat(trail.verify(id).intact()).isTrue();
    }

    @Test
    void newEventsAreHashedInFormatTwoWhichCoversThePatientWhoActed() throws SQLException {
        OrgId org = new OrgId(UUID.randomUUID());
        PatientId patient = new PatientId(UUID.randomUUID());
        auditLog.record(new PatientActor(org, patient), AuditAction.PORTAL_CONVERSATION_VIEWED, AuditTarget.NONE,
                Outcome.SUCCESS, null);
        auditLog.record(new PatientActor(org, patient), AuditAction.PORTAL_REPLY_SENT, AuditTarget.NONE,
                Outcome.SUCCESS, null);
        List<Long> ids = eventIds(org.value());
        assertThat(formats(org.value())).containsExactly(2, 2);
        assertThat(trail.verify(org).intact()).isTrue();

        tamper("update audit_event set actor_patient_id = '" + UUID.randomUUID() + "' where id = " + ids.getFirst());
        ChainVerification result = trail.verify(org);
        assertThat(result.brokenEventId()).isEqualTo(ids.getFirst());
        assertThat(result.problem()).contains("changed after it was written");
    }

    @Test
    void eventsHashedInFormatOneStillVerifyAndTheChainGoesOnInFormatTwo() throws SQLException {
        UUID org = UUID.randomUUID();
        formatOneEvents(org, 3);
        auditLog.recordAnonymous(new OrgId(org), AuditAction.SIGN_IN_FAILED, AuditTarget.NONE, Outcome.FAILURE, "new");
        auditLog.recordAnonymous(new OrgId(org), AuditAction.SIGN_IN_FAILED, AuditTarget.NONE, Outcome.FAILURE, "new");
        assertThat(formats(org)).containsExactly(1, 1, 1, 2, 2);
        ChainVerification intact = trail.verify(new OrgId(org));
        assertThat(intact.intact()).isTrue();
        assertThat(intact.checked()).isEqualTo(5);

        long oldOne = eventIds(org).get(1);
        tamper("update audit_event set detail = 'nothing to see' where id = " + oldOne);
        assertThat(trail.verify(new OrgId(org)).brokenEventId()).isEqualTo(oldOne);
    }

    @Test
    void aFormatTwoEventRelabelledAsFormatOneIsNoticed() throws SQLException {
        UUID org = oneFormatOneThenTwoPortalEvents();
        List<Long> ids = eventIds(org);

        // The acting patient removed and the event called format 1, whose hash would not cover it.
        tamper("update audit_event set hash_version = 1, actor_patient_id = null where id = " + ids.get(1));
        ChainVerification relabelled = trail.verify(new OrgId(org));
        assertThat(relabelled.brokenEventId()).isEqualTo(ids.get(1));
        assertThat(relabelled.problem()).contains("changed after it was written");
    }

    @Test
    void aFormatOneEventAfterAFormatTwoEventIsADowngrade() throws SQLException {
        UUID org = oneFormatOneThenTwoPortalEvents();
        long last = eventIds(org).getLast();
        // Even rehashed in format 1 with the chain's head moved along, it cannot follow a format-2 event.
        tamper("""
                update audit_event set hash_version = 1, actor_patient_id = null,
                    hash = audit_event_digest(previous_hash, id, organization_id, actor_user_id, patient_id, action,
                        target_type, target_id, outcome, detail, address, occurred_at)
                where id = %d""".formatted(last));
        tamper("update audit_chain_head h set last_hash = e.hash from audit_event e where e.id = %d and h.chain_key = '%s'"
                .formatted(last, org));
        ChainVerification result = trail.verify(new OrgId(org));
        assertThat(result.brokenEventId()).isEqualTo(last);
        assertThat(result.problem()).contains("changed after it was written");
    }

    /** A new organization's chain: one event as V15 wrote it, then two by a patient in the portal (format 2). */
    private UUID oneFormatOneThenTwoPortalEvents() throws SQLException {
        UUID org = UUID.randomUUID();
        formatOneEvents(org, 1);
        PatientActor patient = new PatientActor(new OrgId(org), new PatientId(UUID.randomUUID()));
        auditLog.record(patient, AuditAction.PORTAL_REPLY_SENT, AuditTarget.NONE, Outcome.SUCCESS, null);
        auditLog.record(patient, AuditAction.PORTAL_REPLY_SENT, AuditTarget.NONE, Outcome.SUCCESS, null);
        return org;
    }

    private List<Integer> formats(UUID org) {
        return jdbc.sql("select hash_version from audit_event where organization_id = :org order by id").param("org", org)
                .query(Integer.class).list();
    }

    /** Events as V15 chained them before V20 (hash format 1), for an organization with no events yet. */
    private void formatOneEvents(UUID org, int count) throws SQLException {
        try (Connection owner = ownerConnection(); var statement = owner.createStatement()) {
            statement.execute("set session_replication_role = replica"); // as V15 wrote them: no V20 trigger
            statement.execute("""
                    do $$
                    declare
                        head bytea;
                        digest bytea;
                        event_id bigint;
                        at timestamptz := clock_timestamp();
                    begin
                        for i in 1..%d loop
                            event_id := nextval(pg_get_serial_sequence('audit_event', 'id'));
                            digest := audit_event_digest(head, event_id, '%s', null, null, 'SIGN_IN_FAILED', null, null,
                                    'FAILURE', 'format 1', null, at);
                            insert into audit_event (id, organization_id, action, outcome, detail, occurred_at,
                                                     previous_hash, hash, hash_version)
                            overriding system value
                            values (event_id, '%2$s', 'SIGN_IN_FAILED', 'FAILURE', 'format 1', at, head, digest, 1);
                            head := digest;
                        end loop;
                        insert into audit_chain_head (chain_key, last_event_id, last_hash) values ('%2$s', event_id, head);
                    end;
                    $$""".formatted(count, org));
        }
    }

    private List<Long> eventIds(UUID org) {
        return jdbc.sql("select id from audit_event where organization_id = :org order by id").param("org", org)
                .query(Long.class).list();
    }

    /** What someone with the database's superuser could do: skip the triggers for one session and rewrite rows. */
    private void tamper(String sql) throws SQLException {
        try (Connection owner = ownerConnection(); var statement = owner.createStatement()) {
            statement.execute("set session_replication_role = replica");
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(((HikariDataSource) dataSource).getJdbcUrl(), "postgres", "");
    }
}
