package com.bloomtext.ui;

/** What every HTML page's Content-Security-Policy allows: the app's own files, no inline script or style, no framing. */
public final class PageSecurity {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private PageSecurity() {
    }
}
