package com.bloomtext.messaging;

/** How a message reaches the patient. */
public enum SendMode {
    /** A link to the verified patient portal: for anything with PHI. Always available with a patient. */
    SECURE_CHAT("Secure Chat"),
    /** A plain text from the organization's number: reminders, directions, no PHI. */
    SMS("SMS (Text Message)");

    private final String label;

    SendMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
