package com.bloomtext.accounts.web;

import com.bloomtext.accounts.domain.Coworkers;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.Shell;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Directory → Coworkers: who works in the organization, for everyone on its staff. */
@Controller
class DirectoryController {

    private final Coworkers coworkers;

    DirectoryController(Coworkers coworkers) {
        this.coworkers = coworkers;
    }

    @GetMapping(Shell.DIRECTORY)
    String directory(@ModelAttribute("shell") Shell shell) {
        return "redirect:" + shell.firstDirectoryPath();
    }

    @GetMapping(AccountsRoutes.COWORKERS)
    String coworkers(@AuthenticationPrincipal Actor actor, Model model) {
        var rows = coworkers.staff(actor).stream()
                .filter(StaffUser::active)
                .map(user -> new Pages.CoworkerRow(user.displayName(), user.email(), user.role()))
                .toList();
        model.addAttribute("page", new Pages.CoworkersPage(rows));
        return "accounts/coworkers";
    }
}
