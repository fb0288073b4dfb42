package com.bloomtext.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.carrier.InboundSmsReceived;
import com.bloomtext.carrier.InboundTexts;
import com.bloomtext.messaging.MessageQueued;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.messaging.rules.SmsSegments;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A text to an organization's number lands in that number's team's conversation with the patient
 * (matched by phone), or a new one; an unknown phone becomes a patient. STOP, START and HELP are read
 * as the whole message: they change consent, and HELP is answered with the organization's help reply.
 */
@Component
class InboundThreading {

    private static final Logger log = LoggerFactory.getLogger(InboundThreading.class);

    private final InboundTexts inbound;
    private final TeamAccess teams;
    private final PatientDirectory patients;
    private final Conversations conversations;
    private final Consent consent;
    private final StaffDirectory staff;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String helpReply;
    private final AuditLog auditLog;
    private final DeliveryNode node;

    InboundThreading(InboundTexts inbound, TeamAccess teams, PatientDirectory patients, Conversations conversations,
            Consent consent, StaffDirectory staff, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock,
            AuditLog auditLog, DeliveryNode node,
            @Value("${bloomtext.messaging.sms.help-reply:%s: reply STOP to stop texts, START to receive them again. For anything else, call the practice.}")
            String helpReply) {
        this.inbound = inbound;
        this.teams = teams;
        this.patients = patients;
        this.conversations = conversations;
        this.consent = consent;
        this.staff = staff;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.helpReply = helpReply;
        this.auditLog = auditLog;
        this.node = node;
    }

    @ApplicationModuleListener
    void received(InboundSmsReceived event) {
        var text = inbound.find(event.inboundId()).orElse(null);
        if (text == null) {
            return;
        }
        var owner = teams.ownerOf(text.to()).orElse(null);
        if (owner == null) {
            log.warn("A text arrived at a number no team holds; kept as inbound {}", event.inboundId());
            return;
        }
        PatientSummary patient = patients.fromInboundText(owner.organization(), text.from());
        UUID conversation = conversations.forInbound(owner.organization(), owner.team(), patient.id(), null);
        Timestamp now = Timestamp.from(clock.instant());
        UUID received = UUID.randomUUID();
        jdbc.sql("""
                        insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state,
                                             from_number, to_number, created_at, updated_at)
                        values (:id, :org, :conversation, 'INBOUND', 'SMS', :body, :segments, 'RECEIVED', :from, :to, :at, :at)""")
                .param("id", received).param("org", owner.organization().value()).param("conversation", conversation)
                .param("body", text.body()).param("segments", SmsSegments.of(text.body()).segments())
                .param("from", text.from().value()).param("to", text.to().value()).param("at", now).update();
        conversations.touched(conversation, SendMode.SMS.name());
        auditLog.recordAnonymous(owner.organization(), AuditAction.MESSAGE_RECEIVED,
                AuditTarget.of("message", received).concerning(patient.id()), Outcome.SUCCESS, "sms");
        Consent.Keyword keyword = Consent.keyword(text.body());
        if (keyword == Consent.Keyword.STOP || keyword == Consent.Keyword.START) {
            auditLog.recordAnonymous(owner.organization(), AuditAction.CONSENT_CHANGED,
                    AuditTarget.of("conversation", conversation).concerning(patient.id()), Outcome.SUCCESS,
                    keyword == Consent.Keyword.STOP ? "opted out of SMS" : "opted back in to SMS");
        }
        switch (keyword) {
            case STOP -> consent.record(owner.organization(), text.to(), text.from(), true);
            case START -> consent.record(owner.organization(), text.to(), text.from(), false);
            case HELP -> {
                String reply = helpReply.formatted(staff.profile(owner.organization()).name());
                UUID id = UUID.randomUUID();
                jdbc.sql("""
                                insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state,
                                                     from_number, to_number, created_at, updated_at, delivered_by)
                                values (:id, :org, :conversation, 'OUTBOUND', 'SMS', :body, :segments, 'QUEUED', :from, :to, :at, :at,
                                        :node)""")
                        .param("id", id).param("org", owner.organization().value()).param("conversation", conversation)
                        .param("body", reply).param("segments", SmsSegments.of(reply).segments())
                        .param("from", text.to().value()).param("to", text.from().value()).param("at", now)
                        .param("node", node.id()).update();
                events.publishEvent(new MessageQueued(owner.organization(), conversation, id));
            }
            case NONE -> {
            }
        }
    }
}
