package com.bloomtext.shared;

import java.util.UUID;

/**
 * A record the caller may not see, or that does not exist: both answer 404, so that nobody learns
 * that another organization's record exists. The message names the kind of record only, never data.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind) {
        super(kind + " not found");
    }

    /** The id in a URL: a malformed one names no record, so it is "not found" like any other. */
    public static UUID idOf(String text, String kind) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException(kind);
        }
    }
}
