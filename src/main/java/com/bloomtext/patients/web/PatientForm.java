package com.bloomtext.patients.web;

import com.bloomtext.patients.PatientSummary;

/** The "Create new" and edit form, as typed. */
public record PatientForm(String phone, String firstName, String lastName, String dateOfBirth, String mrn,
        String email) {

    static PatientForm empty() {
        return new PatientForm("", "", "", "", "", "");
    }

    static PatientForm of(PatientSummary patient) {
        return new PatientForm(patient.phone() == null ? "" : patient.phone().display(), nullToEmpty(patient.firstName()),
                nullToEmpty(patient.lastName()), patient.dateOfBirth() == null ? "" : patient.dateOfBirth().toString(),
                nullToEmpty(patient.mrn()), nullToEmpty(patient.email()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
