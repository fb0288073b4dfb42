package com.bloomtext.portal.receipts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.messaging.SecureChatPortal;
import com.bloomtext.portal.links.SecureLink;
import com.bloomtext.portal.links.SecureLinks;
import com.bloomtext.portal.session.PortalPrincipal;
import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read receipts: the patient viewed these Secure Chat messages (first seen when). Only staff's Secure
 * Chat messages get one; SMS have no read signal, and absence of a receipt is not the same as unread.
 * Also answers the conversation page's questions about the portal.
 */
@Service
public class ReadReceipts implements SecureChatPortal {

    private final JdbcClient jdbc;
    private final SecureLinks links;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    ReadReceipts(JdbcClient jdbc, SecureLinks links, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.links = links;
        this.clock = clock;
        this.events = events;
    }

    /** The patient was shown these messages: staff Secure Chat messages of their conversation get a receipt. */
    public void viewed(PortalPrincipal patient, Collection<UUID> messages) {
        if (messages.isEmpty()) {
            return;
        }
        int recorded = jdbc.sql("""
                        insert into read_receipt (message_id, organization_id, conversation_id, patient_id, viewed_at)
                        select m.id, m.organization_id, m.conversation_id, c.patient_id, :at
                        from message m join conversation c on c.id = m.conversation_id
                        where m.organization_id = :org and m.conversation_id = :conversation and c.patient_id = :patient
                          and m.mode = 'SECURE_CHAT' and m.direction = 'OUTBOUND' and m.id = any(cast(:ids as uuid[]))
                        on conflict (message_id) do nothing""")
                .param("at", Timestamp.from(clock.instant())).param("org", patient.organization().value())
                .param("conversation", patient.conversation()).param("patient", patient.patient().value())
                .param("ids", messages.stream().map(UUID::toString).toArray(String[]::new))
                .update();
        if (recorded > 0) {
            // Staff with the conversation open see the patient's avatar move without reloading.
            events.publishEvent(new com.bloomtext.messaging.ConversationChanged(patient.organization(), patient.conversation(),
                    com.bloomtext.messaging.ConversationChanged.Kind.READ_RECEIPT));
        }
    }

    @Override
    public Optional<Viewed> latestViewed(OrgId org, UUID conversation) {
        return jdbc.sql("""
                        select r.message_id, r.viewed_at from read_receipt r join message m on m.id = r.message_id
                        where r.organization_id = :org and r.conversation_id = :conversation
                        order by m.created_at desc, m.id desc limit 1""")
                .param("org", org.value()).param("conversation", conversation)
                .query((rs, n) -> new Viewed(rs.getObject("message_id", UUID.class), rs.getTimestamp("viewed_at").toInstant()))
                .optional();
    }

    /**
     * {@link #latestViewed}'s receipt and {@link SecureLinks#latest}'s link (only what staff see of it: its times and
     * whether it is locked) as one statement that always returns one row, each part index-backed
     * (read_receipt_conversation_idx, secure_link's by conversation) and organization-scoped.
     */
    static final String PAGE_STATE = """
            select r.message_id, r.viewed_at, l.issued_at, l.expires_at, l.locked_at
            from (select 1) as one
            left join lateral (select r.message_id, r.viewed_at from read_receipt r join message m on m.id = r.message_id
                               where r.organization_id = :org and r.conversation_id = :conversation
                               order by m.created_at desc, m.id desc limit 1) r on true
            left join lateral (select issued_at, expires_at, locked_at from secure_link
                               where organization_id = :org and conversation_id = :conversation
                               order by (voided_at is null) desc, issued_at desc limit 1) l on true""";

    @Override
    public PageState pageState(OrgId org, UUID conversation) {
        return jdbc.sql(PAGE_STATE)
                .param("org", org.value()).param("conversation", conversation)
                .query((rs, n) -> {
                    UUID message = rs.getObject("message_id", UUID.class);
                    Timestamp issued = rs.getTimestamp("issued_at");
                    Timestamp expires = rs.getTimestamp("expires_at");
                    Timestamp locked = rs.getTimestamp("locked_at");
                    return new PageState(
                            message == null ? null : new Viewed(message, rs.getTimestamp("viewed_at").toInstant()),
                            issued == null ? null : new LinkState(issued.toInstant(), expires.toInstant(),
                                    SecureLink.expired(expires.toInstant(), clock.instant()), locked != null));
                })
                .single();
    }

    @Override
    public Optional<LinkState> link(OrgId org, UUID conversation) {
        return links.latest(org, conversation)
                .map(link -> new LinkState(link.issuedAt(), link.expiresAt(),
                        link.expired(clock.instant()), link.locked()));
    }
}
