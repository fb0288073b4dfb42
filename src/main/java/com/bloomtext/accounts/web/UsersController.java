package com.bloomtext.accounts.web;

import java.time.ZoneId;
import java.util.UUID;

import com.bloomtext.accounts.domain.AccountRuleException;
import com.bloomtext.accounts.domain.Coworkers;
import com.bloomtext.accounts.domain.OrganizationSettings;
import com.bloomtext.accounts.mfa.TwoStepVerification;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.UserId;
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.ui.FormErrors;

import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → the organization → Users: invitations, roles, deactivation. Administrators only. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class UsersController {

    static final String VIEW = "accounts/users";

    private final Coworkers coworkers;
    private final OrganizationSettings settings;
    private final AuditLog auditLog;
    private final TwoStepVerification twoStep;

    UsersController(Coworkers coworkers, OrganizationSettings settings, AuditLog auditLog, TwoStepVerification twoStep) {
        this.coworkers = coworkers;
        this.settings = settings;
        this.auditLog = auditLog;
        this.twoStep = twoStep;
    }

    @GetMapping(AccountsRoutes.USERS)
    String users(@AuthenticationPrincipal Actor admin, Model model) {
        return page(model, admin, Forms.InviteForm.empty(), FormErrors.none());
    }

    @PostMapping(AccountsRoutes.INVITATIONS)
    String invite(@AuthenticationPrincipal Actor admin, @Valid @ModelAttribute("form") Forms.InviteForm form,
            BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return page(model, admin, form, FormErrors.of(binding));
        }
        try {
            coworkers.invite(admin, form.email());
            redirect.addFlashAttribute("notice", "Invitation sent to " + form.email().strip() + ".");
        } catch (AccountRuleException e) {
            return page(model, admin, form, FormErrors.onField("email", e.getMessage()));
        } catch (MailDeliveryException e) {
            redirect.addFlashAttribute("notice",
                    "The invitation is saved, but the email could not be sent. Try Resend in a moment.");
        }
        return "redirect:" + AccountsRoutes.USERS;
    }

    @PostMapping(AccountsRoutes.INVITATIONS + "/{id}/resend")
    String resend(@AuthenticationPrincipal Actor admin, @PathVariable String id, RedirectAttributes redirect) {
        try {
            coworkers.resend(admin, invitationId(id));
            redirect.addFlashAttribute("notice", "A new invitation link was sent. The earlier link no longer works.");
        } catch (MailDeliveryException e) {
            redirect.addFlashAttribute("notice", "The email could not be sent. Try again in a moment.");
        }
        return "redirect:" + AccountsRoutes.USERS;
    }

    @PostMapping(AccountsRoutes.INVITATIONS + "/{id}/revoke")
    String revoke(@AuthenticationPrincipal Actor admin, @PathVariable String id, RedirectAttributes redirect) {
        coworkers.revoke(admin, invitationId(id));
        redirect.addFlashAttribute("notice", "Invitation withdrawn. Its link no longer works.");
        return "redirect:" + AccountsRoutes.USERS;
    }

    @PostMapping(AccountsRoutes.USERS + "/{id}/role")
    String changeRole(@AuthenticationPrincipal Actor admin, @PathVariable String id,
            @Valid @ModelAttribute("roleForm") Forms.RoleForm form, BindingResult binding, Model model,
            RedirectAttributes redirect) {
        UserId user = userId(id);
        if (binding.hasErrors()) {
            return page(model, admin, Forms.InviteForm.empty(), FormErrors.onForm("Choose a role: Admin or Member."));
        }
        try {
            coworkers.changeRole(admin, user, form.role());
        } catch (Coworkers.LastAdminException e) {
            return refused(model, admin, e);
        }
        redirect.addFlashAttribute("notice", "Role changed to " + form.role().label() + ".");
        return "redirect:" + AccountsRoutes.USERS;
    }

    @PostMapping(AccountsRoutes.USERS + "/{id}/deactivate")
    String deactivate(@AuthenticationPrincipal Actor admin, @PathVariable String id, Model model,
            RedirectAttributes redirect) {
        UserId user = userId(id);
        try {
            coworkers.deactivate(admin, user);
        } catch (Coworkers.LastAdminException e) {
            return refused(model, admin, e);
        }
        redirect.addFlashAttribute("notice", "User deactivated. They were signed out everywhere.");
        return "redirect:" + AccountsRoutes.USERS;
    }

    /** A coworker lost their phone: their two-step verification is turned off, and they set it up again. */
    @PostMapping(AccountsRoutes.USERS + "/{id}/mfa-reset")
    String resetTwoStep(@AuthenticationPrincipal Actor admin, @PathVariable String id, RedirectAttributes redirect) {
        twoStep.reset(admin, userId(id));
        redirect.addFlashAttribute("notice", "Two-step verification was reset. They set it up again at their next "
                + "sign-in if your organization requires it, or whenever they choose.");
        return "redirect:" + AccountsRoutes.USERS;
    }

    private String refused(Model model, Actor admin, Coworkers.LastAdminException e) {
        auditLog.record(admin, e.action(), AuditTarget.of("user", e.user()), Outcome.DENIED, "last administrator");
        return page(model, admin, Forms.InviteForm.empty(), FormErrors.onForm(e.getMessage()));
    }

    private String page(Model model, Actor admin, Forms.InviteForm form, FormErrors errors) {
        ZoneId zone = settings.current(admin).timeZone();
        var twoStepUsers = twoStep.enrolledUsers(admin.orgId());
        var users = coworkers.staff(admin).stream()
                .map(user -> new Pages.UserRow(user.id().toString(), user.displayName(), user.email(), user.role(),
                        user.active(), user.id().equals(admin.userId()), user.createdAt().atZone(zone).toLocalDate(),
                        twoStepUsers.contains(user.id())))
                .toList();
        var invitations = coworkers.openInvitations(admin).stream()
                .map(invitation -> new Pages.InvitationRow(invitation.id().toString(), invitation.email(),
                        invitation.createdAt().atZone(zone).toLocalDate(),
                        invitation.expiresAt().atZone(zone).toLocalDate()))
                .toList();
        model.addAttribute("page", new Pages.UsersPage(users, invitations, form, errors));
        return VIEW;
    }

    private static UserId userId(String id) {
        return UserId.parse(id).orElseThrow(() -> new NotFoundException("User"));
    }

    private static UUID invitationId(String id) {
        return NotFoundException.idOf(id, "Invitation");
    }
}
