package com.bloomtext.portal.links;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets handed to a patient (link tokens, session ids, one-time codes) and the only form they are
 * kept in: their SHA-256. A 256-bit token cannot be guessed, so an unsalted hash is enough for it.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** 256 random bits, base64url without padding: 43 characters of [A-Za-z0-9_-]. */
    public static String random256() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Six decimal digits, leading zeros kept. */
    public static String sixDigitCode() {
        return "%06d".formatted(RANDOM.nextInt(1_000_000));
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A token as the link carries it; anything else is not worth a database lookup. */
    public static boolean wellFormed(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{43}");
    }
}
