package com.bloomtext.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.stereotype.Component;

/**
 * Ciphertext under a local directory ({@code bloomtext.files.directory}, default {@code ./data/files}):
 * one file per key, written under {@code .incoming} first and moved into place atomically.
 */
@Component
class LocalDiskBlobs implements BlobStorage {

    private final Path directory;
    private final Path incoming;

    LocalDiskBlobs(FilesProperties properties) throws IOException {
        this.directory = properties.directory().isBlank() ? Files.createTempDirectory("bloomtext-files")
                : Path.of(properties.directory()).toAbsolutePath().normalize();
        this.incoming = directory.resolve(".incoming");
        Files.createDirectories(incoming);
    }

    @Override
    public Path spoolFile() throws IOException {
        return Files.createTempFile(incoming, "upload-", ".part");
    }

    @Override
    public void put(String key, Path spooled) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Files.move(spooled, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return Files.newInputStream(pathOf(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    /** Where a key's bytes are on disk; tests use it to tamper with them. */
    Path pathOf(String key) {
        Path path = directory.resolve(key).normalize();
        if (!key.matches("[0-9a-f-]{36}/[0-9a-f-]{36}") || !path.startsWith(directory)) {
            throw new IllegalArgumentException("Not a storage key");
        }
        return path;
    }
}
