package com.bloomtext.audit;

import java.util.UUID;

import com.bloomtext.shared.PatientId;

/**
 * The record an audit event is about, by type and id only, and the patient it concerns when it concerns
 * one (a conversation, a message), so that the log can be searched by patient.
 */
public record AuditTarget(String type, String id, UUID patient) {

    static final String PATIENT = "patient";

    public static final AuditTarget NONE = new AuditTarget(null, null, null);

    /** A record by type and id; a "patient" target concerns that patient. */
    public static AuditTarget of(String type, Object id) {
        String text = String.valueOf(id);
        return new AuditTarget(type, text, PATIENT.equals(type) ? PatientId.parse(text).map(PatientId::value).orElse(null) : null);
    }

    /** This record, which concerns that patient. */
    public AuditTarget concerning(PatientId patientId) {
        return new AuditTarget(type, id, patientId == null ? null : patientId.value());
    }
}
