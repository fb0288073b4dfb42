package com.bloomtext.files;

/**
 * Stored bytes that fail authentication: changed on disk, or encrypted under another master key. No
 * plaintext of the failing chunk is handed out. The message names the file id only.
 */
public class FileUnreadable extends RuntimeException {

    public FileUnreadable(FileId id, Throwable cause) {
        super("Stored file " + id + " failed its integrity check", cause);
    }
}
