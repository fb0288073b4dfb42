package com.bloomtext.messaging.web;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.accounts.StaffMember;
import com.bloomtext.messaging.Attachment;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.messaging.internal.Attachments;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.Messages;
import com.bloomtext.messaging.rules.DeliveryState;
import com.bloomtext.shared.Actor;

import org.springframework.stereotype.Component;

/** A conversation's messages as its page shows them: the page itself and its live re-renders. */
@Component
class ConversationLines {

    private final Messages messages;
    private final Attachments attachments;
    private final StaffDirectory staff;

    ConversationLines(Messages messages, Attachments attachments, StaffDirectory staff) {
        this.messages = messages;
        this.attachments = attachments;
        this.staff = staff;
    }

    List<InboxPages.MessageLine> of(Actor actor, Conversations.Conversation conversation, String patient) {
        ZoneId zone = staff.profile(actor.orgId()).timeZone();
        var authors = staff.everyone(actor.orgId()).stream()
                .collect(Collectors.toMap(member -> member.id().value(), StaffMember::displayName));
        var files = attachments.of(actor.orgId(), conversation.id()).stream()
                .collect(Collectors.groupingBy(Attachment::messageId, Collectors.mapping(file -> new InboxPages.FileLink(
                        file.fileName(), file.displaySize(), MessagingRoutes.attachment(conversation.id(), file.id())),
                        Collectors.toList())));
        return messages.of(actor, conversation.id()).stream()
                .map(message -> new InboxPages.MessageLine(
                        message.inbound() ? patient
                                : message.author() == null ? "BloomText"
                                : authors.getOrDefault(message.author(), "Staff"),
                        InboxView.WHEN.format(message.at().atZone(zone)),
                        message.mode() == SendMode.SMS ? "SMS" : "Secure Chat", message.body(),
                        stateLabel(message), message.failureReason(), message.inbound(),
                        files.getOrDefault(message.id(), List.of())))
                .toList();
    }

    private static String stateLabel(Messages.MessageRow message) {
        if (message.inbound() || message.mode() == SendMode.SECURE_CHAT) {
            return null;
        }
        return DeliveryState.valueOf(message.state()).label();
    }
}
