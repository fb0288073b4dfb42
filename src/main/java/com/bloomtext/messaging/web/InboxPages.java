package com.bloomtext.messaging.web;

import java.util.List;

/** One record per messaging template. */
public final class InboxPages {

    /** The most rows the inbox list shows: live updates that bring a row to the top drop the last (live-inbox.js). */
    public static final int ROW_LIMIT = com.bloomtext.messaging.internal.Conversations.INBOX_LIMIT;

    private InboxPages() {
    }

    public record InboxRow(String id, String patient, String sentFrom, String when, String mode, boolean unread) {
    }

    /**
     * The inbox in the user's chosen scope.
     *
     * @param scopes the views the inbox icon switches between: "All conversations", then each of the user's teams
     */
    public record InboxPage(String firstName, boolean admin, String organizationName, List<InboxRow> conversations,
            List<ScopeChoice> scopes) {

        public ScopeChoice scope() {
            return scopes.stream().filter(ScopeChoice::current).findFirst().orElse(scopes.getFirst());
        }

        /** The first-run welcome belongs to an empty organization's full inbox, not to an empty team view. */
        public boolean welcome() {
            return conversations.isEmpty() && scope().all();
        }
    }

    /** One inbox view: {@code value} is {@link #ALL} or a team id; {@code unread} counts its unread conversations. */
    public record ScopeChoice(String value, String label, int unread, boolean current) {

        public static final String ALL = "all";

        public boolean all() {
            return ALL.equals(value);
        }

        /** The DOM id of its unread count, which live updates swap. */
        public String countId() {
            return "unread-" + value;
        }
    }

    /** A conversation that matched a search, with the newest matching message's text when a message matched. */
    public record SearchResult(InboxRow conversation, String matchedText) {
    }

    public record SearchPage(String query, List<SearchResult> results, String problem) {

        public boolean searched() {
            return problem == null && !query.isBlank();
        }
    }

    /** A patient the new-conversation dialog offers; {@code id} is null for one it would create. */
    public record PatientChoice(String id, String label, String contact) {
    }

    public record SendFrom(String value, String label) {
    }

    public record NewConversationPage(String query, List<PatientChoice> matches, PatientChoice create,
            List<SendFrom> sendFrom, String problem) {
    }

    public record MessageLine(String author, String when, String mode, String body, String state, String reason,
            boolean inbound, List<FileLink> files, Receipt receipt) {
    }

    /** An attachment's download link: its name and size as the conversation shows them. */
    public record FileLink(String name, String size, String href) {
    }

    /** The patient's avatar below the latest Secure Chat message they viewed. */
    public record Receipt(String initials, String patient, String viewed) {
    }

    /**
     * The conversation's Secure Chat link, for staff: its state, how the patient was told, the switch for
     * replies in the portal, and "Resend link".
     */
    public record SecureLinkPanel(String conversationId, String linkState, List<String> notices, boolean repliesAllowed) {
    }

    public record ModeFacts(String value, String label, String patientSees, String useWhen, String availability,
            boolean available, boolean selected) {
    }

    public record ConversationPage(String id, String patient, String sentFrom, boolean optedOut, List<MessageLine> messages,
            List<ModeFacts> modes, List<String> smsUnavailable, String draft, List<String> problems, boolean phiWarning,
            String maxFileSize, SecureLinkPanel secureLink) {

        /** "0 segments" for an empty composer, else the draft's count. */
        public String draftSegments() {
            int count = com.bloomtext.messaging.rules.SmsSegments.of(draft).segments();
            return count == 1 ? "1 segment" : count + " segments";
        }
    }

    public record PhoneText(boolean fromPatient, String number, String when, String body) {

        /** The text cut into words and links: links in sandbox texts open with a click. */
        public List<com.bloomtext.ui.LinkedText.Part> parts() {
            return com.bloomtext.ui.LinkedText.parts(body);
        }
    }

    public record SandboxPhonePage(String phone, List<PhoneText> texts, List<String> ourNumbers, String problem) {
    }
}
