package com.bloomtext.ui;

/** Who the staff shell is drawn for: names as they are now, not as they were at sign-in. */
public record ShellUser(String displayName, String organizationName, boolean admin) {
}
