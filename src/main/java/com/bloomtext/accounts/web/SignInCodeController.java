package com.bloomtext.accounts.web;

import com.bloomtext.accounts.security.PendingSignIn;
import com.bloomtext.accounts.security.SecondStep;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in's second step, for users with two-step verification: the code after the password. */
@Controller
class SignInCodeController {

    static final String VIEW = "accounts/sign-in-code";

    private final SecondStep secondStep;

    SignInCodeController(SecondStep secondStep) {
        this.secondStep = secondStep;
    }

    @GetMapping(SecondStep.PATH)
    String codeForm(Model model) {
        model.addAttribute("page", new Pages.SignInCodePage(null));
        return VIEW;
    }

    @PostMapping(SecondStep.PATH)
    String enterCode(@AuthenticationPrincipal PendingSignIn pending, @RequestParam(defaultValue = "") String code,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String problem = switch (secondStep.attempt(pending, code, request, response)) {
            case SIGNED_IN -> null;
            case WRONG -> "That code didn't work. Enter the current code from your authenticator app, or one of "
                    + "your recovery codes.";
            case PAUSED -> "Too many wrong codes. For your security, sign-in is paused for "
                    + secondStep.pauseMinutes() + " minutes. Try again later, or ask an administrator for help.";
            case ENDED -> {
                SecurityContextHolder.clearContext();
                if (request.getSession(false) != null) {
                    request.getSession(false).invalidate();
                }
                yield "";
            }
        };
        if (problem == null) {
            return "redirect:" + AccountsRoutes.INBOX;
        }
        if (problem.isEmpty()) {
            return "redirect:" + AccountsRoutes.SIGN_IN + "?ended";
        }
        model.addAttribute("page", new Pages.SignInCodePage(problem));
        return VIEW;
    }
}
