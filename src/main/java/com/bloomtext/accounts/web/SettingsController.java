package com.bloomtext.accounts.web;

import java.time.ZoneId;
import java.util.List;

import com.bloomtext.accounts.domain.Organization;
import com.bloomtext.accounts.domain.OrganizationSettings;
import com.bloomtext.accounts.domain.PostalAddress;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.FormErrors;

import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings (the gear): select the organization, then its General tab. */
@Controller
class SettingsController {

    /** The zones a US practice is in, first; then every other zone the JDK knows. */
    static final List<String> TIME_ZONES = timeZones();

    private final OrganizationSettings settings;

    SettingsController(OrganizationSettings settings) {
        this.settings = settings;
    }

    @GetMapping(AccountsRoutes.SETTINGS)
    String settings(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("page", new Pages.SettingsPage(settings.current(actor).name()));
        return "accounts/settings";
    }

    @GetMapping(AccountsRoutes.ORGANIZATION)
    String organization() {
        return "redirect:" + AccountsRoutes.GENERAL;
    }

    @GetMapping(AccountsRoutes.GENERAL)
    String general(@AuthenticationPrincipal Actor actor, Model model) {
        Organization organization = settings.current(actor);
        PostalAddress address = organization.address();
        var form = new Forms.GeneralForm(organization.name(), organization.timeZone().getId(), address.street(),
                address.city(), address.state(), address.postalCode(), String.valueOf(organization.secureLinkDays()));
        return page(model, actor, form, FormErrors.none());
    }

    @PostMapping(AccountsRoutes.GENERAL)
    @PreAuthorize("hasRole('ADMIN')")
    String describe(@AuthenticationPrincipal Actor actor, @Valid @ModelAttribute("form") Forms.GeneralForm form,
            BindingResult binding, Model model, RedirectAttributes redirect) {
        FormErrors errors = FormErrors.of(binding);
        if (!binding.hasFieldErrors("timeZone") && !TIME_ZONES.contains(form.timeZone())) {
            errors.add("timeZone", "Choose a time zone from the list.");
        }
        // A form without the field (a client from before it existed) keeps the current window.
        Integer linkDays = form.secureLinkDays() == null ? Integer.valueOf(settings.current(actor).secureLinkDays())
                : secureLinkDays(form.secureLinkDays());
        if (linkDays == null) {
            errors.add("secureLinkDays", "Enter a number of days from 1 to " + Organization.MAX_SECURE_LINK_DAYS + ".");
        }
        if (errors.any()) {
            return page(model, actor, form, errors);
        }
        settings.describe(actor, form.name(), ZoneId.of(form.timeZone()),
                new PostalAddress(form.street(), form.city(), form.state(), form.postalCode()), linkDays);
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:" + AccountsRoutes.GENERAL;
    }

    /** The typed number of days, or null when it is not a whole number from 1 to the maximum. */
    private static Integer secureLinkDays(String typed) {
        if (typed == null || !typed.strip().matches("\\d{1,3}")) {
            return null;
        }
        int days = Integer.parseInt(typed.strip());
        return days >= 1 && days <= Organization.MAX_SECURE_LINK_DAYS ? days : null;
    }

    private static String page(Model model, Actor actor, Forms.GeneralForm form, FormErrors errors) {
        model.addAttribute("page", new Pages.GeneralPage(form, errors, actor.admin(), TIME_ZONES));
        return "accounts/general";
    }

    private static List<String> timeZones() {
        List<String> us = List.of("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico");
        var others = ZoneId.getAvailableZoneIds().stream()
                .filter(zone -> zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/"))
                .filter(zone -> !us.contains(zone))
                .sorted()
                .toList();
        return java.util.stream.Stream.concat(us.stream(), others.stream()).toList();
    }
}
