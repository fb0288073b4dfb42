package com.bloomtext.billing.sandbox;

import java.time.Clock;
import java.time.YearMonth;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.billing.internal.CheckoutSession;
import com.bloomtext.billing.internal.CheckoutSessions;
import com.bloomtext.billing.internal.Plan;
import com.bloomtext.billing.internal.PlanCatalog;
import com.bloomtext.billing.internal.PlanChanges;
import com.bloomtext.billing.web.BillingRoutes;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.ui.FormErrors;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "Sandbox checkout": the payment page of the sandbox, for the admin who started the checkout. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class SandboxCheckoutController {

    static final String PATH = "/sandbox/checkout/";
    static final String VIEW = "billing/sandbox-checkout";

    private final CheckoutSessions sessions;
    private final PlanCatalog catalog;
    private final PlanChanges planChanges;
    private final AuditLog auditLog;
    private final Clock clock;

    SandboxCheckoutController(CheckoutSessions sessions, PlanCatalog catalog, PlanChanges planChanges,
            AuditLog auditLog, Clock clock) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.planChanges = planChanges;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @GetMapping(PATH + "{id}")
    String checkout(@AuthenticationPrincipal Actor admin, @PathVariable String id, Model model) {
        CheckoutSession session = openSession(admin, id);
        return page(model, session, new SandboxCheckoutPage.CardForm("", "", "", ""), FormErrors.none());
    }

    @PostMapping(PATH + "{id}")
    String pay(@AuthenticationPrincipal Actor admin, @PathVariable String id,
            @RequestParam(defaultValue = "") String cardNumber, @RequestParam(defaultValue = "") String expiry,
            @RequestParam(defaultValue = "") String cvc, @RequestParam(defaultValue = "") String nameOnCard,
            Model model, RedirectAttributes redirect) {
        CheckoutSession session = openSession(admin, id);
        SandboxCheckoutPage.CardForm form = new SandboxCheckoutPage.CardForm(cardNumber, expiry, "", nameOnCard);
        YearMonth now = YearMonth.now(clock);
        return switch (TestCards.charge(cardNumber, expiry, cvc, nameOnCard, now)) {
            case TestCards.Invalid invalid -> page(model, session, form, FormErrors.onField(invalid.field(), invalid.message()));
            case TestCards.Declined declined -> {
                auditLog.record(admin, AuditAction.CHECKOUT_DECLINED, AuditTarget.of("checkout", session.id()),
                        Outcome.FAILURE, declined.reason());
                yield page(model, session, form, FormErrors.onForm(declined.reason() + " Try another card."));
            }
            case TestCards.Approved approved -> {
                planChanges.fulfil(session.id(), SandboxCheckout.NAME, "sandbox_cus_" + admin.orgId(),
                        "sandbox_sub_" + session.id());
                redirect.addFlashAttribute("notice", "Payment received. Your organization is on "
                        + plan(session).name() + ".");
                yield "redirect:" + BillingRoutes.PLAN;
            }
        };
    }

    private CheckoutSession openSession(Actor admin, String id) {
        return sessions.findOpen(admin.orgId(), NotFoundException.idOf(id, "Checkout"))
                .filter(session -> session.provider().equals(SandboxCheckout.NAME))
                .orElseThrow(() -> new NotFoundException("Checkout"));
    }

    private Plan plan(CheckoutSession session) {
        return catalog.orDefault(session.planId());
    }

    private String page(Model model, CheckoutSession session, SandboxCheckoutPage.CardForm form, FormErrors errors) {
        Plan plan = plan(session);
        model.addAttribute("page", new SandboxCheckoutPage(PATH + session.id(), plan.name(), plan.price(), form, errors));
        return VIEW;
    }
}
