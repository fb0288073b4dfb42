package com.bloomtext.patients.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

import com.bloomtext.shared.E164;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How each patient field is read and checked, the same for the form, the new-conversation dialog and
 * CSV import. Each reader answers the cleaned value or throws {@link FieldProblem} with the reason;
 * reasons never repeat the value (it may be PHI).
 */
@Component
public class PatientRules {

    public static final int MAX_NAME = 100;
    public static final int MAX_MRN = 64;
    public static final int MAX_EMAIL = 254;

    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private final String defaultRegion;
    private final Clock clock;

    PatientRules(@Value("${bloomtext.patients.default-region:US}") String defaultRegion, Clock clock) {
        this.defaultRegion = defaultRegion;
        this.clock = clock;
    }

    public String name(String value) {
        String cleaned = blankToNull(value);
        if (cleaned != null && cleaned.length() > MAX_NAME) {
            throw new FieldProblem("Use at most " + MAX_NAME + " characters.");
        }
        return cleaned;
    }

    public E164 phone(String value) {
        String cleaned = blankToNull(value);
        if (cleaned == null) {
            return null;
        }
        try {
            return E164.parse(cleaned, defaultRegion);
        } catch (E164.InvalidPhoneNumberException e) {
            throw new FieldProblem(e.getMessage());
        }
    }

    /** What a search box holds, read as a phone number when it looks like one; else null. */
    public E164 phoneInSearch(String query) {
        if (query == null || !query.strip().matches("[\\d\\s().+-]{7,}")) {
            return null;
        }
        try {
            return phone(query);
        } catch (FieldProblem e) {
            return null;
        }
    }

    public String email(String value) {
        String cleaned = blankToNull(value);
        if (cleaned == null) {
            return null;
        }
        if (cleaned.length() > MAX_EMAIL || !EMAIL.matcher(cleaned).matches()) {
            throw new FieldProblem("Enter an email address like name@example.com.");
        }
        return cleaned.toLowerCase(Locale.ROOT);
    }

    /** YYYY-MM-DD or MM/DD/YYYY, a real date, not in the future. */
    public LocalDate dateOfBirth(String value) {
        String cleaned = blankToNull(value);
        if (cleaned == null) {
            return null;
        }
        LocalDate date;
        try {
            date = cleaned.contains("/") ? LocalDate.parse(cleaned, US) : LocalDate.parse(cleaned, ISO);
        } catch (DateTimeParseException e) {
            throw new FieldProblem("Enter the date as YYYY-MM-DD or MM/DD/YYYY.");
        }
        if (date.isAfter(LocalDate.now(clock))) {
            throw new FieldProblem("A date of birth can't be in the future.");
        }
        if (date.getYear() < 1880) {
            throw new FieldProblem("Check the year of birth.");
        }
        return date;
    }

    public String mrn(String value) {
        String cleaned = blankToNull(value);
        if (cleaned != null && cleaned.length() > MAX_MRN) {
            throw new FieldProblem("Use at most " + MAX_MRN + " characters.");
        }
        return cleaned;
    }

    private static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** A field that cannot be accepted; the message is written for staff and never holds the value. */
    public static class FieldProblem extends IllegalArgumentException {

        public FieldProblem(String message) {
            super(message);
        }
    }
}
