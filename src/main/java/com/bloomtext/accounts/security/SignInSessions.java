package com.bloomtext.accounts.security;

import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/** Signs a staff user in without a password form: right after they created an organization or joined one. */
@Component
public class SignInSessions {

    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private final AuditLog auditLog;

    SignInSessions(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public void signIn(StaffUser user, HttpServletRequest request, HttpServletResponse response) {
        signIn(user, request, response, null);
    }

    /** Signs in, with a detail for the audit log ("authenticator code", "recovery code"). */
    void signIn(StaffUser user, HttpServletRequest request, HttpServletResponse response, String detail) {
        StaffPrincipal principal = StaffPrincipal.of(user);
        principal.eraseCredentials();
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        repository.saveContext(context, request, response);
        auditLog.record(principal, AuditAction.SIGN_IN, AuditTarget.of("user", principal.userId()), Outcome.SUCCESS,
                detail);
    }
}
