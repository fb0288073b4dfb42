package com.bloomtext.numbers.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.accounts.StaffMember;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.numbers.internal.HeldNumber;
import com.bloomtext.numbers.internal.NumberPurchases;
import com.bloomtext.numbers.internal.PhoneNumbers;
import com.bloomtext.numbers.internal.Teams;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Directory → Phone numbers. Admins see every number and manage its team; members see the numbers
 * whose teams they are on.
 */
@Controller
class PhoneNumbersController {

    static final String VIEW = "numbers/phone-numbers";
    static final String RELEASE_VIEW = "numbers/release";

    private final Teams teams;
    private final PhoneNumbers numbers;
    private final NumberPurchases purchases;
    private final StaffDirectory staff;

    PhoneNumbersController(Teams teams, PhoneNumbers numbers, NumberPurchases purchases, StaffDirectory staff) {
        this.teams = teams;
        this.numbers = numbers;
        this.purchases = purchases;
        this.staff = staff;
    }

    @GetMapping(NumbersRoutes.DIRECTORY)
    String phoneNumbers(@AuthenticationPrincipal Actor actor, Model model) {
        return page(model, actor, teams.visibleTo(actor));
    }

    @GetMapping(NumbersRoutes.DIRECTORY + "/{team}")
    String team(@AuthenticationPrincipal Actor actor, @PathVariable String team, Model model) {
        Teams.TeamRow row = teams.visibleTo(actor, teamId(team)).orElseThrow(() -> new NotFoundException("Team"));
        return page(model, actor, List.of(row));
    }

    @PostMapping(NumbersRoutes.DIRECTORY + "/{team}/members")
    @PreAuthorize("hasRole('ADMIN')")
    String addMember(@AuthenticationPrincipal Actor admin, @PathVariable String team, @RequestParam(defaultValue = "") String user,
            RedirectAttributes redirect) {
        TeamId id = teamId(team);
        UserId member = UserId.parse(user).orElseThrow(() -> new NotFoundException("User"));
        teams.addMember(admin, id, member);
        redirect.addFlashAttribute("notice", nameOf(admin, member) + " can now send from this number and see its conversations.");
        return "redirect:" + NumbersRoutes.team(id);
    }

    @PostMapping(NumbersRoutes.DIRECTORY + "/{team}/members/{user}/remove")
    @PreAuthorize("hasRole('ADMIN')")
    String removeMember(@AuthenticationPrincipal Actor admin, @PathVariable String team, @PathVariable String user,
            RedirectAttributes redirect) {
        TeamId id = teamId(team);
        UserId member = UserId.parse(user).orElseThrow(() -> new NotFoundException("User"));
        teams.removeMember(admin, id, member);
        redirect.addFlashAttribute("notice", nameOf(admin, member)
                + " was removed: they no longer send from this number or see any of its conversations.");
        return "redirect:" + NumbersRoutes.team(id);
    }

    @PostMapping(NumbersRoutes.DIRECTORY + "/{team}/name")
    @PreAuthorize("hasRole('ADMIN')")
    String rename(@AuthenticationPrincipal Actor admin, @PathVariable String team, @RequestParam(defaultValue = "") String name,
            RedirectAttributes redirect) {
        TeamId id = teamId(team);
        try {
            teams.rename(admin, id, name);
            redirect.addFlashAttribute("notice", "Team renamed.");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:" + NumbersRoutes.team(id);
    }

    @GetMapping(NumbersRoutes.DIRECTORY + "/{team}/release")
    @PreAuthorize("hasRole('ADMIN')")
    String confirmRelease(@AuthenticationPrincipal Actor admin, @PathVariable String team, Model model) {
        TeamId id = teamId(team);
        HeldNumber number = numbers.ofTeam(admin.orgId(), id).filter(HeldNumber::active)
                .orElseThrow(() -> new NotFoundException("Phone number"));
        model.addAttribute("team", id.toString());
        model.addAttribute("number", number.number().display());
        return RELEASE_VIEW;
    }

    @PostMapping(NumbersRoutes.DIRECTORY + "/{team}/release")
    @PreAuthorize("hasRole('ADMIN')")
    String release(@AuthenticationPrincipal Actor admin, @PathVariable String team,
            @RequestParam(defaultValue = "false") boolean confirmed, RedirectAttributes redirect) {
        TeamId id = teamId(team);
        if (!confirmed) {
            return "redirect:" + NumbersRoutes.team(id) + "/release";
        }
        try {
            purchases.release(admin, id);
            redirect.addFlashAttribute("notice", "The number was released. The team and its conversations are kept; "
                    + "SMS from this number has stopped.");
        } catch (CarrierException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:" + NumbersRoutes.team(id);
    }

    private String page(Model model, Actor actor, List<Teams.TeamRow> rows) {
        Map<UserId, StaffMember> people = staff.activeStaff(actor.orgId()).stream()
                .collect(Collectors.toMap(StaffMember::id, Function.identity()));
        var cards = rows.stream().map(row -> card(actor, row, people)).toList();
        model.addAttribute("page", new PhoneNumbersPage(cards, actor.admin()));
        return VIEW;
    }

    private PhoneNumbersPage.TeamCard card(Actor actor, Teams.TeamRow row, Map<UserId, StaffMember> people) {
        var held = numbers.ofTeam(actor.orgId(), row.id());
        List<UserId> memberIds = teams.members(actor.orgId(), row.id());
        var members = memberIds.stream().map(people::get).filter(java.util.Objects::nonNull).map(PhoneNumbersController::person).toList();
        var candidates = actor.admin()
                ? people.values().stream().filter(p -> !memberIds.contains(p.id()))
                        .sorted(java.util.Comparator.comparing(StaffMember::displayName)).map(PhoneNumbersController::person).toList()
                : List.<PhoneNumbersPage.Person>of();
        String status = held.map(number -> number.status().label()).orElse("No number");
        String explanation = held.map(number -> switch (number.status()) {
            case RELEASED -> "This number was released: SMS from it has stopped. The team and its conversations are kept.";
            case PORTING -> "Porting in: SMS starts once the port completes.";
            case PROVISIONING -> "Being set up with the carrier.";
            case ACTIVE -> null;
        }).orElse(null);
        return new PhoneNumbersPage.TeamCard(row.id().toString(), row.name(),
                held.map(number -> number.number().display()).orElse(null), status, explanation, members, candidates,
                actor.admin() && held.map(HeldNumber::active).orElse(false));
    }

    private String nameOf(Actor actor, UserId user) {
        return staff.find(actor.orgId(), user).map(StaffMember::displayName).orElse("The user");
    }

    private static PhoneNumbersPage.Person person(StaffMember member) {
        return new PhoneNumbersPage.Person(member.id().toString(), member.displayName(), member.email());
    }

    private static TeamId teamId(String text) {
        return TeamId.parse(text).orElseThrow(() -> new NotFoundException("Team"));
    }
}
