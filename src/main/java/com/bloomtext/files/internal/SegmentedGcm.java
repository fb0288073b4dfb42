package com.bloomtext.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over a stream in segments of {@value #SEGMENT} plaintext bytes (the "STREAM" construction that
 * Tink's streaming AEAD also uses). Each segment is sealed with its own nonce (its index and a last-segment
 * flag) and authenticated data naming the file, its index and whether it is the last, so reordering,
 * dropping, truncating or appending segments fails as surely as a flipped bit. Every segment but the last
 * holds exactly {@value #SEGMENT} bytes; the last holds fewer (possibly none), so the reader knows the end.
 * Memory per stream is one segment, whatever the file's size.
 *
 * <p>Data keys are wrapped with the master key the same way (AES-256-GCM, random nonce, the file named in
 * the authenticated data), so a wrapped key copied to another file's row does not open it.
 */
final class SegmentedGcm {

    static final int SEGMENT = 64 * 1024;
    static final int TAG_BYTES = 16;
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SegmentedGcm() {
    }

    static byte[] newDataKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    static byte[] wrap(byte[] masterKey, byte[] dataKey, byte[] fileAad) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, masterKey, nonce, fileAad);
        byte[] sealed = cipher.doFinal(dataKey);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    static byte[] unwrap(byte[] masterKey, byte[] wrapped, byte[] fileAad) throws GeneralSecurityException {
        if (wrapped.length != NONCE_BYTES + KEY_BYTES + TAG_BYTES) {
            throw new GeneralSecurityException("Wrapped key has the wrong length");
        }
        byte[] nonce = java.util.Arrays.copyOf(wrapped, NONCE_BYTES);
        return cipher(Cipher.DECRYPT_MODE, masterKey, nonce, fileAad)
                .doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    }

    /** Seals segment {@code index} of a file. */
    static byte[] seal(byte[] dataKey, byte[] fileAad, long index, boolean last, byte[] plain, int length)
            throws GeneralSecurityException {
        return cipher(Cipher.ENCRYPT_MODE, dataKey, nonce(index, last), aad(fileAad, index, last)).doFinal(plain, 0, length);
    }

    /** Opens segment {@code index}: GCM checks the tag before it returns a single byte. */
    static byte[] open(byte[] dataKey, byte[] fileAad, long index, boolean last, byte[] sealed, int length)
            throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, dataKey, nonce(index, last), aad(fileAad, index, last)).doFinal(sealed, 0, length);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }

    private static byte[] nonce(long index, boolean last) {
        return ByteBuffer.allocate(NONCE_BYTES).putLong(index).putInt(last ? 1 : 0).array();
    }

    private static byte[] aad(byte[] fileAad, long index, boolean last) {
        return ByteBuffer.allocate(fileAad.length + 9).put(fileAad).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    /**
     * The plaintext of a sealed stream, one verified segment at a time. A segment that fails its check, a
     * missing last segment or bytes after it make {@code read} throw; nothing of that segment is returned.
     */
    static final class OpeningStream extends InputStream {

        private final InputStream sealed;
        private final byte[] dataKey;
        private final byte[] fileAad;
        private final byte[] buffer = new byte[SEGMENT + TAG_BYTES];
        private byte[] plain = new byte[0];
        private int position;
        private long index;
        private boolean finished;

        OpeningStream(InputStream sealed, byte[] dataKey, byte[] fileAad) {
            this.sealed = sealed;
            this.dataKey = dataKey;
            this.fileAad = fileAad;
        }

        /** Opens the next segment; false at the end of the stream. */
        boolean nextSegment() throws IOException {
            if (finished) {
                return false;
            }
            int length = sealed.readNBytes(buffer, 0, buffer.length);
            boolean last = length < buffer.length;
            if (length < TAG_BYTES) {
                throw new IOException("Stored file is truncated");
            }
            try {
                plain = open(dataKey, fileAad, index, last, buffer, length);
            } catch (GeneralSecurityException e) {
                plain = new byte[0];
                throw new IOException("Stored file segment " + index + " failed authentication", e);
            }
            position = 0;
            index++;
            if (last) {
                finished = true;
                if (sealed.read() != -1) {
                    plain = new byte[0];
                    throw new IOException("Stored file has bytes after its last segment");
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (!nextSegment()) {
                    return -1;
                }
            }
            int count = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, target, offset, count);
            position += count;
            return count;
        }

        @Override
        public int available() {
            return plain.length - position;
        }

        @Override
        public void close() throws IOException {
            java.util.Arrays.fill(dataKey, (byte) 0);
            sealed.close();
        }
    }
}
