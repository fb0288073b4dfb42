package com.bloomtext.shared.mail;

import java.util.Objects;

import com.bloomtext.shared.OrgId;

/**
 * One plain-text email to one recipient, sent on behalf of an organization. Bodies carry no PHI: names
 * of organizations and links only.
 */
public record OutgoingEmail(OrgId organization, String to, String subject, String text) {

    public OutgoingEmail {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
