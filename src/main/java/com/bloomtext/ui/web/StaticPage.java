package com.bloomtext.ui.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A fixed page written by a filter before (or instead of) Spring MVC: no scripts, no styles, nothing to
 * frame, not kept by any cache.
 */
final class StaticPage {

    private StaticPage() {
    }

    static void write(HttpServletResponse response, int status, String html) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(html);
    }
}
