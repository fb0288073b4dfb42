package com.bloomtext.accounts.security;

import java.io.IOException;
import java.time.ZoneId;
import java.util.Optional;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.accounts.mfa.MfaPolicy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the signed-in user against the database on every request: a deactivated user is signed out
 * there and then, and a changed role takes effect on the next click, not at the next sign-in. The row
 * it reads also names the user and organization for the shell ({@link StaffShellIdentity}) and for the pages
 * ({@link CheckedStaff}: the user's name, the organization's name and time zone). It is also
 * the door of two-step verification: a password-only session opens only the code page, and a user whom
 * the organization's policy requires to use it and who has not set it up is sent to set it up.
 */
class CurrentStaffFilter extends OncePerRequestFilter {

    /** Where a user who owes two-step verification may still go: out, and the error page. */
    private static final java.util.Set<String> OPEN_DURING_SECOND_STEP = java.util.Set.of("/sign-out", "/sign-in", "/error");
    static final String TWO_STEP = com.bloomtext.ui.Shell.TWO_STEP;

    private final JdbcClient jdbc;

    CurrentStaffFilter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stylesheets, scripts and images show nothing of anyone: no need to ask the database for them. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/images/")
                || path.startsWith("/webjars/") || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        Authentication authentication = context.getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (authentication != null && authentication.getPrincipal() instanceof PendingSignIn
                && !path.equals(SecondStep.PATH) && !OPEN_DURING_SECOND_STEP.contains(path)) {
            response.sendRedirect(request.getContextPath() + SecondStep.PATH);
            return;
        }
        if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal principal) {
            Optional<StaffRow> row = load(principal);
            if (row.isEmpty() || !row.get().active()) {
                signOut(request);
                response.sendRedirect(request.getContextPath() + "/sign-in?ended");
                return;
            }
            if (row.get().role() != principal.role()) {
                StaffPrincipal refreshed = principal.withRole(row.get().role());
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(refreshed, null,
                        refreshed.getAuthorities()));
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
                }
            }
            request.setAttribute(CheckedStaff.ATTRIBUTE, new CheckedStaff(principal.userId(), principal.orgId(),
                    row.get().displayName(), row.get().role() == StaffRole.ADMIN, row.get().organizationName(),
                    row.get().timeZone()));
            if (row.get().mustEnrol() && !path.equals(TWO_STEP) && !OPEN_DURING_SECOND_STEP.contains(path)) {
                // The organization requires two-step verification of this user, who has none yet: nothing
                // else opens until they have set it up.
                response.sendRedirect(request.getContextPath() + TWO_STEP);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<StaffRow> load(StaffPrincipal principal) {
        return jdbc.sql("""
                        select u.role, u.active, u.display_name, o.name as organization_name, o.time_zone, o.mfa_policy,
                               exists (select 1 from staff_mfa m where m.user_id = u.id and m.confirmed_at is not null)
                                   as enrolled
                        from staff_user u join organization o on o.id = u.organization_id
                        where u.id = :id and u.organization_id = :org""")
                .param("id", principal.userId().value())
                .param("org", principal.orgId().value())
                .query((rs, n) -> {
                    StaffRole role = StaffRole.valueOf(rs.getString("role"));
                    return new StaffRow(role, rs.getBoolean("active"), rs.getString("display_name"),
                            rs.getString("organization_name"), ZoneId.of(rs.getString("time_zone")),
                            MfaPolicy.valueOf(rs.getString("mfa_policy")).requires(role) && !rs.getBoolean("enrolled"));
                })
                .optional();
    }

    private static void signOut(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private record StaffRow(StaffRole role, boolean active, String displayName, String organizationName,
            ZoneId timeZone, boolean mustEnrol) {
    }

}
