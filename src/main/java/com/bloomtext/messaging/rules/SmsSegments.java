package com.bloomtext.messaging.rules;

/**
 * How many SMS segments a body costs: GSM-7 bodies take 160 characters in one segment and 153 per part
 * when split (characters of the extension table, such as € and [, count twice); anything else is
 * UCS-2, 70 in one segment and 67 per part. Bodies over 1,600 characters are not sent at all.
 */
public final class SmsSegments {

    public static final int MAX_BODY = 1600;

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    public enum Encoding { GSM_7, UCS_2 }

    public record Count(Encoding encoding, int units, int segments) {

        /** "1 segment", "2 segments". */
        public String label() {
            return segments + (segments == 1 ? " segment" : " segments");
        }
    }

    public static Count of(String body) {
        String text = body == null ? "" : body;
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
                break;
            }
        }
        if (gsm) {
            return new Count(Encoding.GSM_7, septets, septets == 0 ? 0 : septets <= 160 ? 1 : ceil(septets, 153));
        }
        int units = text.length();
        return new Count(Encoding.UCS_2, units, units <= 70 ? 1 : ceil(units, 67));
    }

    public static boolean tooLong(String body) {
        return body != null && body.codePointCount(0, body.length()) > MAX_BODY;
    }

    private static int ceil(int units, int perSegment) {
        return (units + perSegment - 1) / perSegment;
    }
}
