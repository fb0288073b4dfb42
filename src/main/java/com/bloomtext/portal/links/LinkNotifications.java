package com.bloomtext.portal.links;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.messaging.SecureMessageSent;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.portal.web.PortalRoutes;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.web.PublicBaseUrl;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the patient about a new secure link: by text from the team's number (or the platform's) when
 * they have a mobile number, and by email when one is on file. A notification holds the organization's
 * name and the link, nothing else. It is queued with the link, in the same transaction, its text sealed
 * until the carrier or mail server has it (then erased), so that a crash in between loses nothing.
 */
@Component
public class LinkNotifications {

    private final SecureLinks links;
    private final SecureChat secureChat;
    private final PatientDirectory patients;
    private final PublicBaseUrl publicBaseUrl;
    private final AuditLog auditLog;
    private final JdbcClient jdbc;
    private final NotificationSeal seal;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LinkNotifications(SecureLinks links, SecureChat secureChat, PatientDirectory patients, PublicBaseUrl publicBaseUrl,
            AuditLog auditLog, JdbcClient jdbc, NotificationSeal seal, ApplicationEventPublisher events, Clock clock) {
        this.links = links;
        this.secureChat = secureChat;
        this.patients = patients;
        this.publicBaseUrl = publicBaseUrl;
        this.auditLog = auditLog;
        this.jdbc = jdbc;
        this.seal = seal;
        this.events = events;
        this.clock = clock;
    }

    /** The text and the email body: the organization's name and the link only. */
    public static String notificationText(String organizationName, String link) {
        return organizationName + " sent you a secure message: " + link;
    }

    public static String emailSubject(String organizationName) {
        return "A secure message from " + organizationName;
    }

    @ApplicationModuleListener
    void secureMessageSent(SecureMessageSent event) {
        links.issueForNewMessage(event.organization(), event.conversation()).ifPresent(this::notifyPatient);
    }

    /** Staff's "Resend link": a new link (the old one void, the lockout reset), sent like the first. */
    @Transactional
    public void resend(Actor staff, UUID conversation) {
        notifyPatient(links.resend(staff, conversation));
    }

    /**
     * Queues the link's text and email in the current transaction (the one that issued the link), to be
     * handed over once it commits ({@link LinkNotificationDelivery}); notes how, for staff.
     */
    public void notifyPatient(SecureLinks.Issued issued) {
        SecureChat.ConversationRef conversation = issued.conversation();
        String link = publicBaseUrl.link(PortalRoutes.link(issued.token()));
        String text = notificationText(conversation.organizationName(), link);
        List<String> channels = new ArrayList<>();
        Optional<SecureChat.TextRoute> route = secureChat.textRoute(conversation.organization(), conversation.id());
        if (route.isPresent()) {
            queue(issued, "SMS", route.get().from().value(), route.get().to().value(), text);
            secureChat.recordNotice(conversation.organization(), conversation.id(), SecureChat.LinkNotice.LINK_TEXTED);
            channels.add("texted");
        }
        String email = patients.get(conversation.organization(), conversation.patient()).map(PatientSummary::email).orElse(null);
        if (email != null) {
            queue(issued, "EMAIL", null, email, text);
            secureChat.recordNotice(conversation.organization(), conversation.id(), SecureChat.LinkNotice.LINK_EMAILED);
            channels.add("emailed");
        }
        if (channels.isEmpty()) {
            secureChat.recordNotice(conversation.organization(), conversation.id(), SecureChat.LinkNotice.LINK_NOT_SENT);
        }
        auditLog.recordAnonymous(conversation.organization(), AuditAction.SECURE_LINK_ISSUED,
                AuditTarget.of("secure_link", issued.link().id()), channels.isEmpty() ? Outcome.FAILURE : Outcome.SUCCESS,
                channels.isEmpty() ? "not sent: no mobile number or email" : String.join(", ", channels));
    }

    private void queue(SecureLinks.Issued issued, String channel, String from, String to, String text) {
        UUID id = UUID.randomUUID();
        OrgId org = issued.conversation().organization();
        jdbc.sql("""
                        insert into link_notification (id, organization_id, conversation_id, link_id, channel, from_number,
                                                       to_address, sealed_text, state, created_at)
                        values (:id, :org, :conversation, :link, :channel, :from, :to, :sealed, 'QUEUED', :at)""")
                .param("id", id).param("org", org.value()).param("conversation", issued.conversation().id())
                .param("link", issued.link().id()).param("channel", channel).param("from", from).param("to", to)
                .param("sealed", seal.seal(text)).param("at", Timestamp.from(clock.instant())).update();
        events.publishEvent(new LinkNotificationQueued(org, id));
    }

    /** Runs the action once the current transaction commits (now, outside one): mail and texts wait for the data. */
    public static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
