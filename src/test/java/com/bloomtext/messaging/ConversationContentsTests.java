package com.bloomtext.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.bloomtext.messaging.UnreadCountsTests.Staff;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.Messages;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.bloomtext.messaging.MessagingTests.chatWith;
import static com.bloomtext.messaging.MessagingTests.eventually;
import static com.bloomtext.messaging.MessagingTests.withNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The conversation page's combined reads (session 8): messaging's messages, attachments and notices in one statement
 * ({@link Messages#contents}), the portal's receipt and link in one ({@link SecureChatPortal#pageState}), and the
 * inbox's patient names ({@link PatientDirectory#displayNames}). Each answers what the separate reads answered, and
 * nothing of another organization, to a non-member or to a removed member.
 */
class ConversationContentsTests extends IntegrationTest {

    @Autowired
    Messages messages;

    @Autowired
    Conversations conversations;

    @Autowired
    SecureChatPortal portal;

    @Autowired
    PatientDirectory patients;

    static UUID idOf(String path) {
        return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    }

    static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, bytes, 0, 9);
        return bytes;
    }

    void notice(UUID org, UUID conversation, String kind, Instant at) {
        jdbc.sql("insert into conversation_notice (id, organization_id, conversation_id, kind, created_at) "
                        + "values (:id, :org, :conversation, :kind, :at)")
                .param("id", UUID.randomUUID()).param("org", org).param("conversation", conversation).param("kind", kind)
                .param("at", java.sql.Timestamp.from(at)).update();
    }

    @Test
    void aConversationsContentsAreItsMessagesFilesAndNewestNoticesAndOnlyForWhoMaySeeIt() {
        Org org = newOrganization("Contents Clinic");
        withNumber(org, "415");
        String chat = chatWith(org.admin(), "(415) 555-3101");
        UUID conversation = idOf(chat);
        org.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "Your forms are ready");
        var sent = org.admin().upload(chat + "/messages", java.util.Map.of("mode", "SECURE_CHAT", "body", "The report"),
                "file", "report-3101.pdf", "application/pdf", pdf(2_000));
        assertThat(sent.location()).as("sent: %s", sent).contains(chat);
        // Notices after any the sends queue: the newest three, newest first.
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        notice(org.id(), conversation, "LINK_NOT_SENT", later);
        notice(org.id(), conversation, "LINK_EMAILED", later.plusSeconds(60));
        notice(org.id(), conversation, "LINK_TEXTED", later.plusSeconds(120));
        notice(org.id(), conversation, "LINK_EMAILED", later.plusSeconds(180));

        Staff admin = new Staff(org.id(), org.adminId());
        Messages.Contents contents = messages.contents(admin, conversation, 3);
        assertThat(contents.messages()).extracting(Messages.MessageRow::body)
                .isEqualTo(jdbc.sql("select body from message where conversation_id = :id order by created_at, id")
                        .param("id", conversation).query(String.class).list())
                .containsSubsequence("Your forms are ready", "The report");
        assertThat(contents.attachments()).singleElement().satisfies(file -> {
            assertThat(file.fileName()).isEqualTo("report-3101.pdf");
            assertThat(file.conversationId()).isEqualTo(conversation);
            assertThat(file.size()).isEqualTo(2_000);
            assertThat(contents.messages()).filteredOn(message -> message.id().equals(file.messageId()))
                    .extracting(Messages.MessageRow::body).containsExactly("The report");
        });
        assertThat(contents.notices()).extracting(Conversations.Notice::kind, Conversations.Notice::at).containsExactly(
                tuple("LINK_EMAILED", later.plusSeconds(180)),
                tuple("LINK_TEXTED", later.plusSeconds(120)),
                tuple("LINK_EMAILED", later.plusSeconds(60)));
        assertThat(messages.contents(admin, conversation, 0).notices()).isEmpty();

        // Another organization, with its own conversation: neither sees the other's.
        Org other = newOrganization("Other Contents Clinic");
        withNumber(other, "720");
        UUID theirs = idOf(chatWith(other.admin(), "(720) 555-3102"));
        other.admin().post("/inbox/c/" + theirs + "/messages", "mode", "SECURE_CHAT", "body", "Theirs only");
        Staff outsider = new Staff(other.id(), other.adminId());
        assertThatThrownBy(() -> messages.contents(outsider, conversation, 3)).isInstanceOf(NotFoundException.class);
        assertThat(messages.contents(outsider, theirs, 3).messages()).extracting(Messages.MessageRow::body)
                .containsExactly("Theirs only");
        assertThat(messages.contents(outsider, theirs, 3).attachments()).isEmpty();
        assertThat(messages.contents(outsider, theirs, 3).notices()).as("their own link's notice only")
                .allSatisfy(notice -> assertThat(notice.at()).isBefore(later));
        // Asked with the right conversation but another organization's id, the statement itself returns nothing.
        Conversations.Conversation found = conversations.require(admin, conversation);
        assertThat(messages.contents(outsider, found, 3))
                .isEqualTo(new Messages.Contents(List.of(), List.of(), List.of()));

        // A member of the organization who is not on the team, and one removed from it.
        Member sam = org.addMember("Sam Rivera");
        Staff samActor = new Staff(org.id(), sam.id());
        assertThatThrownBy(() -> messages.contents(samActor, conversation, 3)).isInstanceOf(NotFoundException.class);
        String team = teamOf(conversation);
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        assertThat(messages.contents(samActor, conversation, 3).messages()).hasSameSizeAs(contents.messages());
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        assertThatThrownBy(() -> messages.contents(samActor, conversation, 3)).isInstanceOf(NotFoundException.class);
    }

    String teamOf(UUID conversation) {
        return jdbc.sql("select cast(team_id as text) from conversation where id = :id").param("id", conversation)
                .query(String.class).single();
    }

    java.sql.Timestamp readAt(UUID conversation, UUID user) {
        return jdbc.sql("select read_at from conversation_read where conversation_id = :id and user_id = :user")
                .param("id", conversation).param("user", user).query(java.sql.Timestamp.class).optional().orElse(null);
    }

    int viewsAudited(UUID org, UUID conversation) {
        return jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'CONVERSATION_VIEWED' "
                        + "and target_id = :id").param("org", org).param("id", conversation.toString())
                .query(Integer.class).single();
    }

    @Test
    void openingAConversationWritesTheReadMarkOnlyWhenItIsOlderThanTheLastMessageAndAuditsEveryView() {
        Org org = newOrganization("Read Mark Clinic");
        withNumber(org, "415");
        String chat = chatWith(org.admin(), "(415) 555-3107");
        UUID conversation = idOf(chat);
        UUID admin = org.adminId();
        Staff staff = new Staff(org.id(), admin);

        assertThat(org.admin().get(chat).status()).isEqualTo(200);
        java.sql.Timestamp first = readAt(conversation, admin);
        assertThat(first).as("first view marks it read").isNotNull();
        assertThat(conversations.open(staff, conversation).readMarkCurrent()).isTrue();
        int audited = viewsAudited(org.id(), conversation);

        assertThat(org.admin().get(chat).status()).isEqualTo(200);
        assertThat(readAt(conversation, admin)).as("a current mark is not written again").isEqualTo(first);
        assertThat(viewsAudited(org.id(), conversation)).as("every view is audited").isEqualTo(audited + 1);

        // A new message makes the mark old: the next view writes it.
        jdbc.sql("update conversation set last_message_at = now() + interval '1 second' where id = :id")
                .param("id", conversation).update();
        assertThat(conversations.open(staff, conversation).readMarkCurrent()).isFalse();
        assertThat(org.admin().get(chat).status()).isEqualTo(200);
        assertThat(readAt(conversation, admin)).isAfter(first);
        assertThat(viewsAudited(org.id(), conversation)).isEqualTo(audited + 2);

        // Outsiders: another organization, a member not on the team, a removed member.
        Org other = newOrganization("Other Read Mark Clinic");
        assertThatThrownBy(() -> conversations.open(new Staff(other.id(), other.adminId()), conversation))
                .isInstanceOf(NotFoundException.class);
        Member sam = org.addMember("Sam Rivera");
        Staff samActor = new Staff(org.id(), sam.id());
        assertThatThrownBy(() -> conversations.open(samActor, conversation)).isInstanceOf(NotFoundException.class);
        String team = teamOf(conversation);
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        assertThat(conversations.open(samActor, conversation).readMarkCurrent()).as("never read by Sam").isFalse();
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        assertThatThrownBy(() -> conversations.open(samActor, conversation)).isInstanceOf(NotFoundException.class);
        assertThat(sam.agent().get(chat).status()).isEqualTo(404);
        assertThat(readAt(conversation, sam.id())).as("nothing written for an outsider").isNull();
    }

    @Test
    void thePortalsPageStateIsTheReceiptAndTheLinkOfTheOrganizationsConversationOnly() {
        Org org = newOrganization("Portal State Clinic");
        withNumber(org, "415");
        String chat = chatWith(org.admin(), "(415) 555-3103");
        UUID conversation = idOf(chat);
        OrgId orgId = new OrgId(org.id());
        assertThat(portal.pageState(orgId, conversation)).isEqualTo(new SecureChatPortal.PageState(null, null));

        org.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "Your results are in");
        eventually(() -> portal.link(orgId, conversation), java.util.Optional::isPresent);
        UUID message = jdbc.sql("select id from message where conversation_id = :id and body = 'Your results are in'")
                .param("id", conversation).query(UUID.class).single();
        jdbc.sql("""
                        insert into read_receipt (message_id, organization_id, conversation_id, patient_id, viewed_at)
                        select m.id, m.organization_id, m.conversation_id, c.patient_id, now()
                        from message m join conversation c on c.id = m.conversation_id where m.id = :id""")
                .param("id", message).update();

        SecureChatPortal.PageState state = portal.pageState(orgId, conversation);
        assertThat(state.viewed()).isNotNull().isEqualTo(portal.latestViewed(orgId, conversation).orElseThrow());
        assertThat(state.viewed().message()).isEqualTo(message);
        assertThat(state.link()).isNotNull().isEqualTo(portal.link(orgId, conversation).orElseThrow());

        Org other = newOrganization("Other Portal State Clinic");
        assertThat(portal.pageState(new OrgId(other.id()), conversation))
                .isEqualTo(new SecureChatPortal.PageState(null, null));
    }

    @Test
    void theInboxsPatientNamesAreTheOrganizationsUnarchivedPatientsDisplayNames() {
        Org org = newOrganization("Names Clinic");
        withNumber(org, "415");
        chatWith(org.admin(), "(415) 555-3104");
        chatWith(org.admin(), "(415) 555-3105");
        chatWith(org.admin(), "(415) 555-3106");
        OrgId orgId = new OrgId(org.id());
        List<PatientId> ids = jdbc.sql("select id from patient where organization_id = :org order by phone")
                .param("org", org.id()).query((rs, n) -> new PatientId(rs.getObject("id", UUID.class))).list();
        assertThat(ids).hasSize(3);
        jdbc.sql("update patient set first_name = 'Jordan', last_name = 'Lee' where id = :id").param("id", ids.get(1).value())
                .update();
        jdbc.sql("update patient set first_name = ' ', last_name = null, email = 'x@example.org' where id = :id")
                .param("id", ids.get(2).value()).update();

        var names = patients.displayNames(orgId, ids);
        assertThat(names).hasSize(3);
        for (PatientId id : ids) {
            assertThat(names.get(id)).as("as the whole record shows it").isEqualTo(patients.get(orgId, id).orElseThrow().displayName());
        }
        assertThat(names.get(ids.get(0))).isEqualTo("Unknown patient · (415) 555-3104");
        assertThat(names.get(ids.get(1))).isEqualTo("Jordan Lee");
        assertThat(names.get(ids.get(2))).isEqualTo("Unknown patient · (415) 555-3106");

        jdbc.sql("update patient set archived_at = now() where id = :id").param("id", ids.get(1).value()).update();
        assertThat(patients.displayNames(orgId, ids)).containsOnlyKeys(ids.get(0), ids.get(2));

        Org other = newOrganization("Other Names Clinic");
        assertThat(patients.displayNames(new OrgId(other.id()), ids)).isEmpty();
        assertThat(patients.displayNames(orgId, List.of())).isEmpty();
    }
}
