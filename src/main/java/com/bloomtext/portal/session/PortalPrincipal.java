package com.bloomtext.portal.session;

import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;
import com.bloomtext.shared.PatientId;

/** A verified portal session: one patient, one link, so one conversation. */
public record PortalPrincipal(String sessionSha256, UUID link, OrgId organization, UUID conversation, PatientId patient) {

    public PatientActor actor() {
        return new PatientActor(organization, patient);
    }
}
