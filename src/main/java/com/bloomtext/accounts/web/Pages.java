package com.bloomtext.accounts.web;

import java.time.LocalDate;
import java.util.List;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.ui.FormErrors;

/** One record per accounts template: what each page shows. */
public final class Pages {

    private Pages() {
    }

    public record WelcomePage(Forms.SignUpForm form, FormErrors errors) {
    }

    public record SignInPage(String email, String problem, String notice, long idleMinutes) {
    }

    public record CoworkersPage(List<CoworkerRow> coworkers) {
    }

    public record CoworkerRow(String name, String email, StaffRole role) {
    }

    public record SettingsPage(String organizationName) {
    }

    public record GeneralPage(Forms.GeneralForm form, FormErrors errors, boolean editable, List<String> timeZones) {
    }

    public record UsersPage(List<UserRow> users, List<InvitationRow> invitations, Forms.InviteForm inviteForm,
            FormErrors errors) {
    }

    public record UserRow(String id, String name, String email, StaffRole role, boolean active, boolean you,
            LocalDate joined) {
    }

    public record InvitationRow(String id, String email, LocalDate sent, LocalDate expires) {
    }

    public record InvitationPage(String token, String organizationName, String email, Forms.AcceptForm form,
            FormErrors errors) {
    }
}
