package com.bloomtext.shared;

import java.util.Objects;

/**
 * A patient acting in the portal, after proving who they are for one secure link. Patients have no
 * account: they are known by their organization and record only.
 */
public record PatientActor(OrgId orgId, PatientId patientId) {

    public PatientActor {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(patientId, "patientId");
    }
}
