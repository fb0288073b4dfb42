package com.bloomtext.patients.internal;

import java.util.List;
import java.util.UUID;

import com.bloomtext.audit.AuditDirectory;
import com.bloomtext.shared.OrgId;

import org.springframework.stereotype.Component;

/** Tells the audit log viewer which patients an admin's patient filter means, by the directory's own search. */
@Component
class PatientsForAudit implements AuditDirectory {

    /** More matches than this and the admin should type more of the name. */
    private static final int MATCHES = 200;

    private final Patients patients;
    private final PatientRules rules;

    PatientsForAudit(Patients patients, PatientRules rules) {
        this.patients = patients;
        this.rules = rules;
    }

    @Override
    public List<UUID> patientsMatching(OrgId org, String typed) {
        return patients.search(org, typed, rules.phoneInSearch(typed), 0, MATCHES).stream()
                .map(patient -> patient.id().value()).toList();
    }
}
