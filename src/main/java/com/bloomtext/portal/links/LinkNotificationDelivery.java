package com.bloomtext.portal.links;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.messaging.SecureChat;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands a queued link notification to the carrier (or mail server) after the link's transaction commits,
 * as SMS are: a listener the event publication registry tracks, so one a crash interrupted runs again on
 * restart; the carrier is given the notification's id as idempotency key, so a text it took before the
 * crash is not sent twice. Once handed over (or given up), the sealed text is erased. A notification of
 * a link voided meanwhile (staff resent it) is not sent: its link would not open.
 *
 * <p>Email has no idempotency key: a crash between the mail server taking an email and this noting it
 * sends that email again after the restart (the same link, which still opens).
 */
@Component
class LinkNotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(LinkNotificationDelivery.class);

    private final JdbcClient jdbc;
    private final SecureChat secureChat;
    private final Mailer mailer;
    private final NotificationSeal seal;
    private final Clock clock;

    LinkNotificationDelivery(JdbcClient jdbc, SecureChat secureChat, Mailer mailer, NotificationSeal seal, Clock clock) {
        this.jdbc = jdbc;
        this.secureChat = secureChat;
        this.mailer = mailer;
        this.seal = seal;
        this.clock = clock;
    }

    /** Not in a transaction: a carrier's backoff or a slow mail server holds no database connection. */
    @Async
    @TransactionalEventListener
    void handOver(LinkNotificationQueued event) {
        Optional<Queued> found = queued(event.organization(), event.notification());
        if (found.isEmpty()) {
            return; // handed over already (a resubmitted publication), or given up
        }
        Queued queued = found.get();
        if (queued.linkVoided()) {
            finish(event, "SUPERSEDED");
            return;
        }
        String text = seal.open(queued.sealedText());
        boolean handed = switch (queued.channel()) {
            case "SMS" -> secureChat.handOverText(event.notification(),
                    new SecureChat.TextRoute(new E164(queued.fromNumber()), new E164(queued.toAddress())), text);
            default -> mail(event.organization(), queued, text);
        };
        if (!handed) {
            log.warn("Secure link notification {} ({}) could not be handed over", event.notification(), queued.channel());
        }
        finish(event, handed ? "SENT" : "FAILED");
    }

    private boolean mail(OrgId org, Queued queued, String text) {
        try {
            String organizationName = secureChat.find(org, queued.conversation())
                    .map(SecureChat.ConversationRef::organizationName).orElseThrow();
            mailer.send(new OutgoingEmail(org, queued.toAddress(), LinkNotifications.emailSubject(organizationName), text));
            return true;
        } catch (MailDeliveryException e) {
            return false;
        }
    }

    private Optional<Queued> queued(OrgId org, UUID notification) {
        return jdbc.sql("""
                        select n.conversation_id, n.channel, n.from_number, n.to_address, n.sealed_text,
                               l.voided_at is not null as voided
                        from link_notification n
                        join secure_link l on l.id = n.link_id and l.organization_id = n.organization_id
                        where n.organization_id = :org and n.id = :id and n.state = 'QUEUED'""")
                .param("org", org.value()).param("id", notification)
                .query((rs, n) -> new Queued(rs.getObject("conversation_id", UUID.class), rs.getString("channel"),
                        rs.getString("from_number"), rs.getString("to_address"), rs.getBytes("sealed_text"),
                        rs.getBoolean("voided")))
                .optional();
    }

    private void finish(LinkNotificationQueued event, String state) {
        jdbc.sql("""
                        update link_notification set state = :state, sealed_text = null, handed_over_at = :at
                        where organization_id = :org and id = :id and state = 'QUEUED'""")
                .param("state", state).param("at", Timestamp.from(clock.instant()))
                .param("org", event.organization().value()).param("id", event.notification()).update();
    }

    private record Queued(UUID conversation, String channel, String fromNumber, String toAddress, byte[] sealedText,
            boolean linkVoided) {
    }
}
