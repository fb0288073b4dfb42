package com.bloomtext.ui.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request parameters as the application may read them.
 *
 * <p>A form the container cannot read (a field without a name, a file name holding a NUL) used to fail the
 * first filter that asked for a parameter with a 500: read here first, it is a 400 page.
 *
 * <p>PostgreSQL's text cannot hold the NUL character: a form field or search box holding one (no keyboard
 * types it; a hostile client does) failed the request with a 500 wherever the value reached a query. Every
 * request parameter reaches the application with NUL read as U+FFFD, the replacement character, as a decoder
 * reads any other character it cannot take: searches match it literally (nothing stored holds it) and forms
 * validate it like any other text.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestParametersFilter extends OncePerRequestFilter {

    static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>BloomText could not read this form</title></head>
            <body><main><h1>BloomText could not read this form</h1>
            <p>Something in it (a field, or a file's name) could not be read, so nothing was saved. Go back, check what
            you entered and the name of any file you attached, then try again.</p></main></body></html>
            """;

    static final char NUL = '\u0000';
    static final char REPLACEMENT = '\uFFFD';

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (InvalidFileNameException | InvalidParameterException e) {
            // The container refuses the whole form; its message quotes the input, so it is not logged. The container
            // would fail the same way on its error dispatch: the page is written here.
            StaticPage.write(response, HttpServletResponse.SC_BAD_REQUEST, PAGE);
            return;
        }
        chain.doFilter(new Replaced(request), response);
    }

    static String replaced(String value) {
        return value == null || value.indexOf(NUL) < 0 ? value : value.replace(NUL, REPLACEMENT);
    }

    private static final class Replaced extends HttpServletRequestWrapper {

        Replaced(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return replaced(super.getParameter(name));
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = super.getParameterValues(name);
            return values == null ? null : Arrays.stream(values).map(RequestParametersFilter::replaced).toArray(String[]::new);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> map = new LinkedHashMap<>();
            super.getParameterMap().forEach((name, values) -> map.put(replaced(name),
                    Arrays.stream(values).map(RequestParametersFilter::replaced).toArray(String[]::new)));
            return Collections.unmodifiableMap(map);
        }

        @Override
        public java.util.Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }
    }
}
