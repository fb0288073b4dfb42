package com.bloomtext.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

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
    /** Compiled once: every number read from the database passes through here. */
    private static final Pattern FORM = Pattern.compile("\\+[1-9]\\d{6,14}");

    public E164 {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
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
