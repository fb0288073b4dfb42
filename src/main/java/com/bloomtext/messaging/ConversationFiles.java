package com.bloomtext.messaging;

import java.io.InputStream;
import java.util.List;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.internal.Attachments;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A conversation's files, for the patient portal: the patient lists, downloads and uploads attachments.
 * The portal calls it only after it has verified that its session's patient is this conversation's patient;
 * this type checks that the conversation, message and attachment belong to the organization (else
 * {@link NotFoundException}), and audits every upload and download with the patient as the actor.
 * Staff pages use the messaging module's own routes instead.
 */
@Service
public class ConversationFiles {

    private final Attachments attachments;
    private final AuditLog auditLog;

    ConversationFiles(Attachments attachments, AuditLog auditLog) {
        this.attachments = attachments;
        this.auditLog = auditLog;
    }

    /** Every attachment of the conversation, oldest first; {@link Attachment#messageId()} places each. */
    public List<Attachment> list(OrgId organization, UUID conversationId) {
        return attachments.of(organization, conversationId);
    }

    /**
     * The attachment's decrypted content, audited as a download by the patient. Send it with
     * {@code Content-Disposition: attachment}, the attachment's {@code contentType}, {@code nosniff} and
     * {@code Cache-Control: no-store}, and close it.
     *
     * @throws NotFoundException when the organization's conversation has no such attachment
     * @throws RuntimeException  (files' {@code FileUnreadable}) when the stored bytes fail their integrity check
     */
    public AttachmentContent open(PatientActor patient, UUID conversationId, UUID attachmentId) {
        AttachmentContent content = attachments.open(patient.orgId(), conversationId, attachmentId);
        auditLog.record(patient, AuditAction.FILE_DOWNLOADED, AuditTarget.of("attachment", attachmentId),
                Outcome.SUCCESS, "patient");
        return content;
    }

    /**
     * The patient's upload, attached to their Secure Chat message {@code messageId} of this conversation
     * (the reply it came with). Reads {@code content} to its end; the caller closes it.
     *
     * @param fileName as the patient's device named it; cleaned of folders and control characters
     * @throws AttachmentRefused   empty, too large, a type that is not allowed, or the message is not Secure Chat:
     *                             show its message to the patient
     * @throws NotFoundException when the organization's conversation has no such message
     */
    @Transactional
    public Attachment attach(PatientActor patient, UUID conversationId, UUID messageId, String fileName,
            InputStream content) {
        Attachment attachment = attachments.attach(patient.orgId(), conversationId, messageId, fileName, content);
        auditLog.record(patient, AuditAction.FILE_ATTACHED, AuditTarget.of("attachment", attachment.id()),
                Outcome.SUCCESS, "patient");
        return attachment;
    }
}
