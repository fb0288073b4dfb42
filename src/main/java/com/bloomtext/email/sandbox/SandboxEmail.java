package com.bloomtext.email.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An email kept in the sandbox outbox. */
public record SandboxEmail(UUID id, String to, String subject, String body, Instant sentAt) {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    /** The body cut into text and links, so the page can make links clickable without trusting the body. */
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = LINK.matcher(body);
        int at = 0;
        while (matcher.find()) {
            parts.add(new Part(body.substring(at, matcher.start()), false));
            parts.add(new Part(matcher.group(), true));
            at = matcher.end();
        }
        parts.add(new Part(body.substring(at), false));
        return parts;
    }

    public record Part(String text, boolean link) {
    }
}
