package com.bloomtext.accounts.web;

import java.util.Arrays;

import com.bloomtext.accounts.mfa.MfaPolicy;
import com.bloomtext.accounts.mfa.TwoStepVerification;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.FormErrors;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → the organization → Security: who must use two-step verification. Administrators only. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class SecuritySettingsController {

    static final String VIEW = "accounts/security";

    private final TwoStepVerification twoStep;

    SecuritySettingsController(TwoStepVerification twoStep) {
        this.twoStep = twoStep;
    }

    @GetMapping(AccountsRoutes.SECURITY)
    String security(@AuthenticationPrincipal Actor admin, Model model) {
        model.addAttribute("page", new Pages.SecurityPage(twoStep.policy(admin.orgId()), FormErrors.none()));
        return VIEW;
    }

    @PostMapping(AccountsRoutes.SECURITY)
    String change(@AuthenticationPrincipal Actor admin, @RequestParam(defaultValue = "") String policy, Model model,
            RedirectAttributes redirect) {
        var chosen = Arrays.stream(MfaPolicy.values()).filter(p -> p.name().equals(policy)).findFirst();
        if (chosen.isEmpty()) {
            model.addAttribute("page", new Pages.SecurityPage(twoStep.policy(admin.orgId()),
                    FormErrors.onForm("Choose who must use two-step verification.")));
            return VIEW;
        }
        twoStep.changePolicy(admin, chosen.get());
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:" + AccountsRoutes.SECURITY;
    }
}
