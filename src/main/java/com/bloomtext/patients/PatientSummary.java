package com.bloomtext.patients;

import java.time.LocalDate;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.PatientId;

/** A patient as other modules see one: who, and how to reach them. */
public record PatientSummary(PatientId id, String firstName, String lastName, E164 phone, String email,
        LocalDate dateOfBirth, String mrn) {

    /** "Jordan Lee", or the phone or email when the record has no name. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        if (!name.isEmpty()) {
            return name;
        }
        return phone != null ? phone.display() : email;
    }
}
