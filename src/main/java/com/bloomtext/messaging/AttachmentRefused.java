package com.bloomtext.messaging;

/**
 * A file that cannot be attached: empty, too large, or a type that is not allowed. The message is written for
 * the person who chose the file (staff or patient) and names no file.
 */
public class AttachmentRefused extends RuntimeException {

    public AttachmentRefused(String message) {
        super(message, null, false, false);
    }
}
