package com.bloomtext.portal.session;

import com.bloomtext.ui.PageSecurity;
import java.io.IOException;
import java.util.List;

import com.bloomtext.portal.web.PortalRoutes;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The patient portal's filter chain, before the staff chain: no staff session is read or made here. A
 * request is a patient's when its portal cookie names a live session; the conversation pages need one.
 * CSRF tokens live in a cookie of the portal's own (double submit), pages are never cached, and the
 * Referer never carries a link's token elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurity {

    static final String ROLE = "PATIENT";

    @Bean
    @Order(3)
    SecurityFilterChain portalChain(HttpSecurity http, PortalSessions sessions) throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName("BLOOMTEXT_PORTAL_CSRF");
        csrfTokens.setCookiePath(PortalRoutes.ROOT);
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        // The patient is known again on every request from the portal cookie, never "just signed in": with the
        // context kept in the request, no request looks like a new sign-in that would replace the CSRF token
        // under a page's open forms.
        RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        http.securityMatcher(PortalRoutes.ALL)
                .securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PortalRoutes.CONVERSATION, PortalRoutes.CONVERSATION + "/**").hasRole(ROLE)
                        .anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.principal("portal-visitor"))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
                        (request, response, failure) -> response.sendRedirect(request.getContextPath() + PortalRoutes.ENDED)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(PageSecurity.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)))
                .addFilterAfter(new PortalSessionFilter(sessions, contexts), SecurityContextHolderFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class);
        return http.build();
    }

    /** Resumes the request's portal session, if its cookie names a live one, as the request's patient. */
    static final class PortalSessionFilter extends OncePerRequestFilter {

        private final PortalSessions sessions;
        private final SecurityContextRepository contexts;

        PortalSessionFilter(PortalSessions sessions, SecurityContextRepository contexts) {
            this.sessions = sessions;
            this.contexts = contexts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            sessions.resume(request).ifPresent(principal -> {
                var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(authentication);
                SecurityContextHolder.setContext(context);
                contexts.saveContext(context, request, response);
            });
            chain.doFilter(request, response);
        }
    }

    /**
     * Loads the CSRF token before the page is written: a cookie cannot be set once the response has
     * started, and tokens are otherwise made only when a template asks for one.
     */
    static final class CsrfCookieFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
