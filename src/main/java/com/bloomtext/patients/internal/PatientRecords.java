package com.bloomtext.patients.internal;

import java.time.Clock;
import java.util.Optional;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.PatientId;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, viewing, changing and archiving patient records, each audited. */
@Service
public class PatientRecords {

    private final Patients patients;
    private final AuditLog auditLog;
    private final Clock clock;

    PatientRecords(Patients patients, AuditLog auditLog, Clock clock) {
        this.patients = patients;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** @throws DuplicateMrnException when another patient already has the MRN */
    @Transactional
    public PatientId create(Actor actor, PatientDetails details) {
        refuseTakenMrn(actor, details, null);
        PatientId id = PatientId.random();
        try {
            patients.add(actor.orgId(), id, details, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new DuplicateMrnException(patients.withMrn(actor.orgId(), details.mrn()).orElseThrow());
        }
        auditLog.record(actor, AuditAction.PATIENT_CREATED, AuditTarget.of("patient", id), Outcome.SUCCESS, null);
        return id;
    }

    /** A patient nobody on staff created: their text arrived from an unknown phone. */
    @Transactional
    public PatientId createFromInbound(com.bloomtext.shared.OrgId org, PatientDetails details) {
        PatientId id = PatientId.random();
        patients.add(org, id, details, clock.instant());
        auditLog.recordAnonymous(org, AuditAction.PATIENT_CREATED, AuditTarget.of("patient", id), Outcome.SUCCESS,
                "from an inbound text");
        return id;
    }

    @Transactional
    public void update(Actor actor, PatientId id, PatientDetails details) {
        patients.find(actor.orgId(), id).orElseThrow(() -> new NotFoundException("Patient"));
        refuseTakenMrn(actor, details, id);
        try {
            patients.update(actor.orgId(), id, details, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new DuplicateMrnException(patients.withMrn(actor.orgId(), details.mrn()).orElseThrow());
        }
        auditLog.record(actor, AuditAction.PATIENT_UPDATED, AuditTarget.of("patient", id), Outcome.SUCCESS, null);
    }

    /** Opens a patient's record: an audited view of PHI. */
    @Transactional
    public PatientSummary view(Actor actor, PatientId id) {
        PatientSummary patient = patients.find(actor.orgId(), id).orElseThrow(() -> new NotFoundException("Patient"));
        auditLog.record(actor, AuditAction.PATIENT_VIEWED, AuditTarget.of("patient", id), Outcome.SUCCESS, null);
        return patient;
    }

    /**
     * Records that a list of patients was shown: the directory's pages and searches, the new-conversation
     * dialog's matches. What was searched for is PHI and is not recorded; how many were shown is.
     */
    public void listed(Actor actor, String where, int shown) {
        auditLog.record(actor, AuditAction.PATIENTS_LISTED, AuditTarget.of("organization", actor.orgId()),
                Outcome.SUCCESS, where + ", " + shown + " shown");
    }

    /** Hides the patient from lists and search; the record is kept. */
    @Transactional
    public void archive(Actor actor, PatientId id) {
        patients.find(actor.orgId(), id).orElseThrow(() -> new NotFoundException("Patient"));
        patients.archive(actor.orgId(), id, clock.instant());
        auditLog.record(actor, AuditAction.PATIENT_ARCHIVED, AuditTarget.of("patient", id), Outcome.SUCCESS, null);
    }

    private void refuseTakenMrn(Actor actor, PatientDetails details, PatientId self) {
        if (details.mrn() == null) {
            return;
        }
        Optional<PatientSummary> holder = patients.withMrn(actor.orgId(), details.mrn());
        if (holder.isPresent() && !holder.get().id().equals(self)) {
            throw new DuplicateMrnException(holder.get());
        }
    }

    /** The MRN belongs to another patient of the organization, who is named for the staff user. */
    public static class DuplicateMrnException extends RuntimeException {

        private final PatientSummary holder;

        DuplicateMrnException(PatientSummary holder) {
            super("MRN already in use", null, false, false);
            this.holder = holder;
        }

        public PatientSummary holder() {
            return holder;
        }
    }
}
