package com.bloomtext.accounts.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.bloomtext.accounts.StaffRole;

/** The forms of the accounts pages: records made for binding, never the persistent objects. */
public final class Forms {

    private Forms() {
    }

    public record SignUpForm(
            @NotBlank(message = "Enter your organization's name.") @Size(max = 120, message = "Use at most 120 characters.") String organizationName,
            @NotBlank(message = "Enter your name.") @Size(max = 120, message = "Use at most 120 characters.") String yourName,
            @NotBlank(message = "Enter your email address.") @Email(message = "Enter an email address like name@example.com.") @Size(max = 254, message = "Use at most 254 characters.") String email,
            @NotBlank(message = "Choose a password.") String password) {

        static SignUpForm empty() {
            return new SignUpForm("", "", "", "");
        }
    }

    public record GeneralForm(
            @NotBlank(message = "Enter your organization's name.") @Size(max = 120, message = "Use at most 120 characters.") String name,
            @NotBlank(message = "Choose a time zone.") String timeZone,
            @Size(max = 200, message = "Use at most 200 characters.") String street,
            @Size(max = 100, message = "Use at most 100 characters.") String city,
            @Size(max = 50, message = "Use at most 50 characters.") String state,
            @Size(max = 20, message = "Use at most 20 characters.") String postalCode,
            String secureLinkDays) {
    }

    public record InviteForm(
            @NotBlank(message = "Enter your coworker's email address.") @Email(message = "Enter an email address like name@example.com.") @Size(max = 254, message = "Use at most 254 characters.") String email) {

        static InviteForm empty() {
            return new InviteForm("");
        }
    }

    public record RoleForm(@NotNull(message = "Choose a role.") StaffRole role) {
    }

    public record AcceptForm(
            @NotBlank(message = "Enter your name.") @Size(max = 120, message = "Use at most 120 characters.") String yourName,
            @NotBlank(message = "Choose a password.") String password) {

        static AcceptForm empty() {
            return new AcceptForm("", "");
        }
    }
}
