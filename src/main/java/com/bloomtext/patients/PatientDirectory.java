package com.bloomtext.patients;

import java.util.List;
import java.util.Optional;

import com.bloomtext.patients.internal.PatientDetails;
import com.bloomtext.patients.internal.PatientRecords;
import com.bloomtext.patients.internal.PatientRules;
import com.bloomtext.patients.internal.Patients;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The patient directory as the new-conversation dialog uses it: find patients by name, phone, MRN or
 * email, and create one on the fly from a typed phone number or email.
 */
@Service
public class PatientDirectory {

    private final Patients patients;
    private final PatientRules rules;
    private final PatientRecords records;

    PatientDirectory(Patients patients, PatientRules rules, PatientRecords records) {
        this.patients = patients;
        this.rules = rules;
        this.records = records;
    }

    public List<PatientSummary> find(OrgId org, String typed, int limit) {
        return patients.search(org, typed, rules.phoneInSearch(typed), 0, limit);
    }

    /** What a staff user searched for and was shown (recorded in the audit log, without the search text). */
    public List<PatientSummary> find(Actor actor, String typed, int limit, String where) {
        List<PatientSummary> found = find(actor.orgId(), typed, limit);
        records.listed(actor, where, found.size());
        return found;
    }

    public Optional<PatientSummary> get(OrgId org, PatientId id) {
        return patients.find(org, id);
    }

    /**
     * Several patients' {@link PatientSummary#displayName() display names} in one query (an inbox page's 200 rows),
     * by id; archived ones are absent. Reads only what a name shows: no date of birth or MRN, and a phone or email
     * only for a patient without a name.
     */
    public java.util.Map<PatientId, String> displayNames(OrgId org, java.util.Collection<PatientId> ids) {
        return patients.displayNames(org, ids);
    }

    /**
     * The patient with this phone number or email, created on the fly when there is none.
     *
     * @throws IllegalArgumentException with the reason when the text is neither a phone number nor an email
     */
    @Transactional
    public PatientSummary findOrCreate(Actor actor, String phoneOrEmail) {
        String typed = phoneOrEmail == null ? "" : phoneOrEmail.strip();
        if (typed.contains("@")) {
            String email = rules.email(typed);
            return patients.withEmail(actor.orgId(), email).orElseGet(() -> created(actor,
                    new PatientDetails(null, null, null, email, null, null)));
        }
        E164 phone = rules.phone(typed);
        if (phone == null) {
            throw new IllegalArgumentException("Type the patient's phone number or email.");
        }
        return patients.withPhone(actor.orgId(), phone).orElseGet(() -> created(actor,
                new PatientDetails(null, null, phone, null, null, null)));
    }

    /**
     * The patient a text came from, matched by phone; an unknown phone becomes a patient with just that
     * number (shown by its number until staff name them).
     */
    @Transactional
    public PatientSummary fromInboundText(OrgId org, E164 phone) {
        return patients.withPhone(org, phone).orElseGet(() -> {
            PatientId id = records.createFromInbound(org, new PatientDetails(null, null, phone, null, null, null));
            return patients.find(org, id).orElseThrow();
        });
    }

    private PatientSummary created(Actor actor, PatientDetails details) {
        PatientId id = records.create(actor, details);
        return patients.find(actor.orgId(), id).orElseThrow();
    }

}
