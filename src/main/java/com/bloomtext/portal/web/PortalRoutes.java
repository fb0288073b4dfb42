package com.bloomtext.portal.web;

/** The patient portal's paths, shared by controllers, templates and the portal's filter chain. */
public final class PortalRoutes {

    public static final String ROOT = "/p";
    public static final String ALL = ROOT + "/**";
    /** A secure link as texted or emailed: the identity step, or the conversation once verified. */
    public static final String LINK = ROOT + "/{token}";
    public static final String CONVERSATION = ROOT + "/conversation";
    public static final String REPLIES = CONVERSATION + "/replies";
    public static final String FILE = CONVERSATION + "/files/{id}";
    public static final String SIGN_OUT = ROOT + "/sign-out";
    public static final String ENDED = ROOT + "/ended";

    private PortalRoutes() {
    }

    public static String link(String token) {
        return ROOT + "/" + token;
    }

    public static String file(Object attachment) {
        return FILE.replace("{id}", String.valueOf(attachment));
    }

    public static String verify(String token) {
        return link(token) + "/verify";
    }

    public static String code(String token) {
        return link(token) + "/code";
    }
}
