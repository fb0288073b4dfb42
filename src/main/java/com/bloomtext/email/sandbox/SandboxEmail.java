package com.bloomtext.email.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bloomtext.ui.LinkedText;

/** An email kept in the sandbox outbox. */
public record SandboxEmail(UUID id, String to, String subject, String body, Instant sentAt) {

    /** The body cut into text and links, so the page can make links clickable without trusting the body. */
    public List<LinkedText.Part> parts() {
        return LinkedText.parts(body);
    }
}
