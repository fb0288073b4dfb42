package com.bloomtext.accounts.web;

/** The accounts module's paths, shared by controllers and templates so a renamed route is a compile error. */
public final class AccountsRoutes {

    public static final String WELCOME = "/welcome";
    public static final String SIGN_IN = "/sign-in";
    public static final String SIGN_OUT = "/sign-out";
    public static final String INBOX = "/inbox";
    public static final String COWORKERS = "/directory/coworkers";
    public static final String SETTINGS = "/settings";
    public static final String ORGANIZATION = "/settings/organization";
    public static final String GENERAL = "/settings/organization/general";
    public static final String USERS = "/settings/organization/users";
    public static final String INVITATIONS = USERS + "/invitations";
    public static final String INVITATION = "/invitations/";
    public static final String SECURITY = "/settings/organization/security";

    private AccountsRoutes() {
    }

    public static String invitationResend(Object id) {
        return INVITATIONS + "/" + id + "/resend";
    }

    public static String invitationRevoke(Object id) {
        return INVITATIONS + "/" + id + "/revoke";
    }

    public static String userRole(Object id) {
        return USERS + "/" + id + "/role";
    }

    public static String userMfaReset(Object id) {
        return USERS + "/" + id + "/mfa-reset";
    }

    public static String userDeactivation(Object id) {
        return USERS + "/" + id + "/deactivate";
    }
}
