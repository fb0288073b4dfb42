package com.bloomtext.messaging.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.carrier.SandboxPhone;
import com.bloomtext.messaging.internal.PatientTexts;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.ui.NavLink;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sandbox "Patient phone": a developer reads what a phone number was texted by this organization's
 * numbers and answers; answers enter through the carrier's inbound path, as a webhook's would.
 */
@Controller
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "sandbox", matchIfMissing = true)
class SandboxPhoneController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, h:mm:ss a", Locale.US);

    private final SandboxPhone phone;
    private final TeamAccess teams;
    private final StaffDirectory staff;
    private final PatientTexts patientTexts;

    SandboxPhoneController(SandboxPhone phone, TeamAccess teams, StaffDirectory staff, PatientTexts patientTexts) {
        this.phone = phone;
        this.teams = teams;
        this.staff = staff;
        this.patientTexts = patientTexts;
    }

    @GetMapping(MessagingRoutes.SANDBOX_PHONE)
    String phone(@AuthenticationPrincipal Actor actor, Model model) {
        return page(model, actor, "", null);
    }

    /** Opening a phone is posted: a patient's number stays out of the URL. */
    @PostMapping(MessagingRoutes.SANDBOX_PHONE_OPEN)
    String open(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String number, Model model) {
        return page(model, actor, number, null);
    }

    @PostMapping(MessagingRoutes.SANDBOX_PHONE)
    String reply(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String number,
            @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String body, Model model) {
        E164 from;
        try {
            from = E164.parse(number, "US");
        } catch (IllegalArgumentException e) {
            return page(model, actor, number, e.getMessage());
        }
        List<E164> ours = ourNumbers(actor);
        E164 target = ours.stream().filter(candidate -> candidate.value().equals(to)).findFirst().orElse(null);
        if (target == null || body.isBlank()) {
            return page(model, actor, number, "Choose one of your numbers and write a text.");
        }
        phone.reply(from, target, body.strip());
        return page(model, actor, from.value(), null);
    }

    private String page(Model model, Actor actor, String typed, String problem) {
        ZoneId zone = staff.profile(actor.orgId()).timeZone();
        List<E164> ours = ourNumbers(actor);
        List<InboxPages.PhoneText> texts = List.of();
        String shown = typed;
        if (!typed.isBlank() && problem == null) {
            try {
                E164 number = E164.parse(typed, "US");
                shown = number.display();
                // Secure Chat notices of conversations without a team come from the platform's number.
                List<E164> senders = new java.util.ArrayList<>(ours);
                patientTexts.platformNumber().ifPresent(senders::add);
                texts = phone.conversation(number, senders).stream()
                        .map(text -> new InboxPages.PhoneText(text.fromPatient(),
                                (text.fromPatient() ? text.to() : text.from()).display(),
                                WHEN.format(text.at().atZone(zone)), text.body()))
                        .toList();
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        model.addAttribute("page", new InboxPages.SandboxPhonePage(shown, texts,
                ours.stream().map(E164::value).toList(), problem));
        return "messaging/sandbox-phone";
    }

    private List<E164> ourNumbers(Actor actor) {
        return teams.activeNumbers(actor.orgId()).stream().map(TeamRef::activeNumber).toList();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "sandbox", matchIfMissing = true)
    static class Navigation {

        @Bean
        NavLink sandboxPatientPhoneLink() {
            return new NavLink(NavLink.Area.SANDBOX_TOOLS, "Patient phone", MessagingRoutes.SANDBOX_PHONE,
                    NavLink.Visibility.EVERYONE, 20);
        }
    }
}
