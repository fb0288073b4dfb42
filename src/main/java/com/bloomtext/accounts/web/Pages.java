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
            LocalDate joined, boolean twoStep) {
    }

    public record SignInCodePage(String problem) {
    }

    /**
     * The user's own two-step verification: on (with how many recovery codes are left), being set up (the
     * secret, its otpauth:// URI and QR code), or just turned on (the recovery codes, shown this once).
     */
    public record TwoStepPage(boolean enrolled, boolean required, String secret, String uri, String qrCode,
            List<String> recoveryCodes, int recoveryCodesLeft, String problem) {
    }

    public record SecurityPage(com.bloomtext.accounts.mfa.MfaPolicy policy, FormErrors errors) {
    }

    public record InvitationRow(String id, String email, LocalDate sent, LocalDate expires) {
    }

    public record InvitationPage(String token, String organizationName, String email, Forms.AcceptForm form,
            FormErrors errors) {
    }
}
