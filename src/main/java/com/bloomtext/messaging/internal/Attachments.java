package com.bloomtext.messaging.internal;

import java.io.InputStream;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import com.bloomtext.files.FileId;
import com.bloomtext.files.FileRefused;
import com.bloomtext.files.FileStore;
import com.bloomtext.files.StoredFile;
import com.bloomtext.messaging.Attachment;
import com.bloomtext.messaging.AttachmentContent;
import com.bloomtext.messaging.AttachmentRefused;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Files attached to Secure Chat messages: stored encrypted in the {@link FileStore}, listed and opened by
 * organization and conversation. Callers have already established that the requester may see the
 * conversation (staff: {@link Conversations#require}; a patient: their verified portal session).
 */
@Service
public class Attachments {

    private static final int MAX_NAME = 200;

    private final JdbcClient jdbc;
    private final FileStore files;

    Attachments(JdbcClient jdbc, FileStore files) {
        this.jdbc = jdbc;
        this.files = files;
    }

    /**
     * Stores the file and attaches it to a Secure Chat message of the conversation.
     *
     * @throws AttachmentRefused  empty, too large, not an allowed type, or the message is not Secure Chat
     * @throws NotFoundException when the organization has no such message in that conversation
     */
    @Transactional
    public Attachment attach(OrgId org, UUID conversation, UUID message, String fileName, InputStream content) {
        String mode = jdbc.sql("select mode from message where organization_id = :org and conversation_id = :conversation and id = :id")
                .param("org", org.value()).param("conversation", conversation).param("id", message)
                .query(String.class).optional().orElseThrow(() -> new NotFoundException("Message"));
        if (SendMode.valueOf(mode) != SendMode.SECURE_CHAT) {
            throw new AttachmentRefused("Files can only be sent with Secure Chat.");
        }
        StoredFile stored;
        try {
            stored = files.store(org, content);
        } catch (FileRefused refused) {
            throw new AttachmentRefused(refused.getMessage());
        }
        Attachment attachment = new Attachment(UUID.randomUUID(), conversation, message, cleanName(fileName),
                stored.contentType(), stored.size(), stored.storedAt());
        jdbc.sql("""
                        insert into message_attachment (id, organization_id, conversation_id, message_id, file_id, file_name,
                                                        size_bytes, content_type, created_at)
                        values (:id, :org, :conversation, :message, :file, :name, :size, :type, :at)""")
                .param("id", attachment.id()).param("org", org.value()).param("conversation", conversation)
                .param("message", message).param("file", stored.id().value()).param("name", attachment.fileName())
                .param("size", attachment.size()).param("type", attachment.contentType())
                .param("at", Timestamp.from(attachment.attachedAt()))
                .update();
        return attachment;
    }

    /** The conversation's attachments, oldest first. */
    public List<Attachment> of(OrgId org, UUID conversation) {
        return jdbc.sql(SELECT + " where organization_id = :org and conversation_id = :conversation order by created_at, id")
                .param("org", org.value()).param("conversation", conversation)
                .query((rs, n) -> map(rs)).list();
    }

    /**
     * @throws NotFoundException when the organization's conversation has no such attachment
     * @throws com.bloomtext.files.FileUnreadable when the stored bytes fail their integrity check
     */
    public AttachmentContent open(OrgId org, UUID conversation, UUID attachment) {
        record Found(Attachment attachment, UUID fileId) {
        }
        Found found = jdbc.sql(SELECT + " where organization_id = :org and conversation_id = :conversation and id = :id")
                .param("org", org.value()).param("conversation", conversation).param("id", attachment)
                .query((rs, n) -> new Found(map(rs), rs.getObject("file_id", UUID.class)))
                .optional().orElseThrow(() -> new NotFoundException("Attachment"));
        return new AttachmentContent(found.attachment(), files.open(org, new FileId(found.fileId())));
    }

    private static final String SELECT = """
            select id, conversation_id, message_id, file_id, file_name, size_bytes, content_type, created_at
            from message_attachment""";

    private static Attachment map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Attachment(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
                rs.getObject("message_id", UUID.class), rs.getString("file_name"), rs.getString("content_type"),
                rs.getLong("size_bytes"), rs.getTimestamp("created_at").toInstant());
    }

    /** The name without any folder a browser sent along, control characters or excess length. */
    static String cleanName(String fileName) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "").strip();
        if (name.length() > MAX_NAME) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_NAME - extension.length()) + extension;
        }
        return name.isEmpty() ? "Attachment" : name;
    }
}
