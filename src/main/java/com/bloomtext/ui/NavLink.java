package com.bloomtext.ui;

/**
 * An entry that a module contributes to the staff shell, declared as a bean: a tab of Settings → the
 * organization ("General", "Users", later "Plan"), or a section of the Directory ("Coworkers", later
 * "Phone numbers", "Patients"), or a sandbox tool ("Sandbox outbox", later the sandbox patient phone).
 */
public record NavLink(Area area, String label, String path, Visibility visibility, int order) {

    /**
     * Where the link shows: a Settings tab, a Directory section, a sandbox tool in the sidebar's foot, or
     * an action of the Plan tab once the plan includes SMS ("Select a phone number").
     */
    public enum Area { ORGANIZATION_SETTINGS, DIRECTORY, SANDBOX_TOOLS, PLAN_ACTIONS }

    public enum Visibility { EVERYONE, ADMINS }

    public boolean visibleTo(boolean admin) {
        return visibility == Visibility.EVERYONE || admin;
    }
}
