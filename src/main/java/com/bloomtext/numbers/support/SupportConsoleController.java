package com.bloomtext.numbers.support;

import java.util.UUID;

import com.bloomtext.numbers.internal.PortInRequest;
import com.bloomtext.numbers.internal.PortIns;
import com.bloomtext.shared.NotFoundException;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The support console: port-in requests of every organization and nothing else of theirs (no patients,
 * no conversations, no staff lists). Its own sign-in guards it (see the accounts module).
 */
@Controller
class SupportConsoleController {

    static final String CONSOLE = "/support";
    static final String REQUEST = "/support/port-ins/";

    private final PortIns portIns;

    SupportConsoleController(PortIns portIns) {
        this.portIns = portIns;
    }

    @GetMapping(CONSOLE + "/sign-in")
    String signIn(@RequestParam(required = false) String error, @RequestParam(name = "signed-out", required = false) String out,
            Model model) {
        model.addAttribute("problem", error == null ? null : "That email and password don't match a support operator.");
        model.addAttribute("notice", out == null ? null : "You are signed out.");
        return "numbers/support-sign-in";
    }

    @GetMapping(CONSOLE)
    String console(Model model) {
        model.addAttribute("requests", portIns.all().stream().map(this::row).toList());
        return "numbers/support-console";
    }

    @GetMapping(REQUEST + "{id}")
    String request(@PathVariable String id, Model model) {
        PortInRequest request = portIns.find(uuid(id)).orElseThrow(() -> new NotFoundException("Port-in request"));
        model.addAttribute("request", row(request));
        return "numbers/support-request";
    }

    @PostMapping(REQUEST + "{id}/eligible")
    String eligible(@PathVariable String id, Authentication operator, RedirectAttributes redirect) {
        portIns.markEligible(operator.getName(), uuid(id));
        redirect.addFlashAttribute("notice", "Marked eligible. The practice was emailed.");
        return "redirect:" + REQUEST + id;
    }

    @PostMapping(REQUEST + "{id}/not-portable")
    String notPortable(@PathVariable String id, @RequestParam(defaultValue = "") String reason, Authentication operator,
            RedirectAttributes redirect) {
        try {
            portIns.markNotPortable(operator.getName(), uuid(id), reason);
            redirect.addFlashAttribute("notice", "Marked not portable. The practice was emailed the reason.");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:" + REQUEST + id;
    }

    @PostMapping(REQUEST + "{id}/completed")
    String completed(@PathVariable String id, Authentication operator, RedirectAttributes redirect) {
        portIns.complete(operator.getName(), uuid(id));
        redirect.addFlashAttribute("notice", "Completed: the number is active with its own team.");
        return "redirect:" + REQUEST + id;
    }

    private SupportRow row(PortInRequest request) {
        return new SupportRow(request.id().toString(), portIns.organizationName(request), request.number().display(),
                request.currentCarrier(), request.accountNumber(), request.pin(), request.authorizedName(),
                request.serviceAddress(), request.status().label(), request.statusReason(), request.open(),
                request.status() == PortInRequest.Status.ELIGIBLE, request.submittedAt().toString());
    }

    private static UUID uuid(String id) {
        return NotFoundException.idOf(id, "Port-in request");
    }
}
