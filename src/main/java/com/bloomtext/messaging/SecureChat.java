package com.bloomtext.messaging;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.bloomtext.accounts.OrganizationProfile;
import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.accounts.StaffMember;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.PatientTexts;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;
import com.bloomtext.shared.PatientId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Secure Chat as the patient portal uses it: a conversation's header and Secure Chat messages, the
 * patient's replies, and texts to the patient that are never stored (a link's notification, a one-time
 * code). Every lookup names the organization.
 */
@Service
public class SecureChat {

    /** Staff's "Resend link" in a conversation (served by the portal, which owns links). */
    public static final String RESEND_LINK = "/inbox/c/{id}/links";

    /** Longest reply a patient may send, as long as a staff message may be. */
    public static final int MAX_REPLY = 4000;

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final StaffDirectory staff;
    private final PatientTexts notifications;
    private final Clock clock;

    SecureChat(JdbcClient jdbc, Conversations conversations, StaffDirectory staff, PatientTexts notifications,
            Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.staff = staff;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * A conversation as the portal needs it: whose it is, the organization's name and time zone, how
     * many days its links last, and whether the patient may reply.
     */
    public record ConversationRef(OrgId organization, UUID id, PatientId patient, String organizationName,
            ZoneId timeZone, int linkDays, boolean repliesAllowed) {
    }

    /** A Secure Chat message as the patient sees it: staff by name, their own replies as theirs. */
    public record ChatMessage(UUID id, boolean fromPatient, String author, String body, Instant at) {
    }

    /** A text to the patient: from the team's (or the platform's) number, to the patient's mobile number. */
    public record TextRoute(E164 from, E164 to) {
    }

    /** What staff see that the patient was told about a secure link (never the link). */
    public enum LinkNotice { LINK_TEXTED, LINK_EMAILED, LINK_NOT_SENT }

    /** The patient may not reply here (staff turned replies off), or wrote nothing. */
    public static class ReplyRefused extends RuntimeException {

        public ReplyRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    public static String resendLink(Object conversation) {
        return RESEND_LINK.replace("{id}", String.valueOf(conversation));
    }

    /** The staff conversation page. */
    public static String conversationPath(Object conversation) {
        return "/inbox/c/" + conversation;
    }

    /** For staff pages of other modules: the conversation if this staff user may see it, else not found. */
    public ConversationRef visibleTo(Actor staffUser, UUID conversation) {
        Conversations.Conversation visible = conversations.require(staffUser, conversation);
        return find(visible.organization(), visible.id()).orElseThrow(() -> new NotFoundException("Conversation"));
    }

    public Optional<ConversationRef> find(OrgId org, UUID conversation) {
        Optional<Row> row = jdbc.sql("select id, patient_id, replies_allowed from conversation where organization_id = :org and id = :id")
                .param("org", org.value()).param("id", conversation)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                        rs.getBoolean("replies_allowed")))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        OrganizationProfile profile = staff.profile(org);
        return Optional.of(new ConversationRef(org, row.get().id(), row.get().patient(), profile.name(), profile.timeZone(),
                profile.secureLinkDays(), row.get().repliesAllowed()));
    }

    /** The conversation's Secure Chat messages, oldest first (its SMS are on the patient's phone already). */
    public List<ChatMessage> secureMessages(OrgId org, UUID conversation) {
        Map<UUID, String> names = staff.everyone(org).stream()
                .collect(Collectors.toMap(member -> member.id().value(), StaffMember::displayName));
        return jdbc.sql("""
                        select id, direction, author_user_id, body, created_at from message
                        where organization_id = :org and conversation_id = :id and mode = 'SECURE_CHAT'
                        order by created_at, id""")
                .param("org", org.value()).param("id", conversation)
                .query((rs, n) -> {
                    boolean fromPatient = "INBOUND".equals(rs.getString("direction"));
                    UUID author = rs.getObject("author_user_id", UUID.class);
                    return new ChatMessage(rs.getObject("id", UUID.class), fromPatient,
                            fromPatient ? "You" : author == null ? "BloomText" : names.getOrDefault(author, "Staff"),
                            rs.getString("body"), rs.getTimestamp("created_at").toInstant());
                })
                .list();
    }

    /**
     * The patient's reply, stored as an inbound Secure Chat message of the conversation for staff to see.
     *
     * @param withFile a file comes with it (attached with {@link ConversationFiles}): the text may be empty
     * @throws ReplyRefused when replies are off here, or the reply has no text (nor file) or too much
     */
    @Transactional
    public UUID replyFromPatient(PatientActor patient, UUID conversation, String body, boolean withFile) {
        ConversationRef ref = find(patient.orgId(), conversation)
                .filter(found -> found.patient().equals(patient.patientId()))
                .orElseThrow(() -> new NotFoundException("Conversation"));
        if (!ref.repliesAllowed()) {
            throw new ReplyRefused("The practice has turned off replies in this conversation.");
        }
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() && !withFile) {
            throw new ReplyRefused("Write a reply or choose a file first.");
        }
        if (text.length() > MAX_REPLY) {
            throw new ReplyRefused("A reply can be at most " + MAX_REPLY + " characters.");
        }
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state,
                                             created_at, updated_at)
                        values (:id, :org, :conversation, 'INBOUND', 'SECURE_CHAT', :body, 0, 'RECEIVED', :at, :at)""")
                .param("id", id).param("org", patient.orgId().value()).param("conversation", conversation)
                .param("body", text).param("at", now).update();
        conversations.touched(conversation, "SECURE_CHAT"); // up the inbox, and live on open screens
        return id;
    }

    /**
     * Texts the conversation's patient from the team's number (or the platform's notification number
     * when the conversation has none). The text is handed to the carrier after the caller's transaction
     * commits and is never stored. False when it cannot go: no mobile number, no number to send from,
     * or the patient replied STOP to that number.
     */
    public boolean textPatient(OrgId org, UUID conversation, String text) {
        return notifications.textPatient(org, conversation, text);
    }

    /**
     * Where a text to the conversation's patient goes: the team's number (or the platform's) to the
     * patient's mobile number; empty when it cannot go (as {@link #textPatient}).
     */
    public Optional<TextRoute> textRoute(OrgId org, UUID conversation) {
        return notifications.route(org, conversation);
    }

    /**
     * Hands a text to the carrier now, retrying carrier faults; the carrier keeps one text per key, so a
     * second hand-over of the same key (after a crash) does not text the patient again. Call it outside
     * database transactions. False when the carrier would not take it.
     */
    public boolean handOverText(UUID idempotencyKey, TextRoute route, String text) {
        return notifications.handOver(idempotencyKey.toString(), route, text);
    }

    /** Notes in the conversation, for staff, how the patient was told of a new secure link. */
    public void recordNotice(OrgId org, UUID conversation, LinkNotice notice) {
        jdbc.sql("""
                        insert into conversation_notice (id, organization_id, conversation_id, kind, created_at)
                        values (:id, :org, :conversation, :kind, :at)""")
                .param("id", UUID.randomUUID()).param("org", org.value()).param("conversation", conversation)
                .param("kind", notice.name()).param("at", Timestamp.from(clock.instant())).update();
    }

    private record Row(UUID id, PatientId patient, boolean repliesAllowed) {
    }
}
