package com.bloomtext.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.Conversations.UnreadCounts;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's unread counts (Conversations.unreadCounts) are counted as a team's conversations minus those the
 * user's read marks show read, both kept as counters by the database (V32's triggers): they must stay exactly the
 * rule, which is written out here as the query that checks every visible conversation against the user's mark
 * ({@link #RULE}), and compared in each edge case and after every kind of change that moves a counter; the
 * counters themselves are compared with a count from the rows ({@link #assertCountersMatchTheRows}).
 */
class UnreadCountsTests extends IntegrationTest {

    /** The rule, conversation by conversation: a visible conversation without a read mark since its last message. */
    static final String RULE = """
            select c.team_id, count(*) as unread from conversation c
            left join conversation_read r on r.conversation_id = c.id and r.user_id = :user
            where c.organization_id = :org and (
                (c.team_id is not null and exists (select 1 from team_member m
                    where m.team_id = c.team_id and m.user_id = :user and m.organization_id = :org))
                or (c.team_id is null and exists (select 1 from conversation_participant p
                    where p.conversation_id = c.id and p.user_id = :user)))
              and (r.read_at is null or r.read_at < c.last_message_at) group by c.team_id""";

    @Autowired
    Conversations conversations;

    @Autowired
    DataSource dataSource;

    /** The counters as a rebuild from the rows would make them (V32's unread_counters_rebuild), zeros left out. */
    static final String COUNTERS_FROM_ROWS = """
            select 'team ' || organization_id || ' ' || team_id as counter, count(*) as n from conversation
            where team_id is not null and organization_id = :org group by organization_id, team_id
            union all
            select 'marks ' || r.user_id || ' ' || c.organization_id || ' ' || c.team_id, count(*)
            from conversation_read r join conversation c on c.id = r.conversation_id
            where c.team_id is not null and c.organization_id = :org and r.read_at >= c.last_message_at
            group by r.user_id, c.organization_id, c.team_id""";

    static final String COUNTERS = """
            select 'team ' || organization_id || ' ' || team_id as counter, conversations as n from team_conversation_count
            where organization_id = :org and conversations <> 0
            union all
            select 'marks ' || user_id || ' ' || organization_id || ' ' || team_id, current_marks from team_read_count
            where organization_id = :org and current_marks <> 0""";

    /** Every counter of the organization is what counting its rows gives. */
    void assertCountersMatchTheRows(UUID org) {
        Map<String, Long> kept = new HashMap<>();
        jdbc.sql(COUNTERS).param("org", org).query(rs -> {
            kept.put(rs.getString("counter"), rs.getLong("n"));
        });
        Map<String, Long> counted = new HashMap<>();
        jdbc.sql(COUNTERS_FROM_ROWS).param("org", org).query(rs -> {
            counted.put(rs.getString("counter"), rs.getLong("n"));
        });
        assertThat(kept).as("counters of %s", org).isEqualTo(counted);
    }

    record Staff(UUID org, UUID user) implements Actor {

        @Override
        public UserId userId() {
            return new UserId(user);
        }

        @Override
        public OrgId orgId() {
            return new OrgId(org);
        }

        @Override
        public boolean admin() {
            return false;
        }
    }

    UnreadCounts byRule(UUID org, UUID user) {
        Map<TeamId, Integer> byTeam = new HashMap<>();
        int[] all = new int[1];
        jdbc.sql(RULE).param("org", org).param("user", user).query(rs -> {
            UUID team = rs.getObject("team_id", UUID.class);
            all[0] += rs.getInt("unread");
            if (team != null) {
                byTeam.put(new TeamId(team), rs.getInt("unread"));
            }
        });
        return new UnreadCounts(all[0], Map.copyOf(byTeam));
    }

    /** The counts of one user, checked against the rule in both forms (one user, and the live frames' batch). */
    UnreadCounts counts(UUID org, UUID user, UUID... others) {
        UnreadCounts one = conversations.unreadCounts(new Staff(org, user));
        assertThat(one).isEqualTo(byRule(org, user));
        Set<UserId> users = new java.util.HashSet<>(Set.of(new UserId(user)));
        for (UUID other : others) {
            users.add(new UserId(other));
        }
        Map<UserId, UnreadCounts> batch = conversations.unreadCounts(new OrgId(org), users);
        for (UserId each : users) {
            assertThat(batch.get(each)).as("batch form for %s", each).isEqualTo(byRule(org, each.value()));
        }
        assertCountersMatchTheRows(org);
        return one;
    }

    UUID idOf(String path) {
        return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    }

    String teamWith(String number) {
        return jdbc.sql("select team_id from phone_number where number = :number and status = 'ACTIVE'")
                .param("number", number).query(String.class).single();
    }

    /**
     * Moves the conversation's last message and every read mark on it a minute back (their order kept), so that
     * the next message is surely after each mark.
     */
    void aMinuteAgo(UUID conversation) {
        jdbc.sql("update conversation set last_message_at = last_message_at - interval '1 minute' where id = :c")
                .param("c", conversation).update();
        jdbc.sql("update conversation_read set read_at = read_at - interval '1 minute' where conversation_id = :c")
                .param("c", conversation).update();
    }

    @Test
    void countsFollowTheRuleThroughNewMessagesArchivedPatientsMovesBetweenTeamsPersonalChatsAndOtherOrganizations() {
        Org org = newOrganization("Counting Clinic");
        org.upgradeTo("sms-pro");
        String front = teamWith(MessagingTests.buyNumber(org, "415"));
        String billing = teamWith(MessagingTests.buyNumber(org, "212"));
        Member sam = org.addMember("Sam Counter");
        org.admin().post("/directory/phone-numbers/" + front + "/members", "user", sam.id().toString());
        UUID orgId = org.id();
        UUID admin = org.adminId();
        TeamId frontTeam = new TeamId(UUID.fromString(front));
        TeamId billingTeam = new TeamId(UUID.fromString(billing));

        String front1 = InboxScopeAndSearchTests.chatFrom(org.admin(), "(415) 555-2731", front);
        String front2 = InboxScopeAndSearchTests.chatFrom(org.admin(), "(415) 555-2732", front);
        String bill1 = InboxScopeAndSearchTests.chatFrom(org.admin(), "(212) 555-2733", billing);
        String samsOwn = InboxScopeAndSearchTests.chatFrom(sam.agent(), "(415) 555-2734", "me");
        // Opening a conversation reads it: the admin has read the three team chats, Sam their own.
        for (String chat : List.of(front1, front2, bill1)) {
            org.admin().get(chat);
        }
        sam.agent().get(samsOwn);

        UnreadCounts sams = counts(orgId, sam.id(), admin);
        assertThat(sams.of(frontTeam)).isEqualTo(2);
        assertThat(sams.all()).as("two of the team's, none of their own").isEqualTo(2);
        assertThat(sams.of(billingTeam)).as("not on that team").isZero();
        assertThat(counts(orgId, admin, sam.id()).all()).as("the admin read everything").isZero();

        // A message after the read mark makes it unread again; a read mark after it, read.
        sam.agent().get(front1);
        assertThat(counts(orgId, sam.id()).of(frontTeam)).isEqualTo(1);
        aMinuteAgo(idOf(front1));
        org.admin().post(front1 + "/messages", "mode", "SECURE_CHAT", "body", "A note after the reads");
        assertThat(counts(orgId, sam.id(), admin).of(frontTeam)).isEqualTo(2);
        assertThat(counts(orgId, admin, sam.id()).of(frontTeam)).as("the author's own mark is older too").isEqualTo(1);
        org.admin().get(front1);
        assertThat(counts(orgId, admin).all()).isZero();

        // A read mark on the conversation of an archived patient counts as any other (the rule has no archive test).
        sam.agent().get(front2);
        jdbc.sql("update patient set archived_at = now() where id = (select patient_id from conversation where id = :c)")
                .param("c", idOf(front2)).update();
        assertThat(counts(orgId, sam.id()).of(frontTeam)).isEqualTo(1);

        // A conversation moved to another team leaves the first team's count, read state and all.
        aMinuteAgo(idOf(bill1));
        org.admin().post(bill1 + "/messages", "mode", "SECURE_CHAT", "body", "Billing follow-up");
        assertThat(counts(orgId, admin).of(billingTeam)).isEqualTo(1);
        jdbc.sql("update conversation set team_id = :team where id = :c")
                .param("team", frontTeam.value()).param("c", idOf(bill1)).update();
        UnreadCounts moved = counts(orgId, admin, sam.id());
        assertThat(moved.of(billingTeam)).isZero();
        assertThat(moved.of(frontTeam)).isEqualTo(1);
        assertThat(counts(orgId, sam.id()).of(frontTeam)).as("Sam never read it").isEqualTo(2);

        // A personal conversation counts for its participant only; another user's mark on it counts for nobody.
        aMinuteAgo(idOf(samsOwn));
        sam.agent().post(samsOwn + "/messages", "mode", "SECURE_CHAT", "body", "Own note");
        UnreadCounts withOwn = counts(orgId, sam.id(), admin);
        assertThat(withOwn.all()).isEqualTo(withOwn.of(frontTeam) + 1);
        jdbc.sql("insert into conversation_read (conversation_id, user_id, read_at) values (:c, :u, now())")
                .param("c", idOf(samsOwn)).param("u", admin).update();
        assertThat(counts(orgId, admin, sam.id()).all()).isEqualTo(moved.all());
        assertThat(counts(orgId, sam.id()).all()).isEqualTo(withOwn.all());

        // Another organization: its user's read marks on this organization's conversations (which no page makes)
        // count for nobody here, and this organization's users' marks count nothing there.
        Org other = newOrganization("Other Counting Clinic");
        String theirs = InboxScopeAndSearchTests.chatFrom(other.admin(), "(702) 555-2735", "me");
        UnreadCounts theirsBefore = counts(other.id(), other.adminId());
        for (String chat : List.of(front1, front2, bill1)) {
            jdbc.sql("insert into conversation_read (conversation_id, user_id, read_at) values (:c, :u, now() + interval '1 day')")
                    .param("c", idOf(chat)).param("u", other.adminId()).update();
        }
        jdbc.sql("insert into conversation_read (conversation_id, user_id, read_at) values (:c, :u, now() + interval '1 day')")
                .param("c", idOf(theirs)).param("u", sam.id()).update();
        assertThat(counts(orgId, sam.id(), admin)).isEqualTo(withOwn);
        assertThat(conversations.unreadCounts(new OrgId(orgId), Set.of(new UserId(other.adminId()))).get(new UserId(other.adminId())).all())
                .as("another organization's user sees nothing here").isZero();
        assertThat(counts(other.id(), other.adminId(), sam.id())).isEqualTo(theirsBefore);

        // A member removed from the team loses its conversations from the counts, whatever their marks.
        org.admin().post("/directory/phone-numbers/" + front + "/members/" + sam.id() + "/remove");
        UnreadCounts removed = counts(orgId, sam.id(), admin);
        assertThat(removed.of(frontTeam)).isZero();
        assertThat(removed.all()).as("only their own conversation").isEqualTo(1);
    }

    @Test
    void countersFollowNewConversationsInboundAndOutboundMessagesAndReadsThroughThePages() {
        Org org = newOrganization("Kept Counts Clinic");
        org.upgradeTo("sms-pro");
        String ours = MessagingTests.buyNumber(org, "415");
        String front = teamWith(ours);
        TeamId frontTeam = new TeamId(UUID.fromString(front));
        Member kim = org.addMember("Kim Counter");
        org.admin().post("/directory/phone-numbers/" + front + "/members", "user", kim.id().toString());
        UUID orgId = org.id();
        UUID admin = org.adminId();
        assertThat(counts(orgId, admin, kim.id()).all()).as("a team without conversations").isZero();

        // A conversation started from the team: new for Kim, read by the admin who opened it after starting it.
        String started = InboxScopeAndSearchTests.chatFrom(org.admin(), "(415) 555-2741", front);
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).isEqualTo(1);
        org.admin().get(started);
        assertThat(counts(orgId, admin, kim.id()).of(frontTeam)).isZero();

        // A patient who writes first: the team gets a conversation (made by the inbound text), unread for both.
        org.admin().get("/sandbox/phone");
        org.admin().post("/sandbox/phone", "number", "(415) 555-2742", "to", ours, "body", "Is the clinic open today?");
        // Wait on the rule alone (one read): counts() compares several reads, which a text landing between them splits.
        MessagingTests.eventually(() -> byRule(orgId, admin).of(frontTeam), n -> n == 1);
        assertThat(counts(orgId, admin, kim.id()).of(frontTeam)).isEqualTo(1);
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).isEqualTo(2);
        UUID inbound = jdbc.sql("select c.id from conversation c join patient p on p.id = c.patient_id "
                        + "where c.organization_id = :org and p.phone = '+14155552742'")
                .param("org", orgId).query(UUID.class).single();
        String inboundChat = "/inbox/c/" + inbound;
        kim.agent().get(inboundChat);
        kim.agent().get(started);
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).as("Kim read both").isZero();
        kim.agent().get(started);
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).as("reading again changes nothing").isZero();

        // The patient writes again: unread for Kim again; once more: still one (an old mark is not counted twice).
        aMinuteAgo(inbound);
        org.admin().post("/sandbox/phone", "number", "(415) 555-2742", "to", ours, "body", "Never mind, found it");
        MessagingTests.eventually(() -> byRule(orgId, kim.id()).of(frontTeam), n -> n == 1);
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).isEqualTo(1);
        org.admin().post("/sandbox/phone", "number", "(415) 555-2742", "to", ours, "body", "Thanks");
        MessagingTests.eventually(() -> jdbc.sql("select count(*) from message where conversation_id = :c and body = 'Thanks'")
                .param("c", inbound).query(Long.class).single(), n -> n == 1);
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).isEqualTo(1);

        // Outbound, Secure Chat and SMS: unread for the other member, and for the author too (the rule has no author).
        kim.agent().get(inboundChat);
        org.admin().get(started);
        kim.agent().get(started);
        aMinuteAgo(UUID.fromString(started.substring(started.lastIndexOf('/') + 1)));
        org.admin().post(started + "/messages", "mode", "SMS", "body", "Your visit is on Monday.");
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).isEqualTo(1);
        assertThat(counts(orgId, admin, kim.id()).of(frontTeam)).isEqualTo(2);
        kim.agent().get(started);
        aMinuteAgo(inbound);
        org.admin().post(inboundChat + "/messages", "mode", "SECURE_CHAT", "body", "Here is the schedule");
        assertThat(counts(orgId, kim.id(), admin).of(frontTeam)).isEqualTo(1);

        // Another organization's messages and reads move nothing here.
        UnreadCounts before = counts(orgId, kim.id(), admin);
        Org other = newOrganization("Other Kept Counts Clinic");
        String theirs = InboxScopeAndSearchTests.chatFrom(other.admin(), "(702) 555-2743", "me");
        other.admin().post(theirs + "/messages", "mode", "SECURE_CHAT", "body", "Elsewhere");
        other.admin().get(theirs);
        assertThat(counts(orgId, kim.id(), admin)).isEqualTo(before);
        counts(other.id(), other.adminId());
    }

    /**
     * Two transactions change counters of the same user and team at once: the second waits for the first's row
     * lock and adds to what it committed (no lost update), and a read mark written while a message moves its
     * conversation's last message is judged against the message's time, whichever commits first.
     */
    @Test
    void concurrentMessagesAndReadsOfOneTeamLoseNoUpdate() throws Exception {
        Org org = newOrganization("Concurrent Counts Clinic");
        org.upgradeTo("sms-pro");
        String front = teamWith(MessagingTests.buyNumber(org, "415"));
        TeamId frontTeam = new TeamId(UUID.fromString(front));
        UUID orgId = org.id();
        UUID admin = org.adminId();
        List<UUID> chats = new java.util.ArrayList<>();
        for (String phone : List.of("(415) 555-2751", "(415) 555-2752", "(415) 555-2753", "(415) 555-2754")) {
            String chat = InboxScopeAndSearchTests.chatFrom(org.admin(), phone, front);
            org.admin().get(chat);
            chats.add(idOf(chat));
        }
        assertThat(counts(orgId, admin).of(frontTeam)).isZero();

        // Two messages in two conversations of the team: both take the admin's counter row; the second waits.
        String message = "update conversation set last_message_at = now() + interval '1 hour' where id = ?";
        inTwoTransactions(chats.get(0), message, chats.get(1), message);
        assertThat(counts(orgId, admin).of(frontTeam)).as("two messages after the admin's marks").isEqualTo(2);

        // A read mark written while a message is added to its conversation, read before that message (but after
        // the one before it): unread, whichever comes first. The mark waits for the message and sees its time; the
        // message waits for the mark and sees it.
        String laterMessage = message.replace("1 hour", "2 hours");
        String readBetween = "insert into conversation_read (conversation_id, user_id, read_at) values (?, '" + admin
                + "', now() + interval '90 minutes') on conflict (conversation_id, user_id) do update set read_at = excluded.read_at";
        inTwoTransactions(chats.get(0), laterMessage, chats.get(0), readBetween);
        assertThat(counts(orgId, admin).of(frontTeam)).isEqualTo(2);
        inTwoTransactions(chats.get(1), readBetween, chats.get(1), laterMessage);
        assertThat(counts(orgId, admin).of(frontTeam)).isEqualTo(2);

        // A read mark after the message, written while it is added: read, whichever comes first.
        String readAfter = readBetween.replace("90 minutes", "3 hours");
        inTwoTransactions(chats.get(2), message, chats.get(2), readAfter);
        assertThat(counts(orgId, admin).of(frontTeam)).isEqualTo(2);
        inTwoTransactions(chats.get(3), readAfter, chats.get(3), message);
        assertThat(counts(orgId, admin).of(frontTeam)).isEqualTo(2);
    }

    /**
     * Runs the first statement in a transaction and leaves it open, starts the second in another transaction,
     * waits until the second is blocked by the first, then commits the first and the second.
     */
    void inTwoTransactions(UUID firstId, String first, UUID secondId, String second) throws Exception {
        try (Connection one = dataSource.getConnection(); Connection two = dataSource.getConnection()) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            int secondPid;
            try (PreparedStatement pid = two.prepareStatement("select pg_backend_pid()"); ResultSet rs = pid.executeQuery()) {
                rs.next();
                secondPid = rs.getInt(1);
            }
            execute(one, first, firstId);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    execute(two, second, secondId);
                    two.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            boolean blocked = MessagingTests.eventually(() -> jdbc.sql("select cardinality(pg_blocking_pids(:pid)) > 0")
                    .param("pid", secondPid).query(Boolean.class).single(), b -> b);
            assertThat(blocked).as("the second transaction waits for the first").isTrue();
            one.commit();
            waiting.get(20, TimeUnit.SECONDS);
        }
    }

    static void execute(Connection connection, String sql, UUID id) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            statement.execute();
        }
    }
}
