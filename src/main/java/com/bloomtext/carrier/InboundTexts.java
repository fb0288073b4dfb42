package com.bloomtext.carrier;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.E164;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Texts that arrived from patients, kept once per carrier message id (a retried webhook changes nothing
 * twice) and announced by id to whoever threads them into conversations.
 */
@Service
public class InboundTexts {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InboundTexts(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** A text as it arrived. */
    public record InboundText(UUID id, String carrier, E164 from, E164 to, String body) {
    }

    /** A picture or file that came with an MMS: where the carrier holds it, and its type. */
    public record Media(String url, String contentType) {
    }

    /** Keeps the text and announces it, unless this carrier message was already received. */
    @Transactional
    public Optional<UUID> receive(String carrier, String carrierMessageId, E164 from, E164 to, String body) {
        return receive(carrier, carrierMessageId, from, to, body, java.util.List.of());
    }

    /** The same, for an MMS: its media are recorded with the text. */
    @Transactional
    public Optional<UUID> receive(String carrier, String carrierMessageId, E164 from, E164 to, String body,
            java.util.List<Media> media) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        insert into inbound_sms (id, carrier, carrier_message_id, from_number, to_number, body, received_at)
                        values (:id, :carrier, :messageId, :from, :to, :body, :at) on conflict do nothing""")
                .param("id", id)
                .param("carrier", carrier)
                .param("messageId", carrierMessageId)
                .param("from", from.value())
                .param("to", to.value())
                .param("body", body == null ? "" : body)
                .param("at", Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        for (int position = 0; position < media.size(); position++) {
            jdbc.sql("insert into inbound_sms_media (inbound_id, position, url, content_type) values (:id, :position, :url, :type)")
                    .param("id", id).param("position", position)
                    .param("url", media.get(position).url()).param("type", media.get(position).contentType())
                    .update();
        }
        events.publishEvent(new InboundSmsReceived(id));
        return Optional.of(id);
    }

    public java.util.List<Media> media(UUID id) {
        return jdbc.sql("select url, content_type from inbound_sms_media where inbound_id = :id order by position")
                .param("id", id)
                .query((rs, n) -> new Media(rs.getString("url"), rs.getString("content_type")))
                .list();
    }

    public Optional<InboundText> find(UUID id) {
        return jdbc.sql("select * from inbound_sms where id = :id").param("id", id)
                .query((rs, n) -> new InboundText(rs.getObject("id", UUID.class), rs.getString("carrier"),
                        new E164(rs.getString("from_number")), new E164(rs.getString("to_number")), rs.getString("body")))
                .optional();
    }
}
