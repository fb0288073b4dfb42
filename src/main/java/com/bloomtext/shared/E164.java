package com.bloomtext.shared;

import java.io.Serializable;
import java.util.Objects;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * A phone number in E.164 form ("+14155550142"), validated once, at construction. "(415) 555-0142",
 * "415.555.0142" and "+1 415 555 0142" are one number.
 */
public record E164(String value) implements Serializable {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public E164 {
        Objects.requireNonNull(value, "value");
        if (!isE164(value)) {
            throw new InvalidPhoneNumberException("Enter a phone number with its area code, like (415) 555-0142.");
        }
    }

    /**
     * Parses what a person typed, in the given default region ("US").
     *
     * @throws InvalidPhoneNumberException with a reason a person can act on
     */
    public static E164 parse(String text, String defaultRegion) {
        if (text == null || text.isBlank()) {
            throw new InvalidPhoneNumberException("Enter a phone number.");
        }
        PhoneNumber number;
        try {
            number = PHONES.parse(text, defaultRegion);
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException(switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> "That country code doesn't exist. Start international numbers with +.";
                case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "That phone number is too short.";
                case TOO_LONG -> "That phone number is too long.";
                default -> "That doesn't look like a phone number.";
            });
        }
        if (!PHONES.isPossibleNumber(number)) {
            throw new InvalidPhoneNumberException("That phone number has the wrong number of digits.");
        }
        if (!PHONES.isValidNumber(number)) {
            throw new InvalidPhoneNumberException("That phone number isn't in use anywhere: check the area code.");
        }
        return new E164(PHONES.format(number, PhoneNumberFormat.E164));
    }

    /**
     * "+" then 7 to 15 ASCII digits, the first not 0 (the pattern {@code \+[1-9]\d{6,14}}), checked by hand: every
     * number read from the database passes through here (an inbox page reads up to 200 patients), and the regex
     * allocated a matcher each time.
     */
    static boolean isE164(String value) {
        int length = value.length();
        if (length < 8 || length > 16 || value.charAt(0) != '+' || value.charAt(1) < '1' || value.charAt(1) > '9') {
            return false;
        }
        for (int i = 2; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** US numbers as Americans write them, "(415) 555-0142"; others internationally. */
    public String display() {
        try {
            PhoneNumber number = PHONES.parse(value, "US");
            return number.getCountryCode() == 1
                    ? PHONES.format(number, PhoneNumberFormat.NATIONAL)
                    : PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return value;
        }
    }

    @Override
    public String toString() {
        return value;
    }

    /** The number could not be understood or is not in use; the message says why. */
    public static class InvalidPhoneNumberException extends IllegalArgumentException {

        public InvalidPhoneNumberException(String message) {
            super(message);
        }
    }
}
