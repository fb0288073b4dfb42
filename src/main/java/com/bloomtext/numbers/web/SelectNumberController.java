package com.bloomtext.numbers.web;

import java.util.List;

import com.bloomtext.carrier.AreaCode;
import com.bloomtext.carrier.AvailableNumber;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.NumberUnavailableException;
import com.bloomtext.numbers.internal.NumberLimitException;
import com.bloomtext.numbers.internal.NumberPurchases;
import com.bloomtext.numbers.internal.PortIns;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Plan → "Select a phone number": pick one by area code, confirm, and it is the new team's number. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class SelectNumberController {

    static final String VIEW = "numbers/select";

    private final NumberPurchases purchases;
    private final PortIns portIns;

    SelectNumberController(NumberPurchases purchases, PortIns portIns) {
        this.purchases = purchases;
        this.portIns = portIns;
    }

    @GetMapping(NumbersRoutes.SELECT)
    String select(@AuthenticationPrincipal Actor admin, @RequestParam(required = false) String areaCode,
            @RequestParam(required = false) String number, Model model) {
        String selected = number == null || number.isBlank() ? null
                : number.strip().startsWith("+") ? number.strip() : "+" + number.strip();
        return page(model, admin, areaCode, selected, null);
    }

    @PostMapping(NumbersRoutes.SELECT)
    String buy(@AuthenticationPrincipal Actor admin, @RequestParam(defaultValue = "") String areaCode,
            @RequestParam(defaultValue = "") String number, Model model, RedirectAttributes redirect) {
        E164 chosen;
        try {
            chosen = E164.parse(number, "US");
        } catch (IllegalArgumentException e) {
            return page(model, admin, areaCode, null, "Pick a number from the list.");
        }
        try {
            var team = purchases.buy(admin, chosen);
            redirect.addFlashAttribute("notice", chosen.display() + " is yours. Its team is set up with you as its "
                    + "first member; add coworkers here.");
            return "redirect:" + NumbersRoutes.team(team);
        } catch (NumberUnavailableException e) {
            return page(model, admin, areaCode, null, e.getMessage());
        } catch (NumberLimitException | CarrierException e) {
            return page(model, admin, areaCode, null, e.getMessage());
        }
    }

    private String page(Model model, Actor admin, String typed, String selected, String failure) {
        String limitProblem = purchases.limitProblem(admin).orElse(null);
        String problem = failure;
        List<SelectNumberPage.NumberRow> rows = List.of();
        List<NumberPurchases.Suggestion> neighbours = List.of();
        boolean searched = false;
        String areaCode = typed == null ? null : typed.strip();
        if (limitProblem == null && areaCode != null && !areaCode.isEmpty()) {
            try {
                AreaCode code = purchases.areaCode(areaCode);
                areaCode = code.value();
                List<AvailableNumber> available = purchases.available(code);
                searched = true;
                rows = available.stream().map(found -> new SelectNumberPage.NumberRow(found.number().value(),
                        found.number().display(), found.locality(), found.number().value().equals(selected))).toList();
                if (available.isEmpty()) {
                    neighbours = purchases.neighbours(code);
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            } catch (CarrierException e) {
                problem = e.getMessage();
            }
        }
        var suggestions = limitProblem == null ? purchases.suggestions(admin) : List.<NumberPurchases.Suggestion>of();
        model.addAttribute("page", new SelectNumberPage(limitProblem, areaCode, searched, problem, rows, selected, suggestions,
                neighbours, purchases.sandboxCarrier(), portInRows(admin)));
        return VIEW;
    }

    private List<SelectNumberPage.PortInRow> portInRows(Actor admin) {
        return portIns.of(admin).stream()
                .map(request -> new SelectNumberPage.PortInRow(request.number().display(), request.status().label(),
                        request.statusReason(),
                        request.submittedAt().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString()))
                .toList();
    }
}
