package com.bloomtext.portal.web;

import java.util.List;

/** One record per portal template. */
public final class PortalPages {

    private PortalPages() {
    }

    /**
     * The identity step. {@code dateOfBirth}: the patient types their DOB; otherwise a code goes to
     * their phone ({@code phone}) or email ({@code email}).
     */
    public record IdentityPage(String token, String organization, boolean dateOfBirth, boolean phone, boolean email,
            boolean codeSent, String notice, String problem) {

        public String verifyPath() {
            return PortalRoutes.verify(token);
        }

        public String codePath() {
            return PortalRoutes.code(token);
        }
    }

    /** An expired, voided, locked or unknown link: one page for all, naming nobody (it must not tell them apart). */
    public record UnavailablePage() {
    }

    public record Line(String author, boolean fromPatient, String when, String body, List<FileLine> files) {
    }

    /** A file of a message: its name and size, and where it downloads. */
    public record FileLine(String name, String size, String href) {
    }

    public record ConversationPage(String organization, List<String> staff, List<Line> messages, boolean repliesAllowed,
            String draft, String problem, String maxFileSize) {
    }

    /** A short page with a heading and one sentence: the session ended, signed out, too many tries. */
    public record NoticePage(String title, String text) {
    }
}
