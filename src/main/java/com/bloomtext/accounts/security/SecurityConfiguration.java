package com.bloomtext.accounts.security;

import com.bloomtext.ui.PageSecurity;
import com.bloomtext.accounts.domain.StaffUsers;

import org.springframework.security.authentication.AuthenticationManager;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The staff application's filter chain: session sign-in, CSRF on every form, strict headers. The
 * patient portal and the machine endpoints bring chains of their own.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * No Spring Security observations (traces nobody collects here). The property
     * management.observations.enable.spring.security=false only made them no-ops: each filter of every chain was
     * still wrapped and asked for one on each request (6% of a page's CPU in the bench profile); with these
     * settings the chains are not wrapped at all. HTTP request metrics stay.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /** The only way to sign in: a staff email and password, throttled. (No generated default user.) */
    @Bean
    AuthenticationManager authenticationManager(StaffUsers users, PasswordEncoder passwordEncoder,
            SignInThrottle throttle) {
        return new ProviderManager(new StaffAuthenticationProvider(users, passwordEncoder, throttle));
    }

    @Bean
    SecurityFilterChain staffChain(HttpSecurity http, AuthenticationManager authenticationManager,
            SignInEvents signInEvents, JdbcClient jdbc) throws Exception {
        http
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/welcome", "/sign-in", "/invitations/*", "/error",
                                "/css/**", "/js/**", "/images/**", "/webjars/**", "/favicon.ico",
                                "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(SecondStep.PATH).hasRole(PendingSignIn.ROLE)
                        .anyRequest().hasAnyRole("ADMIN", "MEMBER"))
                .formLogin(form -> form
                        .loginPage("/sign-in")
                        .loginProcessingUrl("/sign-in")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .successHandler(signInEvents)
                        .failureHandler(signInEvents))
                .logout(logout -> logout
                        .logoutUrl("/sign-out")
                        .addLogoutHandler(signInEvents)
                        .logoutSuccessUrl("/sign-in?signed-out"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(PageSecurity.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)))
                .addFilterAfter(new CurrentStaffFilter(jdbc), SecurityContextHolderFilter.class);
        return http.build();
    }
}
