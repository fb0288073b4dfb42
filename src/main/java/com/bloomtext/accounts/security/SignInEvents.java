package com.bloomtext.accounts.security;

import java.io.IOException;
import java.util.List;

import com.bloomtext.accounts.domain.StaffUsers;
import com.bloomtext.accounts.mfa.TwoStepVerification;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/** What happens around sign-in and sign-out: the throttle's count, the audit log, where to go next. */
@Component
class SignInEvents extends SavedRequestAwareAuthenticationSuccessHandler
        implements AuthenticationFailureHandler, LogoutHandler {

    private final SignInThrottle throttle;
    private final StaffUsers users;
    private final AuditLog auditLog;
    private final TwoStepVerification twoStep;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInEvents(SignInThrottle throttle, StaffUsers users, AuditLog auditLog, TwoStepVerification twoStep) {
        this.throttle = throttle;
        this.users = users;
        this.auditLog = auditLog;
        this.twoStep = twoStep;
        setDefaultTargetUrl("/inbox");
        setAlwaysUseDefaultTargetUrl(false);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws ServletException, IOException {
        StaffPrincipal principal = (StaffPrincipal) authentication.getPrincipal();
        throttle.clearAccount(request.getParameter("email"));
        if (twoStep.enrolled(principal.userId())) {
            // The password was right; the session holds only the right to enter the code until it is.
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    new PendingSignIn(principal.userId(), principal.orgId()), null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + PendingSignIn.ROLE))));
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
            response.sendRedirect(request.getContextPath() + SecondStep.PATH);
            return;
        }
        auditLog.record(principal, AuditAction.SIGN_IN, AuditTarget.of("user", principal.userId()), Outcome.SUCCESS, null);
        super.onAuthenticationSuccess(request, response, authentication);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String email = request.getParameter("email");
        boolean paused = exception instanceof StaffAuthenticationProvider.SignInPausedException;
        if (!paused) {
            throttle.recordFailure(email, request.getRemoteAddr());
        }
        var user = users.findByEmail(email);
        auditLog.recordAnonymous(user.map(found -> found.organization()).orElse(null), AuditAction.SIGN_IN_FAILED,
                user.map(found -> AuditTarget.of("user", found.id())).orElse(AuditTarget.NONE),
                paused ? Outcome.DENIED : Outcome.FAILURE, paused ? "throttled" : null);
        response.sendRedirect(request.getContextPath() + (paused ? "/sign-in?paused" : "/sign-in?error"));
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal principal) {
            auditLog.record(principal, AuditAction.SIGN_OUT, AuditTarget.of("user", principal.userId()),
                    Outcome.SUCCESS, null);
        }
    }
}
