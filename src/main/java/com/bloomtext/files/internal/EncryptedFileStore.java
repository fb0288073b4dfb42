package com.bloomtext.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.bloomtext.files.FileId;
import com.bloomtext.files.FileRefused;
import com.bloomtext.files.FileStore;
import com.bloomtext.files.FileUnreadable;
import com.bloomtext.files.StoredFile;
import com.bloomtext.shared.ByteSizes;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link FileStore}: sniffs and measures a file while sealing it with a data key of its own
 * ({@link SegmentedGcm}), wraps that key with the master key, and keeps the ciphertext in a
 * {@link BlobStorage} and the metadata with the wrapped key in {@code stored_file}.
 */
@Service
class EncryptedFileStore implements FileStore {

    private final StoredFiles files;
    private final BlobStorage blobs;
    private final byte[] masterKey;
    private final long maxSize;
    private final List<String> allowedTypes;
    private final Clock clock;

    EncryptedFileStore(StoredFiles files, BlobStorage blobs, FilesProperties properties, Clock clock) {
        this.files = files;
        this.blobs = blobs;
        this.masterKey = masterKey(properties.masterKey());
        this.maxSize = properties.maxSize().toBytes();
        this.allowedTypes = List.copyOf(properties.allowedTypes());
        this.clock = clock;
    }

    /** Decodes the configured master key, saying exactly what is wrong and never echoing it. */
    static byte[] masterKey(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("No master key for attachments: set bloomtext.files.master-key "
                    + "(environment variable BLOOMTEXT_FILES_MASTER_KEY) to the base64 of 32 random bytes, "
                    + "for example the output of `openssl rand -base64 32`. Keep it secret and keep it: files "
                    + "stored under one key cannot be read with another.");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != SegmentedGcm.KEY_BYTES) {
            throw new IllegalStateException("bloomtext.files.master-key must be the base64 of exactly 32 bytes "
                    + "(`openssl rand -base64 32`).");
        }
        return key;
    }

    @Override
    public StoredFile store(OrgId organization, InputStream content) {
        FileId id = FileId.random();
        byte[] fileAad = fileAad(organization, id);
        byte[] dataKey = SegmentedGcm.newDataKey();
        Path spooled = null;
        try {
            spooled = blobs.spoolFile();
            Sealed sealed;
            try (OutputStream out = Files.newOutputStream(spooled)) {
                sealed = seal(content, out, dataKey, fileAad);
            }
            StoredFile file = new StoredFile(id, organization, sealed.contentType(), sealed.size(), sealed.sha256(),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            String storageKey = organization + "/" + id;
            blobs.put(storageKey, spooled);
            spooled = null;
            forgetOnRollback(storageKey);
            files.add(file, SegmentedGcm.wrap(masterKey, dataKey, fileAad), storageKey);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
            if (spooled != null) {
                try {
                    Files.deleteIfExists(spooled);
                } catch (IOException ignored) {
                    // an unreadable leftover of ciphertext; its key was never kept
                }
            }
        }
    }

    private record Sealed(String contentType, long size, String sha256) {
    }

    private Sealed seal(InputStream content, OutputStream out, byte[] dataKey, byte[] fileAad)
            throws IOException, GeneralSecurityException {
        MessageDigest sha256 = sha256();
        byte[] segment = new byte[SegmentedGcm.SEGMENT];
        String contentType = null;
        long size = 0;
        for (long index = 0; ; index++) {
            int length = content.readNBytes(segment, 0, segment.length);
            if (index == 0) {
                contentType = allowedType(segment, length);
            }
            size += length;
            if (size > maxSize) {
                throw new FileRefused("This file is larger than " + ByteSizes.display(maxSize)
                        + ". Attach a file of up to " + ByteSizes.display(maxSize) + ".");
            }
            sha256.update(segment, 0, length);
            boolean last = length < segment.length;
            out.write(SegmentedGcm.seal(dataKey, fileAad, index, last, segment, length));
            if (last) {
                return new Sealed(contentType, size, HexFormat.of().formatHex(sha256.digest()));
            }
        }
    }

    private String allowedType(byte[] head, int length) {
        if (length == 0) {
            throw new FileRefused("This file is empty. Choose the file again.");
        }
        Optional<String> type = ContentSniffer.sniff(head, Math.min(length, ContentSniffer.HEAD));
        if (type.isEmpty() || !allowedTypes.contains(type.get())) {
            throw new FileRefused("This type of file can't be attached. Attach "
                    + allowedTypes.stream().map(allowed -> ContentSniffer.LABELS.getOrDefault(allowed, allowed))
                            .collect(Collectors.joining(", ")) + " files only.");
        }
        return type.get();
    }

    @Override
    public Optional<StoredFile> find(OrgId organization, FileId id) {
        return files.find(organization, id);
    }

    @Override
    public InputStream open(OrgId organization, FileId id) {
        StoredFiles.Sealing sealing = files.sealing(organization, id).orElseThrow(() -> new NotFoundException("File"));
        byte[] fileAad = fileAad(organization, id);
        byte[] dataKey;
        try {
            dataKey = SegmentedGcm.unwrap(masterKey, sealing.wrappedKey(), fileAad);
        } catch (GeneralSecurityException e) {
            throw new FileUnreadable(id, e);
        }
        InputStream sealed;
        try {
            sealed = blobs.get(sealing.storageKey());
        } catch (NoSuchFileException e) {
            throw new FileUnreadable(id, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var opening = new SegmentedGcm.OpeningStream(sealed, dataKey, fileAad);
        try {
            // The key and the first segment are checked now, before the caller commits to an answer.
            opening.nextSegment();
            return opening;
        } catch (IOException e) {
            try {
                opening.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new FileUnreadable(id, e);
        }
    }

    @Override
    public void delete(OrgId organization, FileId id) {
        Optional<StoredFiles.Sealing> sealing = files.sealing(organization, id);
        if (sealing.isEmpty() || !files.remove(organization, id)) {
            return;
        }
        String storageKey = sealing.get().storageKey();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deleteQuietly(storageKey);
                }
            });
        } else {
            deleteQuietly(storageKey);
        }
    }

    /** Bytes stored inside a transaction that rolls back are no one's: removed again. */
    private void forgetOnRollback(String storageKey) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_ROLLED_BACK) {
                        deleteQuietly(storageKey);
                    }
                }
            });
        }
    }

    private void deleteQuietly(String storageKey) {
        try {
            blobs.delete(storageKey);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(EncryptedFileStore.class)
                    .warn("Could not delete stored bytes {}: {}", storageKey, e.getClass().getSimpleName());
        }
    }

    /** Names the file in every tag: ciphertext or a wrapped key moved to another file does not open. */
    private static byte[] fileAad(OrgId organization, FileId id) {
        return ByteBuffer.allocate(32)
                .putLong(organization.value().getMostSignificantBits()).putLong(organization.value().getLeastSignificantBits())
                .putLong(id.value().getMostSignificantBits()).putLong(id.value().getLeastSignificantBits())
                .array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
