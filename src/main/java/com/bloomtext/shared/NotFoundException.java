package com.bloomtext.shared;

/**
 * A record the caller may not see, or that does not exist: both answer 404, so that nobody learns
 * that another organization's record exists. The message names the kind of record only, never data.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind) {
        super(kind + " not found");
    }
}
