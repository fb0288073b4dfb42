package com.bloomtext.messaging;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * An attachment opened for download: its decrypted bytes, read as they are sent. Close it (try-with-resources).
 * A read throws {@link IOException} if the stored bytes were tampered with; nothing of the failing chunk is
 * handed out.
 */
public record AttachmentContent(Attachment attachment, InputStream content) implements Closeable {

    /** Sends it as a download, never rendered inline: the sniffed type, no sniffing by the browser, never cached. */
    public void sendAsDownload(HttpServletResponse response) throws IOException {
        response.setContentType(attachment.contentType());
        response.setContentLengthLong(attachment.size());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(attachment.fileName(), StandardCharsets.UTF_8).build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (OutputStream out = response.getOutputStream()) {
            content.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
