package com.bloomtext.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import gg.jte.TemplateOutput;

/**
 * A page's UTF-8 bytes in one growing array: the templates' static parts arrive already encoded (the JTE plugin's
 * binary static content) and are copied in; dynamic text is encoded character by character straight into the
 * array. jte's own {@code Utf8ByteOutput} allocated a byte array for every piece of text it was given (a static
 * part, each escaped run of a value) and kept a list of them; {@code StringOutput} decodes every static part back
 * into a String. Not thread-safe: one page, one output.
 */
public final class PageBytes implements TemplateOutput {

    private byte[] bytes;
    private int length;

    /** @param capacity bytes to start with; it doubles as needed */
    public PageBytes(int capacity) {
        this.bytes = new byte[Math.max(capacity, 256)];
    }

    @Override
    public void writeContent(String value) {
        writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        int count = endIndex - beginIndex;
        if (length + count > bytes.length) {
            grow(length + count);
        }
        byte[] to = bytes;
        int at = length;
        int i = beginIndex;
        // Most of a page is ASCII: one byte a character, room already made above.
        for (; i < endIndex; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                break;
            }
            to[at++] = (byte) c;
        }
        length = at;
        if (i < endIndex) {
            writeNonAscii(value, i, endIndex);
        }
    }

    /** The rest of a value from its first non-ASCII character: as {@link String#getBytes} encodes it ('?' for a lone surrogate). */
    private void writeNonAscii(String value, int from, int endIndex) {
        for (int i = from; i < endIndex; i++) {
            char c = value.charAt(i);
            if (length + 4 > bytes.length) {
                grow(length + 4 + (endIndex - i));
            }
            byte[] to = bytes;
            if (c < 0x80) {
                to[length++] = (byte) c;
            } else if (c < 0x800) {
                to[length++] = (byte) (0xC0 | (c >> 6));
                to[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < endIndex && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int code = Character.toCodePoint(c, value.charAt(++i));
                    to[length++] = (byte) (0xF0 | (code >> 18));
                    to[length++] = (byte) (0x80 | ((code >> 12) & 0x3F));
                    to[length++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                    to[length++] = (byte) (0x80 | (code & 0x3F));
                } else {
                    to[length++] = '?';
                }
            } else {
                to[length++] = (byte) (0xE0 | (c >> 12));
                to[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                to[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    @Override
    public void writeBinaryContent(byte[] value) {
        if (length + value.length > bytes.length) {
            grow(length + value.length);
        }
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void grow(int needed) {
        bytes = Arrays.copyOf(bytes, Math.max(needed, 2 * bytes.length));
    }

    /** The number of bytes written so far. */
    public int length() {
        return length;
    }

    /** Writes the page in one call. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /** The page as a String (decoded once, for callers that need text). */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
