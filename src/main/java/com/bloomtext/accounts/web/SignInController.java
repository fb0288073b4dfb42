package com.bloomtext.accounts.web;

import java.time.Duration;

import com.bloomtext.shared.CurrentActor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the form's POST. */
@Controller
class SignInController {

    private final Duration pause;
    private final Duration idleTimeout;

    SignInController(@Value("${bloomtext.security.sign-in.window:15m}") Duration pause,
            @Value("${server.servlet.session.timeout:15m}") Duration idleTimeout) {
        this.pause = pause;
        this.idleTimeout = idleTimeout;
    }

    @GetMapping(AccountsRoutes.SIGN_IN)
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String paused,
            @RequestParam(name = "signed-out", required = false) String signedOut,
            @RequestParam(required = false) String ended, Model model) {
        if (CurrentActor.find().isPresent()) {
            return "redirect:" + AccountsRoutes.INBOX;
        }
        String problem = null;
        if (paused != null) {
            problem = "Too many failed sign-in attempts. For your security, sign-in is paused for "
                    + pause.toMinutes() + " minutes. Try again later, or ask an administrator for help.";
        } else if (error != null) {
            problem = "That email and password don't match an active account. Check them and try again.";
        }
        String notice = null;
        if (signedOut != null) {
            notice = "You are signed out.";
        } else if (ended != null) {
            notice = "Your session has ended. Sign in again to continue.";
        }
        model.addAttribute("page", new Pages.SignInPage("", problem, notice, idleTimeout.toMinutes()));
        return "accounts/sign-in";
    }
}
