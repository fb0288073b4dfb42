package com.bloomtext.accounts.domain;

import java.time.Clock;
import java.time.ZoneId;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** "Create an organization": the practice and its first administrator, in one step. */
@Service
public class SignUp {

    /** Until an admin sets it under Settings → General. */
    static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("America/New_York");

    private final Organizations organizations;
    private final StaffUsers users;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog auditLog;
    private final Clock clock;

    SignUp(Organizations organizations, StaffUsers users, PasswordPolicy passwordPolicy,
            PasswordEncoder passwordEncoder, AuditLog auditLog, Clock clock) {
        this.organizations = organizations;
        this.users = users;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Creates the organization and its first administrator, who is returned to be signed in. */
    @Transactional
    public StaffUser createOrganization(String organizationName, String yourName, String email, String password) {
        if (users.emailTaken(email)) {
            throw new AccountRuleException("email", "An account with this email already exists. Sign in instead.");
        }
        passwordPolicy.problemWith(password, email).ifPresent(problem -> {
            throw new AccountRuleException("password", problem);
        });
        Organization organization = Organization.found(organizationName, DEFAULT_TIME_ZONE, clock.instant());
        organizations.add(organization);
        StaffUser admin = StaffUser.join(organization.id(), email, yourName, passwordEncoder.encode(password),
                StaffRole.ADMIN, clock.instant());
        users.add(admin);
        auditLog.record(new AccountActor(admin), AuditAction.SIGN_UP, AuditTarget.of("organization", organization.id()),
                Outcome.SUCCESS, null);
        return admin;
    }
}
