package com.bloomtext.messaging.web;

/** The messaging module's paths, shared by controllers and templates. */
public final class MessagingRoutes {

    public static final String INBOX = "/inbox";
    public static final String NEW = "/inbox/new";
    public static final String FIND = "/inbox/new/find";
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
}
