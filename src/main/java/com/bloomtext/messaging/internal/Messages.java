package com.bloomtext.messaging.internal;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.billing.Entitlement;
import com.bloomtext.billing.Entitlements;
import com.bloomtext.billing.SmsDecision;
import com.bloomtext.messaging.Attachment;
import com.bloomtext.messaging.AttachmentRefused;
import com.bloomtext.messaging.MessageQueued;
import com.bloomtext.messaging.SecureMessageSent;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.messaging.rules.PhiCheck;
import com.bloomtext.messaging.rules.SmsAvailability;
import com.bloomtext.messaging.rules.SmsSegments;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.NotFoundException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sending and reading messages. The server applies SPEC's SMS availability rule, the PHI check and the
 * plan's allowance on every send, whatever the browser posted. An SMS is stored as QUEUED and only
 * handed to the carrier after commit; a Secure Chat message is stored for the portal.
 */
@Service
public class Messages {

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final TeamAccess teams;
    private final PatientDirectory patients;
    private final Entitlements entitlements;
    private final Consent consent;
    private final MessagingPolicy policy;
    private final Attachments attachments;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final DeliveryNode node;
    private final SmsDelivery delivery;

    Messages(JdbcClient jdbc, Conversations conversations, TeamAccess teams, PatientDirectory patients,
            Entitlements entitlements, Consent consent, MessagingPolicy policy, Attachments attachments,
            AuditLog auditLog, ApplicationEventPublisher events, Clock clock, DeliveryNode node, SmsDelivery delivery) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.teams = teams;
        this.patients = patients;
        this.entitlements = entitlements;
        this.consent = consent;
        this.policy = policy;
        this.attachments = attachments;
        this.auditLog = auditLog;
        this.events = events;
        this.clock = clock;
        this.node = node;
        this.delivery = delivery;
    }

    /** A message as the conversation shows it. */
    public record MessageRow(UUID id, String direction, SendMode mode, UUID author, String body, String state,
            String failureReason, int segments, Instant at) {

        public boolean inbound() {
            return "INBOUND".equals(direction);
        }
    }

    /** Why a send was refused; the composer shows every reason. */
    public static class SendRefused extends RuntimeException {

        private final List<String> reasons;
        private final boolean phiWarning;

        SendRefused(List<String> reasons, boolean phiWarning) {
            super("Send refused", null, false, false);
            this.reasons = List.copyOf(reasons);
            this.phiWarning = phiWarning;
        }

        public List<String> reasons() {
            return reasons;
        }

        /** Only the PHI check objected: the sender may switch to Secure Chat, or confirm. */
        public boolean phiWarning() {
            return phiWarning;
        }
    }

    /** Everything SPEC's rule looks at, for this conversation now. */
    public SmsAvailability.Facts smsFacts(Actor actor, Conversations.Conversation conversation) {
        return sending(actor, conversation).facts();
    }

    /** What a send reads once: the patient, our number, the plan with this month's usage, and the rule's facts. */
    private record Sending(PatientSummary patient, E164 ours, Entitlement entitlement, SmsAvailability.Facts facts) {
    }

    private Sending sending(Actor actor, Conversations.Conversation conversation) {
        PatientSummary patient = patients.get(actor.orgId(), conversation.patient()).orElse(null);
        E164 ours = ourNumber(actor, conversation).orElse(null);
        Entitlement entitlement = entitlements.of(actor.orgId());
        return new Sending(patient, ours, entitlement, facts(entitlement, conversation, patient, ours));
    }

    /** The rule's facts from what was read: the plan, the conversation, its patient (or null), our number (or null). */
    private SmsAvailability.Facts facts(Entitlement entitlement, Conversations.Conversation conversation,
            PatientSummary patient, E164 ours) {
        boolean mobile = patient != null && patient.phone() != null;
        return new SmsAvailability.Facts(entitlement.smsEnabled(), !conversation.personal(), ours != null,
                patient == null ? 0 : 1, mobile, mobile && ours != null && consent.optedOut(ours, patient.phone()));
    }

    /**
     * The same facts from a patient and a team the caller has already read for its page (one lookup each
     * per request, not one per use). {@code team} is the conversation's team, or null for a personal one.
     */
    public SmsAvailability.Facts smsFacts(Actor actor, Conversations.Conversation conversation, PatientSummary patient,
            TeamRef team) {
        E164 ours = conversation.personal() || team == null ? null : team.activeNumber();
        return facts(entitlements.of(actor.orgId()), conversation, patient, ours);
    }

    private static MessageRow messageRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new MessageRow(rs.getObject("id", UUID.class), rs.getString("direction"),
                SendMode.valueOf(rs.getString("mode")), rs.getObject("author_user_id", UUID.class),
                rs.getString("body"), rs.getString("state"), rs.getString("failure_reason"), rs.getInt("segments"),
                rs.getTimestamp("created_at").toInstant());
    }

    /**
     * What the conversation page shows of messaging's own tables: the messages (oldest first), their files (oldest
     * first) and the newest secure-link notices (newest first).
     */
    public record Contents(List<MessageRow> messages, List<Attachment> attachments, List<Conversations.Notice> notices) {
    }

    /**
     * {@link Contents}' three reads as one statement, one round trip instead of three: each part keeps its own
     * organization-scoped, index-backed scan (message_conversation_idx, message_attachment_conversation_idx,
     * conversation_notice_idx), told apart by {@code part}. Every part is filtered by the organization as well
     * as the conversation.
     */
    static final String CONTENTS = """
            select 'M' as part, id, direction, mode, author_user_id, body, state, failure_reason, segments, created_at,
                   null::uuid as message_id, null::text as file_name, null::bigint as size_bytes, null::text as content_type
            from message where organization_id = :org and conversation_id = :id
            union all
            select 'A', id, null, null, null, null, null, null, null, created_at, message_id, file_name, size_bytes, content_type
            from message_attachment where organization_id = :org and conversation_id = :id
            union all
            (select 'N', null, null, null, null, null, kind, null, null, created_at, null, null, null, null
             from conversation_notice where organization_id = :org and conversation_id = :id
             order by created_at desc limit :notices)
            order by part, created_at, id""";

    /**
     * The conversation's messages, attachments and newest {@code notices} notices, if the actor may see it now
     * ({@link NotFoundException} if not).
     */
    public Contents contents(Actor actor, UUID conversation, int notices) {
        return contents(actor, conversations.require(actor, conversation), notices);
    }

    /** The same for a conversation the caller has just found visible to the actor ({@link Conversations#require}). */
    public Contents contents(Actor actor, Conversations.Conversation conversation, int notices) {
        List<MessageRow> rows = new java.util.ArrayList<>();
        List<Attachment> files = new java.util.ArrayList<>();
        List<Conversations.Notice> told = new java.util.ArrayList<>();
        jdbc.sql(CONTENTS)
                .param("org", actor.orgId().value()).param("id", conversation.id()).param("notices", notices)
                .query(rs -> {
                    switch (rs.getString("part")) {
                        case "M" -> rows.add(messageRow(rs));
                        case "A" -> files.add(new Attachment(rs.getObject("id", UUID.class), conversation.id(),
                                rs.getObject("message_id", UUID.class), rs.getString("file_name"),
                                rs.getString("content_type"), rs.getLong("size_bytes"),
                                rs.getTimestamp("created_at").toInstant()));
                        default -> told.add(new Conversations.Notice(rs.getString("state"),
                                rs.getTimestamp("created_at").toInstant()));
                    }
                });
        // The notices came oldest first, as the statement sorts every part; the page lists them newest first.
        return new Contents(rows, files, told.reversed());
    }

    /** A file chosen in the composer: its name as the browser sent it, and its bytes. */
    public record Upload(String fileName, InputStream content) {
    }

    /**
     * @param phiConfirmed the sender saw the PHI warning and chose to send as SMS anyway
     * @throws SendRefused with every reason the message cannot go as asked
     */
    @Transactional
    public UUID send(Actor actor, UUID conversationId, SendMode mode, String body, boolean phiConfirmed) {
        return send(actor, conversationId, mode, body, phiConfirmed, null);
    }

    /**
     * As {@link #send(Actor, UUID, SendMode, String, boolean)}, with a file: a message with a file is always
     * Secure Chat, and may have no text. A refused file leaves nothing behind: no message, no file.
     */
    @Transactional
    public UUID send(Actor actor, UUID conversationId, SendMode mode, String body, boolean phiConfirmed, Upload file) {
        return send(actor, conversations.require(actor, conversationId), mode, body, phiConfirmed, file);
    }

    /**
     * As {@link #send(Actor, UUID, SendMode, String, boolean, Upload)}, in a conversation the caller has just found
     * visible to the actor ({@link Conversations#require}): the check is not run a second time.
     */
    @Transactional
    public UUID send(Actor actor, Conversations.Conversation conversation, SendMode mode, String body,
            boolean phiConfirmed, Upload file) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() && file == null) {
            throw new SendRefused(List.of("Write a message first."), false);
        }
        if (mode == SendMode.SMS && file == null) {
            return queueSms(actor, conversation, text, phiConfirmed);
        }
        UUID id = insert(actor, conversation, SendMode.SECURE_CHAT, text, "STORED", 0, null, null);
        Attachment attachment = null;
        if (file != null) {
            try {
                attachment = attachments.attach(actor.orgId(), conversation.id(), id, file.fileName(), file.content());
            } catch (AttachmentRefused refused) {
                throw new SendRefused(List.of(refused.getMessage()), false);
            }
        }
        // The conversation's row before the organization's audit chain (as every writer takes them: no deadlock).
        conversations.touched(conversation.id(), SendMode.SECURE_CHAT.name());
        if (attachment != null) {
            auditLog.record(actor, AuditAction.FILE_ATTACHED, AuditTarget.of("attachment", attachment.id()),
                    Outcome.SUCCESS, null);
        }
        auditLog.record(actor, AuditAction.MESSAGE_SENT, AuditTarget.of("message", id).concerning(conversation.patient()),
                Outcome.SUCCESS, file == null ? "secure chat" : "secure chat, 1 file");
        events.publishEvent(new SecureMessageSent(actor.orgId(), conversation.id(), id));
        return id;
    }

    private UUID queueSms(Actor actor, Conversations.Conversation conversation, String text, boolean phiConfirmed) {
        Sending sending = sending(actor, conversation);
        List<SmsAvailability.Unmet> unmet = SmsAvailability.unmet(sending.facts());
        if (!unmet.isEmpty()) {
            throw new SendRefused(unmet.stream().map(SmsAvailability.Unmet::explanation).toList(), false);
        }
        if (SmsSegments.tooLong(text)) {
            throw new SendRefused(List.of("An SMS can be at most " + SmsSegments.MAX_BODY + " characters."), false);
        }
        List<PhiCheck.Finding> phi = PhiCheck.findings(text, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (!phi.isEmpty() && policy.blocksPhiSms(actor.orgId())) {
            throw new SendRefused(List.of(PhiCheck.explain(phi),
                    "Your organization does not allow SMS that looks like PHI. Switch to Secure Chat."), false);
        }
        if (!phi.isEmpty() && !phiConfirmed) {
            throw new SendRefused(List.of(PhiCheck.explain(phi)), true);
        }
        int segments = SmsSegments.of(text).segments();
        SmsDecision allowance = entitlements.checkSms(sending.entitlement(), segments);
        if (!allowance.allowed()) {
            throw new SendRefused(List.of(allowance.explanation()), false);
        }
        E164 from = sending.ours();
        E164 to = sending.patient().phone();
        UUID id = insert(actor, conversation, SendMode.SMS, text, "QUEUED", segments, from, to);
        conversations.touched(conversation.id(), SendMode.SMS.name());
        // Handed to this node's delivery after commit with what it needs, so that it does not read the row back.
        delivery.queued(new MessageQueued(actor.orgId(), conversation.id(), id),
                new SmsDelivery.Queued(actor.orgId(), from, to, text, segments));
        // Last before the commit: the audit insert takes the organization's chain lock until then (V15).
        auditLog.record(actor, AuditAction.MESSAGE_SENT, AuditTarget.of("message", id).concerning(conversation.patient()),
                Outcome.SUCCESS, "sms" + (phi.isEmpty() ? "" : ", PHI warning confirmed"));
        return id;
    }

    private Optional<E164> ourNumber(Actor actor, Conversations.Conversation conversation) {
        if (conversation.personal()) {
            return Optional.empty();
        }
        return teams.team(actor.orgId(), conversation.team()).map(TeamRef::activeNumber);
    }

    private UUID insert(Actor actor, Conversations.Conversation conversation, SendMode mode, String body, String state,
            int segments, E164 from, E164 to) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        // A queued SMS names this node as the one that hands it to the carrier (SmsDelivery: the row is the outbox).
        jdbc.sql("""
                        insert into message (id, organization_id, conversation_id, direction, mode, author_user_id, body,
                                             segments, state, from_number, to_number, created_at, updated_at, delivered_by)
                        values (:id, :org, :conversation, 'OUTBOUND', :mode, :author, :body, :segments, :state, :from, :to, :at, :at,
                                :node)""")
                .param("id", id).param("org", actor.orgId().value()).param("conversation", conversation.id())
                .param("mode", mode.name()).param("author", actor.userId().value()).param("body", body)
                .param("segments", segments).param("state", state)
                .param("from", from == null ? null : from.value()).param("to", to == null ? null : to.value())
                .param("at", now).param("node", "QUEUED".equals(state) ? node.id() : null).update();
        return id;
    }
}
