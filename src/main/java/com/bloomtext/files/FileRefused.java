package com.bloomtext.files;

/** A file the store will not keep; the message is written for the staff user who chose it, and names no file. */
public class FileRefused extends RuntimeException {

    public FileRefused(String message) {
        super(message, null, false, false);
    }
}
