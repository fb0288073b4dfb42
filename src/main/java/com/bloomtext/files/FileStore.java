package com.bloomtext.files;

import java.io.InputStream;
import java.util.Optional;

import com.bloomtext.shared.OrgId;

/**
 * Encrypted storage of an organization's files. Every method takes the organization: another organization's
 * file is "not found", as if it did not exist.
 */
public interface FileStore {

    /**
     * Reads {@code content} to its end (the caller closes it), checks its type and size, and stores it
     * encrypted. Nothing is kept when it is refused. Inside a transaction the stored bytes are removed again
     * if that transaction rolls back.
     *
     * @throws FileRefused with a message staff can act on: empty, too large, or a type that is not allowed
     */
    StoredFile store(OrgId organization, InputStream content);

    /** The file's metadata, if the organization has it. */
    Optional<StoredFile> find(OrgId organization, FileId id);

    /**
     * The decrypted content, read as the caller reads. The key and the first chunk are checked before this
     * returns; a later chunk that fails its check makes {@code read} throw {@link java.io.IOException}
     * before handing out any byte of that chunk.
     *
     * @throws com.bloomtext.shared.NotFoundException when the organization has no such file
     * @throws FileUnreadable when the stored bytes or their key fail authentication (tampered, wrong master key)
     */
    InputStream open(OrgId organization, FileId id);

    /** Removes the file and its bytes; nothing happens when the organization has no such file. */
    void delete(OrgId organization, FileId id);
}
