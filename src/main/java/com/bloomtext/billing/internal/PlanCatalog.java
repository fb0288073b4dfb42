package com.bloomtext.billing.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The plans an organization can be on, checked once at start-up. */
@Component
public class PlanCatalog {

    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final Plan defaultPlan;

    PlanCatalog(BillingProperties properties) {
        if (properties.plans() == null || properties.plans().isEmpty()) {
            throw new IllegalStateException("bloomtext.billing.plans must list at least one plan");
        }
        for (var plan : properties.plans()) {
            if (plan.id() == null || plan.name() == null || plan.monthlyPrice() == null) {
                throw new IllegalStateException("Every plan needs an id, a name and a monthly-price");
            }
            if (plans.put(plan.id(), new Plan(plan.id(), plan.name(), plan.sms(), plan.phoneNumbers(),
                    plan.monthlySegments(), plan.monthlyPrice(), plan.stripePriceId())) != null) {
                throw new IllegalStateException("Two plans share the id " + plan.id());
            }
        }
        this.defaultPlan = find(properties.defaultPlan()).orElseThrow(() ->
                new IllegalStateException("bloomtext.billing.default-plan names no plan of the catalog"));
        if (!defaultPlan.free()) {
            throw new IllegalStateException("The default plan must be free");
        }
    }

    public List<Plan> all() {
        return List.copyOf(plans.values());
    }

    public Optional<Plan> find(String id) {
        return Optional.ofNullable(id).map(plans::get);
    }

    public Plan defaultPlan() {
        return defaultPlan;
    }

    /** The plan with this id; a subscription to a plan since removed from the catalog counts as the default. */
    public Plan orDefault(String id) {
        return find(id).orElse(defaultPlan);
    }
}
