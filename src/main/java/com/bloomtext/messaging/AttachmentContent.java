package com.bloomtext.messaging;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An attachment opened for download: its decrypted bytes, read as they are sent. Close it (try-with-resources).
 * A read throws {@link IOException} if the stored bytes were tampered with; nothing of the failing chunk is
 * handed out.
 */
public record AttachmentContent(Attachment attachment, InputStream content) implements Closeable {

    @Override
    public void close() throws IOException {
        content.close();
    }
}
