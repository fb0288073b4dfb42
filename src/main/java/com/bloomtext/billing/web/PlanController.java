package com.bloomtext.billing.web;

import java.util.List;

import com.bloomtext.billing.Entitlement;
import com.bloomtext.billing.Entitlements;
import com.bloomtext.billing.internal.Checkout;
import com.bloomtext.billing.internal.CheckoutFailedException;
import com.bloomtext.billing.internal.CheckoutProvider;
import com.bloomtext.billing.internal.PlanCatalog;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.NavLink;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → the organization → Plan: the current plan, this month's SMS, and the choices. Admins only. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class PlanController {

    static final String VIEW = "billing/plan";

    private final Entitlements entitlements;
    private final PlanCatalog catalog;
    private final Checkout checkout;
    private final List<NavLink> planActions;

    PlanController(Entitlements entitlements, PlanCatalog catalog, Checkout checkout, List<NavLink> links) {
        this.entitlements = entitlements;
        this.catalog = catalog;
        this.checkout = checkout;
        this.planActions = links.stream().filter(link -> link.area() == NavLink.Area.PLAN_ACTIONS).toList();
    }

    @GetMapping(BillingRoutes.PLAN)
    String plan(@AuthenticationPrincipal Actor admin, @RequestParam(name = "checkout", required = false) String returned,
            Model model) {
        if ("success".equals(returned)) {
            model.addAttribute("notice", "Thank you. Your plan changes as soon as the payment is confirmed.");
        } else if ("canceled".equals(returned)) {
            model.addAttribute("notice", "Checkout canceled. Nothing was charged.");
        }
        return page(model, admin, null);
    }

    @PostMapping(BillingRoutes.CHECKOUT)
    String startCheckout(@AuthenticationPrincipal Actor admin, @RequestParam(defaultValue = "") String planId,
            Model model) {
        try {
            return "redirect:" + checkout.start(admin, planId, checkout.provider());
        } catch (CheckoutFailedException e) {
            return page(model, admin, e.getMessage());
        }
    }

    @PostMapping(BillingRoutes.CANCEL)
    String switchToFree(@AuthenticationPrincipal Actor admin, Model model, RedirectAttributes redirect) {
        try {
            checkout.cancel(admin);
        } catch (CheckoutFailedException e) {
            return page(model, admin, e.getMessage());
        }
        Entitlement now = entitlements.of(admin.orgId());
        redirect.addFlashAttribute("notice", now.smsEnabled()
                ? "Cancellation requested. Your plan changes as soon as it is confirmed."
                : "Your organization is on " + now.planName() + ". Phone numbers and conversations are kept; SMS is off.");
        return "redirect:" + BillingRoutes.PLAN;
    }

    private String page(Model model, Actor admin, String problem) {
        Entitlement current = entitlements.of(admin.orgId());
        CheckoutProvider provider = checkout.provider();
        var options = catalog.all().stream()
                .map(plan -> new PlanPage.PlanOption(plan.id(), plan.name(), plan.price(), plan.sms(),
                        plan.phoneNumbers(), plan.segments(), plan.id().equals(current.planId()), plan.free()))
                .toList();
        String price = catalog.orDefault(current.planId()).price();
        model.addAttribute("page", new PlanPage(current, price, options, provider.sandbox(),
                current.smsEnabled() ? planActions : List.of(), problem));
        return VIEW;
    }
}
