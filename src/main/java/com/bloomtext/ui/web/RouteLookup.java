package com.bloomtext.ui.web;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup with a cheap first test per mapping. For a path that is not one of the exact routes
 * (every route with an id in it), Spring MVC tries each of the ~100 request mappings in turn, and each try checks the
 * HTTP method, params, headers, consumes and produces (the Accept header parsed) before the path: about 9% of a
 * signed-in send's CPU samples in {@code RequestCostProbe}'s recording. Here a mapping whose patterns' literal
 * beginnings ({@code /inbox/c} of {@code /inbox/c/{id}/messages}) the request's path does not start with is passed
 * over before those checks; every other mapping is checked exactly as before.
 * <p>
 * The same routes match: a pattern matches only a path that starts with its literal segments, read up to the last
 * {@code /} before its first variable or wildcard (so {@code /css/**} keeps {@code /css}, which it matches). Paths
 * with a {@code %} or {@code ;} (which Spring decodes or strips before matching) are checked in full, as are mappings
 * with a variable in their first segment. No route, status (404, 405), CORS or CSRF answer changes; only the order in
 * which a request's mismatches are found (RouteLookupTests compares both for every route).
 */
@Configuration(proxyBeanMethods = false)
class RouteLookup {

    @Bean
    WebMvcRegistrations literalPrefixRouting() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PrefixCheckedMapping();
            }
        };
    }

    static final class PrefixCheckedMapping extends RequestMappingHandlerMapping {

        /** Each registered mapping's literal beginnings; none for one that cannot be told this way. */
        private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();
        /** The path of the request being looked up, for the mappings' first test (virtual threads have their own). */
        private final ThreadLocal<String> path = new ThreadLocal<>();

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            super.registerHandlerMethod(handler, method, mapping);
            String[] literal = literalPrefixes(mapping);
            if (literal != null && getPatternParser() != null && getPatternParser().isCaseSensitive()) {
                prefixes.put(mapping, literal);
            }
        }

        @Override
        protected org.springframework.web.method.HandlerMethod lookupHandlerMethod(String lookupPath,
                HttpServletRequest request) throws Exception {
            String raw = ServletRequestPathUtils.hasParsedRequestPath(request)
                    ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value() : null;
            path.set(raw == null || raw.indexOf('%') >= 0 || raw.indexOf(';') >= 0 ? null : raw);
            try {
                return super.lookupHandlerMethod(lookupPath, request);
            } finally {
                path.remove();
            }
        }

        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            String requested = path.get();
            if (requested != null && !startsWithAny(requested, prefixes.get(info))) {
                return null;
            }
            return super.getMatchingMapping(info, request);
        }

        static boolean startsWithAny(String path, String[] literal) {
            if (literal == null) {
                return true;
            }
            for (String prefix : literal) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The literal beginning of each of the mapping's patterns: up to (not including) the last {@code /} before its
     * first variable or wildcard, or the whole pattern if it has none; null if any pattern has no literal beginning.
     */
    static String[] literalPrefixes(RequestMappingInfo mapping) {
        PathPatternsRequestCondition condition = mapping.getPathPatternsCondition();
        if (condition == null || condition.getPatterns().isEmpty()) {
            return null;
        }
        String[] literal = new String[condition.getPatterns().size()];
        int i = 0;
        for (PathPattern pattern : condition.getPatterns()) {
            String text = pattern.getPatternString();
            int special = firstSpecial(text);
            String prefix = special < 0 ? text : text.substring(0, Math.max(0, text.lastIndexOf('/', special)));
            if (prefix.isEmpty() || !prefix.startsWith("/")) {
                return null;
            }
            literal[i++] = prefix;
        }
        return literal;
    }

    private static int firstSpecial(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{' || c == '*' || c == '?' || c == '\\') {
                return i;
            }
        }
        return -1;
    }
}
