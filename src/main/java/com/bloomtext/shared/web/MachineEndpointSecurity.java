package com.bloomtext.shared.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The machine endpoints' filter chain: carrier and checkout webhooks under {@code /webhooks/}. No
 * session, no CSRF token (a payment provider has none); each endpoint verifies its caller's signature.
 */
@Configuration(proxyBeanMethods = false)
class MachineEndpointSecurity {

    static final String WEBHOOKS = "/webhooks/**";

    @Bean
    @Order(1)
    SecurityFilterChain machineEndpoints(HttpSecurity http) throws Exception {
        http.securityMatcher(WEBHOOKS)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }
}
