package com.bloomtext.shared.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets that must be kept for a while (a TOTP secret, a secure link's notification until
 * the carrier has it) with AES-256-GCM, so that a copy of the database alone reveals none of them. The
 * key is a configured one (Base64 of 32 bytes) or, without one, a key generated once into a key file.
 */
public final class SealedBox {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final String what;

    /**
     * @param configuredKey Base64 of 32 bytes, or blank to use the key file
     * @param keyFile where a generated key is kept (created, owner-only, when missing)
     * @param what the property that names the key, and what it protects, for error messages
     */
    public SealedBox(String configuredKey, Path keyFile, String what) {
        this.what = what;
        this.key = new SecretKeySpec(configuredKey == null || configuredKey.isBlank() ? keyFromFile(keyFile)
                : decode(configuredKey), "AES");
    }

    public byte[] seal(byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt", e);
        }
    }

    public byte[] open(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not decrypt with " + what + " (was the key changed?)");
        }
    }

    private byte[] decode(String base64) {
        byte[] decoded = Base64.getDecoder().decode(base64.strip());
        if (decoded.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, Base64-encoded");
        }
        return decoded;
    }

    private byte[] keyFromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file));
            }
            byte[] generated = new byte[32];
            random.nextBytes(generated);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(generated));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the key file of " + what, e);
        }
    }
}
