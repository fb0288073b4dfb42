package com.bloomtext.billing.web;

/** The billing module's paths, shared by controllers and templates. */
public final class BillingRoutes {

    public static final String PLAN = "/settings/organization/plan";
    public static final String CHECKOUT = PLAN + "/checkout";
    public static final String CANCEL = PLAN + "/cancel";

    private BillingRoutes() {
    }
}
