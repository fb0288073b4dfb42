package com.bloomtext.messaging.web;

/** The messaging module's paths, shared by controllers and templates. */
public final class MessagingRoutes {

    public static final String INBOX = "/inbox";
    public static final String NEW = "/inbox/new";
    public static final String FIND = "/inbox/new/find";
    /** The inbox's live stream (server-sent events). */
    public static final String INBOX_LIVE = "/inbox/live";
    /** The inbox icon's views: all conversations, or one team's (posted). */
    public static final String SCOPE = "/inbox/scope";
    /** Conversation search (posted: what is typed can be PHI). */
    public static final String SEARCH = "/inbox/search";
    /** The htmx extension that keeps a live page's stream. */
    public static final String SSE_SCRIPT = "/webjars/htmx-ext-sse/sse.js";
    public static final String SANDBOX_PHONE = "/sandbox/phone";
    public static final String SANDBOX_PHONE_OPEN = "/sandbox/phone/open";

    private MessagingRoutes() {
    }

    public static final String ATTACHMENT = INBOX + "/c/{conversationId}/files/{attachmentId}";

    public static String conversation(Object id) {
        return INBOX + "/c/" + id;
    }

    /** A file's download: ids only, never the file name. */
    public static String attachment(Object conversationId, Object attachmentId) {
        return conversation(conversationId) + "/files/" + attachmentId;
    }

    /** A conversation page's live stream, starting after the live event the page was drawn at. */
    public static String live(Object conversation, long after) {
        return conversation(conversation) + "/live?after=" + after;
    }
}
