package com.bloomtext.ui;

/**
 * An entry that a module contributes to the staff shell, declared as a bean: a tab of Settings → the
 * organization ("General", "Users", later "Plan"), or a section of the Directory ("Coworkers", later
 * "Phone numbers", "Patients"), or a sandbox tool ("Sandbox outbox", later the sandbox patient phone).
 */
public record NavLink(Area area, String label, String path, Visibility visibility, int order) {

    /** Where the link shows: a Settings tab, a Directory section, or a sandbox tool in the sidebar's foot. */
    public enum Area { ORGANIZATION_SETTINGS, DIRECTORY, SANDBOX_TOOLS }

    public enum Visibility { EVERYONE, ADMINS }

    public boolean visibleTo(boolean admin) {
        return visibility == Visibility.EVERYONE || admin;
    }
}
