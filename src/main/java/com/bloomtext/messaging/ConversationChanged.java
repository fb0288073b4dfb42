package com.bloomtext.messaging;

import java.util.UUID;

import com.bloomtext.shared.OrgId;

/**
 * Something a staff screen shows of a conversation changed (ids only, never PHI). Publish it with Spring's
 * {@code ApplicationEventPublisher} from any module, inside the transaction that made the change: once that
 * commits, the live-update hub records it and every node's open inboxes (the conversation's row) and
 * conversation pages whose users may see the conversation now re-render. The conversation's team is read
 * from the conversation itself.
 *
 * @param organization the conversation's organization
 * @param conversation the conversation's id
 * @param kind         what changed: an inbox moves the conversation's row to the top for a start or a new message,
 *                     leaves it in place for other changes, and leaves it alone for delivery states and read receipts
 */
public record ConversationChanged(OrgId organization, UUID conversation, Kind kind) {

    public ConversationChanged {
        if (organization == null || conversation == null || kind == null) {
            throw new IllegalArgumentException("A conversation change names its organization, conversation and kind");
        }
    }

    public enum Kind {
        /** A conversation was created (before its first message). */
        STARTED,
        /** A message was added, outbound or inbound. */
        MESSAGE_ADDED,
        /** A message's delivery state moved (sent, delivered, failed...). */
        DELIVERY_CHANGED,
        /** The patient viewed a secure message (the portal's read receipts). */
        READ_RECEIPT,
        /** Anything else a conversation screen shows (an attachment, a renamed patient...). */
        UPDATED
    }
}
