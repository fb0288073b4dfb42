package com.bloomtext.accounts.security;

import com.bloomtext.ui.PageSecurity;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The support console's own sign-in: platform operators, separate from every organization's staff.
 * Its chain covers {@code /support/**} only, and a staff session opens none of it (nor the reverse).
 */
@Configuration(proxyBeanMethods = false)
class SupportSecurityConfiguration {

    static final String SUPPORT = "/support";

    private static final Logger log = LoggerFactory.getLogger(SupportSecurityConfiguration.class);

    @Bean
    @Order(2)
    SecurityFilterChain supportChain(HttpSecurity http, JdbcClient jdbc, PasswordEncoder passwordEncoder,
            AuditLog auditLog) throws Exception {
        DaoAuthenticationProvider operators = new DaoAuthenticationProvider(email -> jdbc.sql(
                        "select id, email, display_name, password_hash from support_operator where email = :email")
                .param("email", email == null ? "" : email.strip().toLowerCase(Locale.ROOT))
                .query((rs, n) -> new SupportPrincipal(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), rs.getString("password_hash")))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("No such operator")));
        operators.setPasswordEncoder(passwordEncoder);
        http.securityMatcher(SUPPORT + "/**")
                .authenticationManager(new ProviderManager(operators))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(SUPPORT + "/sign-in").permitAll()
                        .anyRequest().hasRole(SupportPrincipal.ROLE))
                .formLogin(form -> form
                        .loginPage(SUPPORT + "/sign-in")
                        .loginProcessingUrl(SUPPORT + "/sign-in")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .successHandler((request, response, authentication) -> {
                            auditLog.recordAnonymous(null, AuditAction.SUPPORT_SIGN_IN,
                                    AuditTarget.of("support_operator", authentication.getName()), Outcome.SUCCESS, null);
                            response.sendRedirect(request.getContextPath() + SUPPORT);
                        })
                        .failureHandler((request, response, exception) -> {
                            auditLog.recordAnonymous(null, AuditAction.SUPPORT_SIGN_IN_FAILED, AuditTarget.NONE,
                                    Outcome.FAILURE, null);
                            response.sendRedirect(request.getContextPath() + SUPPORT + "/sign-in?error");
                        }))
                .logout(logout -> logout.logoutUrl(SUPPORT + "/sign-out").logoutSuccessUrl(SUPPORT + "/sign-in?signed-out"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(PageSecurity.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * Creates (or resets the password of) the operator named by {@code bloomtext.support.operator.*}, so a
     * fresh installation has a way into the console. Nothing happens when no email is configured.
     */
    @Bean
    ApplicationRunner supportOperatorBootstrap(JdbcClient jdbc, PasswordEncoder passwordEncoder, Clock clock,
            @Value("${bloomtext.support.operator.email:}") String email,
            @Value("${bloomtext.support.operator.password:}") String password,
            @Value("${bloomtext.support.operator.name:Support}") String name) {
        return (ApplicationArguments arguments) -> {
            if (email.isBlank() || password.isBlank()) {
                return;
            }
            jdbc.sql("""
                            insert into support_operator (id, email, display_name, password_hash, created_at)
                            values (:id, :email, :name, :hash, :at)
                            on conflict (email) do update set password_hash = excluded.password_hash,
                                display_name = excluded.display_name""")
                    .param("id", UUID.randomUUID())
                    .param("email", email.strip().toLowerCase(Locale.ROOT))
                    .param("name", name)
                    .param("hash", passwordEncoder.encode(password))
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
            log.info("Support console operator configured");
        };
    }
}
