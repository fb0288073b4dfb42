package com.bloomtext.patients.csv;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The columns of the CSV schema shared by patient import and broadcasts, with their aliases. */
public enum Column {
    PHONE("phone", "Phone", List.of("phone", "mobile", "phone_number")),
    FIRST_NAME("first_name", "First name", List.of("first_name", "first", "given_name")),
    LAST_NAME("last_name", "Last name", List.of("last_name", "last", "family_name")),
    DOB("dob", "Date of birth", List.of("dob", "date_of_birth", "birthdate")),
    MRN("mrn", "MRN", List.of("mrn", "medical_record_number")),
    EMAIL("email", "Email", List.of("email", "e-mail")),
    /** Broadcasts only: a patient import reads it and leaves it aside. */
    MESSAGE("message", "Message", List.of("message"));

    private final String key;
    private final String label;
    private final List<String> names;

    Column(String key, String label, List<String> names) {
        this.key = key;
        this.label = label;
        this.names = names;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The column a header names, case-insensitive, with spaces read as underscores ("First Name"). */
    static Optional<Column> named(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String normalized = header.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        return Stream.of(values()).filter(column -> column.names.contains(normalized)).findFirst();
    }
}
