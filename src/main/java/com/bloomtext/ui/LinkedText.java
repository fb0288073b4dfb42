package com.bloomtext.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text cut into plain parts and web links, so a page can make links clickable while every part is
 * still escaped as text (the text itself is never trusted as markup).
 */
public final class LinkedText {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private LinkedText() {
    }

    public static List<Part> parts(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = LINK.matcher(text);
        int at = 0;
        while (matcher.find()) {
            parts.add(new Part(text.substring(at, matcher.start()), false));
            parts.add(new Part(matcher.group(), true));
            at = matcher.end();
        }
        parts.add(new Part(text.substring(at), false));
        return parts;
    }

    public record Part(String text, boolean link) {
    }
}
