package com.bloomtext.files;

import java.time.Instant;

import com.bloomtext.shared.OrgId;

/**
 * What the store knows about a file: never its name (a file name is PHI, kept by whoever attached it).
 *
 * @param contentType sniffed from the bytes ("application/pdf", "image/png"...), never taken from the browser
 * @param size        plaintext bytes
 * @param sha256      of the plaintext, lower-case hex
 */
public record StoredFile(FileId id, OrgId organization, String contentType, long size, String sha256, Instant storedAt) {
}
