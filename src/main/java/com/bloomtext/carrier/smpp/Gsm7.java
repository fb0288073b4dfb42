package com.bloomtext.carrier.smpp;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 default alphabet and its extension table, as unpacked septets (one septet per byte,
 * as SMPP carries data_coding 0x00). An extension character is the escape 0x1B followed by its code,
 * so it counts as two septets.
 */
final class Gsm7 {

    static final int ESCAPE = 0x1B;

    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static final int[] BASIC_CODE = new int[0x10000];
    private static final int[] EXTENSION_CODE = new int[0x10000];
    private static final char[] EXTENSION_CHAR = new char[128];

    static {
        if (BASIC.length() != 128) {
            throw new IllegalStateException("GSM basic table must have 128 characters, has " + BASIC.length());
        }
        java.util.Arrays.fill(BASIC_CODE, -1);
        java.util.Arrays.fill(EXTENSION_CODE, -1);
        for (int code = 0; code < 128; code++) {
            if (code != ESCAPE) {
                BASIC_CODE[BASIC.charAt(code)] = code;
            }
        }
        extension(0x0A, '\f');
        extension(0x14, '^');
        extension(0x28, '{');
        extension(0x29, '}');
        extension(0x2F, '\\');
        extension(0x3C, '[');
        extension(0x3D, '~');
        extension(0x3E, ']');
        extension(0x40, '|');
        extension(0x65, '€');
    }

    private static void extension(int code, char c) {
        EXTENSION_CODE[c] = code;
        EXTENSION_CHAR[code] = c;
    }

    private Gsm7() {
    }

    /** Whether every character is in the basic or extension table. */
    static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets the character takes: 1 (basic), 2 (extension) or 0 (not in the alphabet). */
    static int septets(char c) {
        if (BASIC_CODE[c] >= 0) {
            return 1;
        }
        return EXTENSION_CODE[c] >= 0 ? 2 : 0;
    }

    /** Septets the whole text takes; the text must be encodable. */
    static int length(CharSequence text) {
        int total = 0;
        for (int i = 0; i < text.length(); i++) {
            total += septets(text.charAt(i));
        }
        return total;
    }

    /**
     * Unpacked septets of the text.
     *
     * @throws IllegalArgumentException when a character is not in the GSM alphabet
     */
    static byte[] encode(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = BASIC_CODE[c];
            if (basic >= 0) {
                out.write(basic);
            } else if (EXTENSION_CODE[c] >= 0) {
                out.write(ESCAPE);
                out.write(EXTENSION_CODE[c]);
            } else {
                throw new IllegalArgumentException("Character at " + i + " is not in the GSM 7-bit alphabet");
            }
        }
        return out.toByteArray();
    }

    /** Text of unpacked septets; an unknown extension code reads as a space (as 03.38 asks), a stray escape is dropped. */
    static String decode(byte[] septets, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int code = septets[i] & 0x7F;
            if (code == ESCAPE) {
                if (i + 1 < offset + length) {
                    int next = septets[++i] & 0x7F;
                    char c = EXTENSION_CHAR[next];
                    text.append(c != 0 ? c : ' ');
                }
            } else {
                text.append(BASIC.charAt(code));
            }
        }
        return text.toString();
    }

    static String decode(byte[] septets) {
        return decode(septets, 0, septets.length);
    }
}
