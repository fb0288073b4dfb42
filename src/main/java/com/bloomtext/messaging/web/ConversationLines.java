package com.bloomtext.messaging.web;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.function.Supplier;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.accounts.StaffMember;
import com.bloomtext.messaging.Attachment;
import com.bloomtext.messaging.SecureChatPortal;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.Messages;
import com.bloomtext.messaging.rules.DeliveryState;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.Actor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/** A conversation's messages as its page shows them: the page itself and its live re-renders. */
@Component
class ConversationLines {

    private final Messages messages;
    private final StaffDirectory staff;
    private final PatientDirectory patients;
    /** The portal, if it runs: resolved once (asking the provider on every page walked the bean factory each time). */
    private final Supplier<SecureChatPortal> portal;

    ConversationLines(Messages messages, StaffDirectory staff, PatientDirectory patients,
            ObjectProvider<SecureChatPortal> portal) {
        this.messages = messages;
        this.staff = staff;
        this.patients = patients;
        this.portal = SingletonSupplier.of(portal::getIfAvailable);
    }

    List<InboxPages.MessageLine> of(Actor actor, Conversations.Conversation conversation, String patient) {
        // A live re-render: the conversation is checked again as the messages are read.
        SecureChatPortal secureChat = portal.get();
        return lines(actor, conversation, patient, patients.get(actor.orgId(), conversation.patient()).orElse(null),
                staff.profile(actor.orgId()).timeZone(), messages.contents(actor, conversation.id(), 0),
                secureChat == null ? null : secureChat.latestViewed(actor.orgId(), conversation.id()).orElse(null));
    }

    /**
     * The lines of a conversation the page has just found visible ({@link Conversations#require}), from the
     * contents, receipt (or null), patient and time zone it has already read.
     */
    List<InboxPages.MessageLine> of(Actor actor, Conversations.Conversation conversation, String patient,
            PatientSummary summary, ZoneId zone, Messages.Contents contents, SecureChatPortal.Viewed viewed) {
        return lines(actor, conversation, patient, summary, zone, contents, viewed);
    }

    private List<InboxPages.MessageLine> lines(Actor actor, Conversations.Conversation conversation, String patient,
            PatientSummary summary, ZoneId zone, Messages.Contents contents, SecureChatPortal.Viewed viewed) {
        var authors = staff.everyone(actor.orgId()).stream()
                .collect(Collectors.toMap(member -> member.id().value(), StaffMember::displayName));
        var files = contents.attachments().stream()
                .collect(Collectors.groupingBy(Attachment::messageId, Collectors.mapping(file -> new InboxPages.FileLink(
                        file.fileName(), file.displaySize(), MessagingRoutes.attachment(conversation.id(), file.id())),
                        Collectors.toList())));
        // The patient's avatar and "Viewed <time>" sit under the latest Secure Chat message they saw.
        InboxPages.Receipt receipt = viewed == null ? null : new InboxPages.Receipt(
                initials(summary), patient,
                "Viewed " + When.format(viewed.at(), zone));
        UUID receiptBelow = viewed == null ? null : viewed.message();
        return contents.messages().stream()
                .map(message -> new InboxPages.MessageLine(
                        message.inbound() ? patient
                                : message.author() == null ? "BloomText"
                                : authors.getOrDefault(message.author(), "Staff"),
                        When.format(message.at(), zone),
                        message.mode() == SendMode.SMS ? "SMS" : "Secure Chat", message.body(),
                        stateLabel(message), message.failureReason(), message.inbound(),
                        files.getOrDefault(message.id(), List.of()),
                        message.id().equals(receiptBelow) ? receipt : null))
                .toList();
    }

    private static String initials(PatientSummary patient) {
        if (patient == null) {
            return "P";
        }
        String letters = java.util.stream.Stream.of(patient.firstName(), patient.lastName())
                .filter(name -> name != null && !name.isBlank())
                .map(name -> name.strip().substring(0, 1).toUpperCase(java.util.Locale.ROOT))
                .collect(Collectors.joining());
        return letters.isEmpty() ? "P" : letters;
    }

    private static String stateLabel(Messages.MessageRow message) {
        if (message.inbound() || message.mode() == SendMode.SECURE_CHAT) {
            return null;
        }
        return DeliveryState.valueOf(message.state()).label();
    }
}
