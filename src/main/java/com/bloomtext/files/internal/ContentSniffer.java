package com.bloomtext.files.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content type a file's first bytes prove, whatever its name or the browser claimed. Only the types
 * attachments may have are recognized; anything else (HTML, scripts, archives, office files) is unknown.
 */
final class ContentSniffer {

    /** Enough bytes for every signature below. */
    static final int HEAD = 16;

    static final Map<String, String> LABELS = Map.of("application/pdf", "PDF", "image/png", "PNG",
            "image/jpeg", "JPEG", "image/gif", "GIF", "image/webp", "WEBP", "image/heic", "HEIC");

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx");

    private ContentSniffer() {
    }

    static Optional<String> sniff(byte[] head, int length) {
        byte[] bytes = Arrays.copyOf(head, Math.min(length, head.length));
        if (startsWith(bytes, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("application/pdf");
        }
        if (startsWith(bytes, PNG)) {
            return Optional.of("image/png");
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) {
            return Optional.of("image/gif");
        }
        if (bytes.length >= 12 && ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 12).equals("WEBP")) {
            return Optional.of("image/webp");
        }
        if (bytes.length >= 12 && ascii(bytes, 4, 8).equals("ftyp") && HEIC_BRANDS.contains(ascii(bytes, 8, 12))) {
            return Optional.of("image/heic");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
