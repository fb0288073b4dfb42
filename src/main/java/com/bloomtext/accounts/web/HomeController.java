package com.bloomtext.accounts.web;

import com.bloomtext.accounts.domain.Coworkers;
import com.bloomtext.accounts.domain.OrganizationSettings;
import com.bloomtext.shared.Actor;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where staff land after signing in. Until conversations exist it shows the organization's first steps;
 * the messaging module's inbox takes this place when it arrives.
 */
@Controller
class HomeController {

    private final OrganizationSettings settings;
    private final Coworkers coworkers;

    HomeController(OrganizationSettings settings, Coworkers coworkers) {
        this.settings = settings;
        this.coworkers = coworkers;
    }

    @GetMapping(AccountsRoutes.INBOX)
    String home(@AuthenticationPrincipal Actor actor, Model model) {
        var organization = settings.current(actor);
        var staff = coworkers.staff(actor);
        String name = staff.stream().filter(user -> user.id().equals(actor.userId())).findFirst()
                .map(user -> user.displayName().split("\\s+")[0]).orElse("");
        boolean invited = staff.size() > 1 || (actor.admin() && !coworkers.openInvitations(actor).isEmpty());
        model.addAttribute("page", new Pages.HomePage(name, actor.admin(), !organization.address().blank(), invited));
        return "accounts/home";
    }
}
