package com.bloomtext.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
 * user's read marks show read: they must stay exactly the rule, which is written out here as the query that
 * checks every visible conversation against the user's mark ({@link #RULE}), and compared in each edge case.
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
}
