package com.bloomtext.ui.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler lookup's literal first test never passes over a mapping that matches (ui/web/RouteLookup). */
class RouteLookupTests extends IntegrationTest {

    @Autowired
    RequestMappingHandlerMapping requestMappingHandlerMapping;

    @Test
    void literalBeginningsOfPatterns() {
        assertThat(prefixes("/inbox/c/{id}/messages")).containsExactly("/inbox/c");
        assertThat(prefixes("/inbox")).containsExactly("/inbox");
        assertThat(prefixes("/css/**")).containsExactly("/css");
        assertThat(prefixes("/p/{token}", "/settings")).containsExactlyInAnyOrder("/p", "/settings");
        assertThat(prefixes("/{id}")).isNull();
        assertThat(prefixes("/")).containsExactly("/");
    }

    /**
     * Every registered route, asked with every method for paths made from every pattern (and near misses: a trailing
     * slash, one segment more, another case): whenever the literal test passes a mapping over, Spring's own full
     * check of that mapping finds no match either. So the lookup finds the same matches as before, the same best one,
     * and the same 404s and 405s.
     */
    @Test
    void theLiteralTestOnlyPassesOverMappingsThatDoNotMatch() {
        assertThat(requestMappingHandlerMapping).isInstanceOf(RouteLookup.PrefixCheckedMapping.class);
        Set<RequestMappingInfo> mappings = requestMappingHandlerMapping.getHandlerMethods().keySet();
        assertThat(mappings).hasSizeGreaterThan(50);
        Set<String> paths = new LinkedHashSet<>(List.of("/", "/inbox", "/inboxes", "/p", "/x", "/support"));
        for (RequestMappingInfo mapping : mappings) {
            for (String pattern : mapping.getPatternValues()) {
                String path = pattern.replaceAll("\\{\\*[^}]+}", "a/b").replaceAll("\\{[^}]+}", "x1")
                        .replace("/**", "/a/b").replace("*", "x");
                paths.addAll(List.of(path, path + "/", path + "/more", path.toUpperCase(), path.replace("/a/b", "")));
                int slash = path.lastIndexOf('/');
                if (slash > 0) {
                    paths.add(path.substring(0, slash));
                }
            }
        }
        int passedOver = 0;
        int compared = 0;
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            for (String path : paths) {
                MockHttpServletRequest request = new MockHttpServletRequest(method, path);
                ServletRequestPathUtils.parseAndCache(request);
                for (RequestMappingInfo mapping : mappings) {
                    compared++;
                    if (!RouteLookup.PrefixCheckedMapping.startsWithAny(path, RouteLookup.literalPrefixes(mapping))) {
                        passedOver++;
                        assertThat(mapping.getMatchingCondition(request)).as("%s %s against %s", method, path, mapping)
                                .isNull();
                    }
                }
            }
        }
        // Most mappings are passed over for most paths: the point of the test, measured.
        assertThat(passedOver).isGreaterThan(compared / 2);
    }

    private static String[] prefixes(String... patterns) {
        return RouteLookup.literalPrefixes(RequestMappingInfo.paths(patterns).build());
    }
}
