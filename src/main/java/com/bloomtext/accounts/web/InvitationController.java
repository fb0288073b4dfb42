package com.bloomtext.accounts.web;

import com.bloomtext.accounts.domain.AccountRuleException;
import com.bloomtext.accounts.domain.Coworkers;
import com.bloomtext.accounts.domain.InvitationPreview;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.accounts.security.SignInSessions;
import com.bloomtext.ui.FormErrors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The invitee's side of an invitation link: choose a name and a password, and join. */
@Controller
class InvitationController {

    static final String VIEW = "accounts/invitation";
    static final String INVALID_VIEW = "accounts/invitation-invalid";

    private final Coworkers coworkers;
    private final SignInSessions signInSessions;

    InvitationController(Coworkers coworkers, SignInSessions signInSessions) {
        this.coworkers = coworkers;
        this.signInSessions = signInSessions;
    }

    @GetMapping(AccountsRoutes.INVITATION + "{token}")
    String open(@PathVariable String token, Model model, HttpServletResponse response) {
        return coworkers.preview(token)
                .map(preview -> page(model, token, preview, Forms.AcceptForm.empty(), FormErrors.none()))
                .orElseGet(() -> invalid(response));
    }

    @PostMapping(AccountsRoutes.INVITATION + "{token}")
    String accept(@PathVariable String token, @Valid @ModelAttribute("form") Forms.AcceptForm form,
            BindingResult binding, Model model, HttpServletRequest request, HttpServletResponse response) {
        var preview = coworkers.preview(token);
        if (preview.isEmpty()) {
            return invalid(response);
        }
        if (binding.hasErrors()) {
            return page(model, token, preview.get(), form, FormErrors.of(binding));
        }
        try {
            StaffUser member = coworkers.accept(token, form.yourName(), form.password());
            signInSessions.signIn(member, request, response);
            return "redirect:" + AccountsRoutes.INBOX;
        } catch (AccountRuleException e) {
            return page(model, token, preview.get(), form, FormErrors.onField(e.field(), e.getMessage()));
        }
    }

    private static String page(Model model, String token, InvitationPreview preview, Forms.AcceptForm form,
            FormErrors errors) {
        model.addAttribute("page", new Pages.InvitationPage(token, preview.organizationName(), preview.email(),
                new Forms.AcceptForm(form.yourName(), ""), errors));
        return VIEW;
    }

    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return INVALID_VIEW;
    }
}
