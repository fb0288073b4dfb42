package com.bloomtext.carrier.twilio;

import java.util.Map;

/** Twilio's error codes for a text, in words staff can act on. */
final class TwilioErrors {

    static final Map<Integer, String> REASONS = Map.of(
            21610, "The patient opted out of texts from this number (replied STOP).",
            21211, "The patient's phone number is not valid.",
            21614, "The patient's number can't receive texts (not a mobile number).",
            30003, "The patient's phone is unreachable.",
            30005, "The patient's number is unknown to the carrier.",
            30006, "The patient's number is a landline or can't receive texts.",
            30007, "The carrier filtered the text as spam.");

    private TwilioErrors() {
    }

    static String reason(Integer code) {
        return code == null ? null : REASONS.getOrDefault(code, "The carrier could not deliver it (Twilio error " + code + ").");
    }

    static String reason(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return reason(Integer.valueOf(code.strip()));
        } catch (NumberFormatException e) {
            return "The carrier could not deliver it.";
        }
    }
}
