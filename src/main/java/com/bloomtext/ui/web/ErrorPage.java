package com.bloomtext.ui.web;

import org.springframework.http.HttpStatus;

/** What the error page says for a status. */
public record ErrorPage(int status, String title, String explanation) {

    static ErrorPage of(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> new ErrorPage(404, "Page not found",
                    "There is nothing here, or you don't have access to it.");
            case FORBIDDEN -> new ErrorPage(403, "You don't have access to this page",
                    "Ask an administrator of your organization if you need it.");
            case TOO_MANY_REQUESTS -> new ErrorPage(429, "Too many requests", "Wait a moment and try again.");
            case SERVICE_UNAVAILABLE -> new ErrorPage(503, "BloomText is briefly unavailable",
                    "Nothing was saved from this request. Wait a moment and try again.");
            default -> status.is4xxClientError()
                    ? new ErrorPage(status.value(), "Something was wrong with that request", "Go back and try again.")
                    : new ErrorPage(status.value(), "Something went wrong on our side",
                            "Nothing you did caused this. Try again in a moment; if it keeps happening, contact support.");
        };
    }
}
