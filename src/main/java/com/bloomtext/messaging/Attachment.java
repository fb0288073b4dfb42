package com.bloomtext.messaging;

import java.time.Instant;
import java.util.UUID;

import com.bloomtext.shared.ByteSizes;

/**
 * A file attached to a Secure Chat message.
 *
 * @param fileName    as the sender's device named it (PHI: show it, send it as the download's name, never put it
 *                    in a URL, a log, an event or an audit detail)
 * @param contentType sniffed from the bytes ("application/pdf", "image/jpeg"...), never the browser's claim
 * @param size        bytes
 */
public record Attachment(UUID id, UUID conversationId, UUID messageId, String fileName, String contentType, long size,
        Instant attachedAt) {

    /** "1.2 MB", "340 KB". */
    public String displaySize() {
        return ByteSizes.display(size);
    }
}
