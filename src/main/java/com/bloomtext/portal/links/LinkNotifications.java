package com.bloomtext.portal.links;

import java.util.ArrayList;
import java.util.List;
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
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;
import com.bloomtext.shared.web.PublicBaseUrl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the patient about a new secure link: by text from the team's number (or the platform's) when
 * they have a mobile number, and by email when one is on file. A notification holds the organization's
 * name and the link, nothing else. The token lives in memory until the carrier or mail server has it.
 */
@Component
public class LinkNotifications {

    private static final Logger log = LoggerFactory.getLogger(LinkNotifications.class);

    private final SecureLinks links;
    private final SecureChat secureChat;
    private final PatientDirectory patients;
    private final Mailer mailer;
    private final PublicBaseUrl publicBaseUrl;
    private final AuditLog auditLog;

    LinkNotifications(SecureLinks links, SecureChat secureChat, PatientDirectory patients, Mailer mailer,
            PublicBaseUrl publicBaseUrl, AuditLog auditLog) {
        this.links = links;
        this.secureChat = secureChat;
        this.patients = patients;
        this.mailer = mailer;
        this.publicBaseUrl = publicBaseUrl;
        this.auditLog = auditLog;
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

    /** Sends the link to the patient after the current transaction commits; notes how, for staff. */
    public void notifyPatient(SecureLinks.Issued issued) {
        SecureChat.ConversationRef conversation = issued.conversation();
        String link = publicBaseUrl.link(PortalRoutes.link(issued.token()));
        String text = notificationText(conversation.organizationName(), link);
        List<String> channels = new ArrayList<>();
        if (secureChat.textPatient(conversation.organization(), conversation.id(), text)) {
            secureChat.recordNotice(conversation.organization(), conversation.id(), SecureChat.LinkNotice.LINK_TEXTED);
            channels.add("texted");
        }
        String email = patients.get(conversation.organization(), conversation.patient()).map(PatientSummary::email).orElse(null);
        if (email != null) {
            OutgoingEmail mail = new OutgoingEmail(conversation.organization(), email,
                    emailSubject(conversation.organizationName()), text);
            afterCommit(() -> {
                try {
                    mailer.send(mail);
                } catch (MailDeliveryException e) {
                    log.warn("A secure link email could not be handed to the mail server");
                }
            });
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
