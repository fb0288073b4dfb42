package com.bloomtext.numbers.web;

import com.bloomtext.carrier.CarrierException;
import com.bloomtext.numbers.internal.NumberLimitException;
import com.bloomtext.numbers.internal.PortIns;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
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

/** "Keep your existing number": the port-in request, with the letter of authorization signed by typing. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class PortInController {

    static final String VIEW = "numbers/port-in";

    private final PortIns portIns;

    PortInController(PortIns portIns) {
        this.portIns = portIns;
    }

    @GetMapping(NumbersRoutes.PORT_IN)
    String form(Model model) {
        model.addAttribute("page", new PortInPage(PortInForm.empty(), FormErrors.none()));
        return VIEW;
    }

    @PostMapping(NumbersRoutes.PORT_IN)
    String submit(@AuthenticationPrincipal Actor admin, @Valid @ModelAttribute("form") PortInForm form,
            BindingResult binding, Model model, RedirectAttributes redirect) {
        FormErrors errors = FormErrors.of(binding);
        E164 number = null;
        try {
            number = E164.parse(form.number(), "US");
        } catch (IllegalArgumentException e) {
            errors.add("number", e.getMessage());
        }
        if (!binding.hasFieldErrors("signature") && !binding.hasFieldErrors("authorizedName")
                && !form.signature().strip().equalsIgnoreCase(form.authorizedName().strip())) {
            errors.add("signature", "Sign by typing the authorized name exactly as above.");
        }
        if (errors.any()) {
            return again(model, form, errors);
        }
        try {
            portIns.submit(admin, new PortIns.Submission(number, form.currentCarrier().strip(),
                    form.accountNumber().strip(), form.pin().strip(), form.authorizedName().strip(),
                    form.serviceAddress().strip(), form.signature().strip()));
        } catch (PortIns.PortInRefusedException | NumberLimitException | CarrierException e) {
            return again(model, form, FormErrors.onForm(e.getMessage()));
        }
        redirect.addFlashAttribute("notice", "Port-in request submitted. Support will confirm whether "
                + number.display() + " is portable; you'll get an email at each step.");
        return "redirect:" + NumbersRoutes.SELECT;
    }

    private static String again(Model model, PortInForm form, FormErrors errors) {
        model.addAttribute("page", new PortInPage(form.withoutSecrets(), errors));
        return VIEW;
    }
}
