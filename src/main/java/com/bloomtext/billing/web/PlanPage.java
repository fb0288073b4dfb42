package com.bloomtext.billing.web;

import java.util.List;

import com.bloomtext.billing.Entitlement;
import com.bloomtext.ui.NavLink;

/** What the Plan tab shows. */
public record PlanPage(Entitlement current, String currentPrice, List<PlanOption> plans, boolean sandbox,
        List<NavLink> actions, String problem) {

    /** A plan of the catalog, as a choice. */
    public record PlanOption(String id, String name, String price, boolean sms, int phoneNumbers, String segments,
            boolean current, boolean free) {
    }

    public String usage() {
        return String.format(java.util.Locale.US, "%,d of %,d segments", current.segmentsUsed(),
                current.segmentsAllowed());
    }
}
