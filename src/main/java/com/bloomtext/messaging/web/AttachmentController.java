package com.bloomtext.messaging.web;

import java.io.IOException;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.AttachmentContent;
import com.bloomtext.messaging.internal.Attachments;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A conversation's attachment, downloaded by a staff user who may see the conversation (others: 404). Always
 * as a download, with the sniffed type, never cached; every download audited.
 */
@Controller
class AttachmentController {

    private final Conversations conversations;
    private final Attachments attachments;
    private final AuditLog auditLog;

    AttachmentController(Conversations conversations, Attachments attachments, AuditLog auditLog) {
        this.conversations = conversations;
        this.attachments = attachments;
        this.auditLog = auditLog;
    }

    @GetMapping(MessagingRoutes.ATTACHMENT)
    void download(@AuthenticationPrincipal Actor actor, @PathVariable String conversationId,
            @PathVariable String attachmentId, HttpServletResponse response) throws IOException {
        Conversations.Conversation conversation = conversations.require(actor,
                NotFoundException.idOf(conversationId, "Conversation"));
        try (AttachmentContent file = attachments.open(actor.orgId(), conversation.id(),
                NotFoundException.idOf(attachmentId, "Attachment"))) {
            auditLog.record(actor, AuditAction.FILE_DOWNLOADED, AuditTarget.of("attachment", file.attachment().id()),
                    Outcome.SUCCESS, null);
            file.sendAsDownload(response);
        }
    }
}
