package com.bloomtext.carrier.smpp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text as the short_message fields of its submit_sm PDUs: GSM-7 (data_coding 0x00, unpacked septets)
 * when every character is in the GSM alphabet, else UCS-2 (data_coding 0x08, UTF-16BE). One part holds
 * 160 septets / 70 UTF-16 units; a longer text is cut into parts of 153 septets / 67 units, each led by
 * the 6-byte concatenation header {@code 05 00 03 ref total seq} (esm_class UDHI). An extension
 * character (2 septets) and a surrogate pair are never cut in two.
 */
record SmsParts(byte dataCoding, boolean udhi, List<byte[]> shortMessages) {

    static final byte GSM7 = 0x00;
    static final byte UCS2 = 0x08;

    static final int GSM7_SINGLE = 160;
    static final int GSM7_PART = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_PART = 67;

    int count() {
        return shortMessages.size();
    }

    /**
     * @param reference the concatenation reference (one byte) shared by all parts of this text
     */
    static SmsParts of(String body, int reference) {
        String text = body == null ? "" : body;
        if (Gsm7.canEncode(text)) {
            if (Gsm7.length(text) <= GSM7_SINGLE) {
                return new SmsParts(GSM7, false, List.of(Gsm7.encode(text)));
            }
            List<String> chunks = new ArrayList<>();
            int start = 0;
            int septets = 0;
            for (int i = 0; i < text.length(); i++) {
                int width = Gsm7.septets(text.charAt(i));
                if (septets + width > GSM7_PART) {
                    chunks.add(text.substring(start, i));
                    start = i;
                    septets = 0;
                }
                septets += width;
            }
            chunks.add(text.substring(start));
            return concatenated(GSM7, chunks.stream().map(Gsm7::encode).toList(), reference);
        }
        if (text.length() <= UCS2_SINGLE) {
            return new SmsParts(UCS2, false, List.of(text.getBytes(StandardCharsets.UTF_16BE)));
        }
        List<byte[]> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + UCS2_PART, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            chunks.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
            start = end;
        }
        return concatenated(UCS2, chunks, reference);
    }

    private static SmsParts concatenated(byte dataCoding, List<byte[]> payloads, int reference) {
        if (payloads.size() > 255) {
            throw new IllegalArgumentException("Text too long: " + payloads.size() + " parts");
        }
        List<byte[]> messages = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(6 + payloads.get(i).length);
            out.write(0x05);
            out.write(0x00);
            out.write(0x03);
            out.write(reference & 0xFF);
            out.write(payloads.size());
            out.write(i + 1);
            out.writeBytes(payloads.get(i));
            messages.add(out.toByteArray());
        }
        return new SmsParts(dataCoding, true, List.copyOf(messages));
    }
}
