package com.bloomtext.numbers.web;

/** The numbers module's paths, shared by controllers and templates. */
public final class NumbersRoutes {

    public static final String SELECT = "/settings/organization/plan/phone-number";
    public static final String PORT_IN = "/settings/organization/plan/port-in";
    public static final String PLAN = "/settings/organization/plan";
    public static final String DIRECTORY = "/directory/phone-numbers";

    private NumbersRoutes() {
    }

    public static String selectIn(String areaCode) {
        return SELECT + "?areaCode=" + areaCode;
    }

    public static String team(Object teamId) {
        return DIRECTORY + "/" + teamId;
    }
}
