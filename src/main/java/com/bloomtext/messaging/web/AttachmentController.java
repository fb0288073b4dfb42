package com.bloomtext.messaging.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
            sendAsDownload(file, response);
        }
    }

    /** A download, never rendered inline: the sniffed type, no sniffing by the browser, never cached. */
    static void sendAsDownload(AttachmentContent file, HttpServletResponse response) throws IOException {
        response.setContentType(file.attachment().contentType());
        response.setContentLengthLong(file.attachment().size());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(file.attachment().fileName(), StandardCharsets.UTF_8).build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (OutputStream out = response.getOutputStream()) {
            file.content().transferTo(out);
        }
    }
}
