package com.bloomtext.shared.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Builds absolute links for emails and texts: from {@code bloomtext.public-base-url} when it is set
 * (production, behind a proxy), otherwise from the address the current request came in on, or, outside
 * a request, from the local port.
 */
@Component
public class PublicBaseUrl {

    private final String configured;
    private final Environment environment;

    PublicBaseUrl(@Value("${bloomtext.public-base-url:}") String configured, Environment environment) {
        this.configured = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        this.environment = environment;
    }

    public String link(String path) {
        return base() + path;
    }

    private String base() {
        if (!configured.isBlank()) {
            return configured;
        }
        if (RequestContextHolder.getRequestAttributes() != null) {
            return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        }
        return "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"));
    }
}
