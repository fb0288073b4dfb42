package com.bloomtext.messaging.web;

import com.bloomtext.messaging.internal.MessagingPolicy;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.NavLink;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → the organization → Messaging: whether an SMS that looks like PHI is blocked. Admins only. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class MessagingSettingsController {

    static final String PATH = "/settings/organization/messaging";

    private final MessagingPolicy policy;

    MessagingSettingsController(MessagingPolicy policy) {
        this.policy = policy;
    }

    @GetMapping(PATH)
    String settings(@AuthenticationPrincipal Actor admin, Model model) {
        model.addAttribute("blockPhi", policy.blocksPhiSms(admin.orgId()));
        return "messaging/settings";
    }

    @PostMapping(PATH)
    String save(@AuthenticationPrincipal Actor admin, @RequestParam(defaultValue = "false") boolean blockPhi,
            RedirectAttributes redirect) {
        policy.blockPhiSms(admin, blockPhi);
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:" + PATH;
    }

    @Configuration(proxyBeanMethods = false)
    static class Navigation {

        @Bean
        NavLink messagingTab() {
            return new NavLink(NavLink.Area.ORGANIZATION_SETTINGS, "Messaging", PATH, NavLink.Visibility.ADMINS, 40);
        }
    }
}
