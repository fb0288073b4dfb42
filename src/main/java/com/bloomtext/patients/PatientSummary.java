package com.bloomtext.patients;

import java.time.LocalDate;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.PatientId;

/** A patient as other modules see one: who, and how to reach them. */
public record PatientSummary(PatientId id, String firstName, String lastName, E164 phone, String email,
        LocalDate dateOfBirth, String mrn) {

    /** "Jordan Lee", or "Unknown patient · (415) 555-0142" when the record has no name yet. */
    public String displayName() {
        return displayName(firstName, lastName, phone, email);
    }

    /** {@link #displayName()} of a patient with these names and contacts (the contacts only matter without a name). */
    public static String displayName(String firstName, String lastName, E164 phone, String email) {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        if (!name.isEmpty()) {
            return name;
        }
        return "Unknown patient · " + (phone != null ? phone.display() : email);
    }
}
