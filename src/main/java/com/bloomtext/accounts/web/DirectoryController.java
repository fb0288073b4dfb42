package com.bloomtext.accounts.web;

import com.bloomtext.accounts.domain.Coworkers;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.Shell;
import com.bloomtext.ui.Shells;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Directory → Coworkers: who works in the organization, for everyone on its staff. */
@Controller
class DirectoryController {

    private final Coworkers coworkers;
    private final Shells shells;

    DirectoryController(Coworkers coworkers, Shells shells) {
        this.coworkers = coworkers;
        this.shells = shells;
    }

    @GetMapping(Shell.DIRECTORY)
    String directory(HttpServletRequest request) {
        return "redirect:" + shells.current(request).orElseThrow().firstDirectoryPath();
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
