package com.bloomtext.ui;

import java.util.List;
import java.util.Locale;

/** The model of the staff shell around every signed-in page. */
public record Shell(ShellUser user, String currentPath, List<NavLink> settingsTabs, List<NavLink> directorySections,
        List<NavLink> sandboxTools) {

    public static final String INBOX = "/inbox";
    public static final String DIRECTORY = "/directory";
    public static final String SETTINGS = "/settings";
    public static final String SIGN_OUT = "/sign-out";
    /** The signed-in user's own two-step verification (the account menu links it). */
    public static final String TWO_STEP = "/settings/account/two-step";

    public boolean admin() {
        return user.admin();
    }

    public boolean in(String section) {
        return currentPath.equals(section) || currentPath.startsWith(section + "/");
    }

    public boolean at(String path) {
        return currentPath.equals(path);
    }

    /** Up to two initials for the avatar: "Dana Whitfield" is "DW". */
    public String initials() {
        String[] words = user.displayName().trim().split("\\s+");
        StringBuilder initials = new StringBuilder();
        for (String word : words) {
            if (!word.isEmpty() && initials.length() < 2) {
                initials.appendCodePoint(word.codePointAt(0));
            }
        }
        return initials.toString().toUpperCase(Locale.ROOT);
    }

    public String firstDirectoryPath() {
        return directorySections.isEmpty() ? DIRECTORY : directorySections.getFirst().path();
    }

    public String firstSettingsPath() {
        return settingsTabs.isEmpty() ? SETTINGS : settingsTabs.getFirst().path();
    }
}
