package com.bloomtext.accounts.web;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.accounts.mfa.TwoStepVerification;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.Shell;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in user's own two-step verification: set up an authenticator app (QR code or typed secret),
 * confirm it with a first code, and see the recovery codes once.
 */
@Controller
class TwoStepController {

    static final String VIEW = "accounts/two-step";

    private final TwoStepVerification twoStep;

    TwoStepController(TwoStepVerification twoStep) {
        this.twoStep = twoStep;
    }

    @GetMapping(Shell.TWO_STEP)
    String twoStep(@AuthenticationPrincipal Actor actor, Model model) {
        return page(model, actor, null);
    }

    @PostMapping(Shell.TWO_STEP)
    String confirm(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String code, Model model) {
        if (twoStep.enrolled(actor.userId())) {
            return "redirect:" + Shell.TWO_STEP;
        }
        var codes = twoStep.confirm(actor, code);
        if (codes.isEmpty()) {
            return page(model, actor, "That code didn't work. Enter the 6-digit code your authenticator app shows now.");
        }
        model.addAttribute("page", new Pages.TwoStepPage(true, false, null, null, null, codes.get(), 0, null));
        return VIEW;
    }

    private String page(Model model, Actor actor, String problem) {
        boolean required = twoStep.policy(actor.orgId()).requires(actor.admin() ? StaffRole.ADMIN : StaffRole.MEMBER);
        if (twoStep.enrolled(actor.userId())) {
            model.addAttribute("page", new Pages.TwoStepPage(true, required, null, null, null, null,
                    twoStep.remainingRecoveryCodes(actor.userId()), null));
        } else {
            var enrolment = twoStep.pendingEnrolment(actor);
            model.addAttribute("page", new Pages.TwoStepPage(false, required, enrolment.secret(), enrolment.uri(),
                    enrolment.qrCode(), null, 0, problem));
        }
        return VIEW;
    }
}
