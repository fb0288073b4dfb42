package com.bloomtext.ui.web;

import java.io.IOException;

import com.bloomtext.shared.Failures;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: when the database cannot be reached, even the session store (a filter of its own)
 * fails, and so would the error page that needs it. This answers 503 with a page that needs nothing,
 * instead of the container's bare 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>BloomText is briefly unavailable</title></head>
            <body><main><h1>BloomText is briefly unavailable</h1>
            <p>BloomText could not finish this request. Wait a moment, then check whether your change was saved before
            trying again.</p></main></body></html>
            """;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException | IOException failure) {
            if (!ErrorPages.databaseUnavailable(failure) || response.isCommitted()) {
                throw failure;
            }
            log.warn("{} {} found the database unavailable: {}", request.getMethod(),
                    request.getHttpServletMapping() == null ? "?" : request.getHttpServletMapping().getPattern(),
                    Failures.describe(failure));
            response.resetBuffer();
            response.setHeader("Retry-After", "5");
            StaticPage.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, PAGE);
        }
    }
}
