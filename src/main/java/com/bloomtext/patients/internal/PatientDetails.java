package com.bloomtext.patients.internal;

import java.time.LocalDate;

import com.bloomtext.shared.E164;

/** What a patient record says, already validated: any combination, with a phone or an email. */
public record PatientDetails(String firstName, String lastName, E164 phone, String email, LocalDate dateOfBirth,
        String mrn) {

    public PatientDetails {
        if (phone == null && email == null) {
            throw new IllegalArgumentException("A patient needs a phone number or an email.");
        }
    }
}
