package com.bloomtext.portal.web;

import com.bloomtext.messaging.SecureChat;
import com.bloomtext.portal.links.LinkNotifications;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Staff's "Resend link" in a conversation they may see: a new link, the old one void, the lockout reset,
 * the patient told again. Anyone else gets "not found".
 */
@Controller
class ResendLinkController {

    private final LinkNotifications notifications;

    ResendLinkController(LinkNotifications notifications) {
        this.notifications = notifications;
    }

    @PostMapping(SecureChat.RESEND_LINK)
    String resend(@AuthenticationPrincipal Actor actor, @PathVariable String id) {
        var conversation = NotFoundException.idOf(id, "Conversation");
        notifications.resend(actor, conversation);
        return "redirect:" + SecureChat.conversationPath(conversation);
    }
}
