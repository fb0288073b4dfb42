package com.bloomtext.accounts.web;

import com.bloomtext.accounts.domain.AccountRuleException;
import com.bloomtext.accounts.domain.SignUp;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.accounts.security.SignInSessions;
import com.bloomtext.shared.CurrentActor;
import com.bloomtext.ui.FormErrors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** The welcome page: "Create an organization". */
@Controller
class WelcomeController {

    static final String VIEW = "accounts/welcome";

    private final SignUp signUp;
    private final SignInSessions signInSessions;

    WelcomeController(SignUp signUp, SignInSessions signInSessions) {
        this.signUp = signUp;
        this.signInSessions = signInSessions;
    }

    @GetMapping("/")
    String root() {
        return "redirect:" + (CurrentActor.find().isPresent() ? AccountsRoutes.INBOX : AccountsRoutes.WELCOME);
    }

    @GetMapping(AccountsRoutes.WELCOME)
    String welcome(Model model) {
        if (CurrentActor.find().isPresent()) {
            return "redirect:" + AccountsRoutes.INBOX;
        }
        model.addAttribute("page", new Pages.WelcomePage(Forms.SignUpForm.empty(), FormErrors.none()));
        return VIEW;
    }

    @PostMapping(AccountsRoutes.WELCOME)
    String createOrganization(@Valid @ModelAttribute("form") Forms.SignUpForm form, BindingResult binding, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        if (binding.hasErrors()) {
            return again(model, form, FormErrors.of(binding));
        }
        try {
            StaffUser admin = signUp.createOrganization(form.organizationName(), form.yourName(), form.email(),
                    form.password());
            signInSessions.signIn(admin, request, response);
            return "redirect:" + AccountsRoutes.INBOX;
        } catch (AccountRuleException e) {
            return again(model, form, FormErrors.onField(e.field(), e.getMessage()));
        }
    }

    private static String again(Model model, Forms.SignUpForm form, FormErrors errors) {
        var withoutPassword = new Forms.SignUpForm(form.organizationName(), form.yourName(), form.email(), "");
        model.addAttribute("page", new Pages.WelcomePage(withoutPassword, errors));
        return VIEW;
    }
}
