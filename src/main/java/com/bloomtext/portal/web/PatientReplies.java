package com.bloomtext.portal.web;

import java.io.InputStream;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.ConversationFiles;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.portal.session.PortalPrincipal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The patient's reply with its photo or PDF, if any: both or neither (a refused file leaves no reply behind).
 */
@Service
class PatientReplies {

    private final SecureChat secureChat;
    private final ConversationFiles files;
    private final AuditLog auditLog;

    PatientReplies(SecureChat secureChat, ConversationFiles files, AuditLog auditLog) {
        this.secureChat = secureChat;
        this.files = files;
        this.auditLog = auditLog;
    }

    /** A file the patient chose: its name as their device sent it, and its bytes. */
    record Upload(String fileName, InputStream content) {
    }

    /**
     * @throws SecureChat.ReplyRefused when replies are off, or there is nothing to send
     * @throws com.bloomtext.messaging.AttachmentRefused when the file is empty, too large or not a photo or PDF
     */
    @Transactional
    UUID reply(PortalPrincipal patient, String body, Upload file) {
        UUID message = secureChat.replyFromPatient(patient.actor(), patient.conversation(), body, file != null);
        if (file != null) {
            files.attach(patient.actor(), patient.conversation(), message, file.fileName(), file.content());
        }
        auditLog.record(patient.actor(), AuditAction.PORTAL_REPLY_SENT, AuditTarget.of("message", message),
                Outcome.SUCCESS, file == null ? null : "with 1 file");
        return message;
    }
}
