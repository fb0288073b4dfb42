package com.bloomtext.carrier.twilio;

import java.util.Locale;
import java.util.Map;

import com.twilio.rest.numbers.v1.PortingPortability.NumberType;

/**
 * Why Twilio won't port a number, in words a practice can act on. Twilio answers with a code and an
 * upper-case reason ({@code ALREADY_IN_TWILIO_DIFFERENT_OWNER}) meant for developers.
 */
final class NotPortableReasons {

    static final String TOLL_FREE = "Toll-free numbers can't be ported to BloomText.";

    /** The portability reason codes of Twilio's Portability API reference. */
    private static final Map<Integer, String> BY_CODE = Map.of(
            22130, "BloomText's carrier doesn't serve this number's country or rate center, so it can't be ported.",
            22131, "This number is already with BloomText, or already being ported in.",
            22132, "This number belongs to another account at BloomText's carrier. Its owner has to release it first.",
            22133, "This number can't be ported automatically. Contact support to port it by hand.");

    private NotPortableReasons() {
    }

    /** Whether Twilio used this error code to say a number is not portable. */
    static boolean isNotPortableCode(Integer code) {
        return code != null && BY_CODE.containsKey(code);
    }

    /**
     * @param numberType the number's type, null when Twilio did not say
     * @param code       Twilio's {@code not_portable_reason_code}, may be null
     * @param reason     Twilio's {@code not_portable_reason}, may be null
     */
    static String inWords(NumberType numberType, Integer code, String reason) {
        // Twilio does not port toll-free numbers in, whatever reason code comes with them.
        if (numberType == NumberType.TOLL_FREE) {
            return TOLL_FREE;
        }
        if (isNotPortableCode(code)) {
            return BY_CODE.get(code);
        }
        if (reason != null && !reason.isBlank()) {
            return "The carrier can't port this number to BloomText: " + readable(reason) + ".";
        }
        return code != null
                ? "The carrier can't port this number to BloomText (reason code " + code + ")."
                : "The carrier can't port this number to BloomText.";
    }

    /** {@code NO_ROUTING} reads "no routing". */
    private static String readable(String reason) {
        return reason.strip().replace('_', ' ').toLowerCase(Locale.ROOT);
    }
}
