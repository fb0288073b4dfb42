package com.bloomtext.accounts.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.UserId;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;
import com.bloomtext.shared.web.PublicBaseUrl;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An organization's staff as its administrators manage it: invitations, roles, deactivation. Every
 * method starts from the acting admin's organization, so another organization's records are not found.
 */
@Service
public class Coworkers {

    public static final String INVITATION_PATH = "/invitations/";

    static final String LAST_ADMIN =
            "Your organization needs at least one administrator. Make someone else an admin first.";

    private final StaffUsers users;
    private final Invitations invitations;
    private final Organizations organizations;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final StaffSessions sessions;
    private final AuditLog auditLog;
    private final Mailer mailer;
    private final PublicBaseUrl publicBaseUrl;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration invitationValidity;

    Coworkers(StaffUsers users, Invitations invitations, Organizations organizations, PasswordPolicy passwordPolicy,
            PasswordEncoder passwordEncoder, StaffSessions sessions, AuditLog auditLog, Mailer mailer,
            PublicBaseUrl publicBaseUrl, TransactionTemplate transaction, Clock clock,
            @Value("${bloomtext.security.invitation-validity:7d}") Duration invitationValidity) {
        this.users = users;
        this.invitations = invitations;
        this.organizations = organizations;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.sessions = sessions;
        this.auditLog = auditLog;
        this.mailer = mailer;
        this.publicBaseUrl = publicBaseUrl;
        this.transaction = transaction;
        this.clock = clock;
        this.invitationValidity = invitationValidity;
    }

    public List<StaffUser> staff(Actor actor) {
        return users.all(actor.orgId());
    }

    public List<Invitation> openInvitations(Actor admin) {
        requireAdmin(admin);
        return invitations.open(admin.orgId());
    }

    /**
     * Invites a coworker by email. An earlier open invitation for the same address is replaced. The
     * invitation is committed before the email goes out, so a mail server fault loses nothing: the
     * admin is told and can resend.
     */
    public void invite(Actor admin, String email) {
        requireAdmin(admin);
        String address = StaffUser.normalizeEmail(email);
        InvitationToken token = InvitationToken.generate();
        transaction.executeWithoutResult(status -> {
            users.findByEmail(address).ifPresent(existing -> {
                throw new AccountRuleException("email", existing.organization().equals(admin.orgId())
                        ? "This person is already on your staff."
                        : "This email already has a BloomText account with another organization.");
            });
            invitations.findOpenByEmail(admin.orgId(), address)
                    .ifPresent(earlier -> invitations.revoke(earlier, clock.instant()));
            Instant now = clock.instant();
            Invitation invitation = new Invitation(UUID.randomUUID(), admin.orgId(), address, admin.userId(), now,
                    now.plus(invitationValidity));
            invitations.add(invitation, token);
            auditLog.record(admin, AuditAction.INVITATION_SENT, AuditTarget.of("invitation", invitation.id()),
                    Outcome.SUCCESS, null);
        });
        mailer.send(invitationEmail(admin, address, token));
    }

    /** Sends a fresh link for an open invitation; the old link stops working. */
    public void resend(Actor admin, UUID invitationId) {
        requireAdmin(admin);
        Invitation invitation = invitations.findOpen(admin.orgId(), invitationId)
                .orElseThrow(() -> new NotFoundException("Invitation"));
        invite(admin, invitation.email());
    }

    public void revoke(Actor admin, UUID invitationId) {
        requireAdmin(admin);
        transaction.executeWithoutResult(status -> {
            Invitation invitation = invitations.findOpen(admin.orgId(), invitationId)
                    .orElseThrow(() -> new NotFoundException("Invitation"));
            invitations.revoke(invitation, clock.instant());
            auditLog.record(admin, AuditAction.INVITATION_REVOKED, AuditTarget.of("invitation", invitation.id()),
                    Outcome.SUCCESS, null);
        });
    }

    /** What the invitee sees before accepting: whose invitation, for which address. */
    public Optional<InvitationPreview> preview(String token) {
        return invitations.findOpenByToken(new InvitationToken(token), false)
                .filter(invitation -> !invitation.expiredAt(clock.instant()))
                .flatMap(invitation -> organizations.find(invitation.organization())
                        .map(organization -> new InvitationPreview(organization.name(), invitation.email())));
    }

    /** The invitee joins as a member with the name and password they chose; returned to be signed in. */
    public StaffUser accept(String token, String displayName, String password) {
        return transaction.execute(status -> {
            Invitation invitation = invitations.findOpenByToken(new InvitationToken(token), true)
                    .filter(open -> !open.expiredAt(clock.instant()))
                    .orElseThrow(() -> new AccountRuleException("",
                            "This invitation has expired or was already used. Ask an administrator to invite you again."));
            if (users.emailTaken(invitation.email())) {
                throw new AccountRuleException("", "An account with this email already exists. Sign in instead.");
            }
            passwordPolicy.problemWith(password, invitation.email()).ifPresent(problem -> {
                throw new AccountRuleException("password", problem);
            });
            StaffUser member = StaffUser.join(invitation.organization(), invitation.email(), displayName,
                    passwordEncoder.encode(password), StaffRole.MEMBER, clock.instant());
            users.add(member);
            invitations.markAccepted(invitation, member.id(), clock.instant());
            auditLog.record(new AccountActor(member), AuditAction.INVITATION_ACCEPTED,
                    AuditTarget.of("invitation", invitation.id()), Outcome.SUCCESS, null);
            return member;
        });
    }

    public void changeRole(Actor admin, UserId userId, StaffRole newRole) {
        requireAdmin(admin);
        transaction.executeWithoutResult(status -> {
            StaffUser user = users.find(admin.orgId(), userId).filter(StaffUser::active)
                    .orElseThrow(() -> new NotFoundException("User"));
            StaffRole before = user.role();
            if (before == newRole) {
                return;
            }
            if (before == StaffRole.ADMIN) {
                refuseIfLastAdmin(admin, user, AuditAction.ROLE_CHANGED);
            }
            user.changeRole(newRole);
            users.save(user);
            auditLog.record(admin, AuditAction.ROLE_CHANGED, AuditTarget.of("user", user.id()), Outcome.SUCCESS,
                    before.name() + " -> " + newRole.name());
        });
    }

    /** Deactivates a user and ends every session they have open, at once. */
    public void deactivate(Actor admin, UserId userId) {
        requireAdmin(admin);
        boolean changed = Boolean.TRUE.equals(transaction.execute(status -> {
            StaffUser user = users.find(admin.orgId(), userId).orElseThrow(() -> new NotFoundException("User"));
            if (!user.active()) {
                return false;
            }
            if (user.admin()) {
                refuseIfLastAdmin(admin, user, AuditAction.USER_DEACTIVATED);
            }
            user.deactivate();
            users.save(user);
            auditLog.record(admin, AuditAction.USER_DEACTIVATED, AuditTarget.of("user", user.id()), Outcome.SUCCESS,
                    null);
            return true;
        }));
        if (changed) {
            sessions.endAllFor(userId);
        }
    }

    private void refuseIfLastAdmin(Actor admin, StaffUser user, AuditAction action) {
        List<UserId> admins = users.lockActiveAdmins(admin.orgId());
        if (admins.size() <= 1 && admins.contains(user.id())) {
            throw new LastAdminException(LAST_ADMIN, action, user.id());
        }
    }

    private OutgoingEmail invitationEmail(Actor admin, String address, InvitationToken token) {
        String organization = organizations.find(admin.orgId()).map(Organization::name).orElseThrow();
        String inviter = users.find(admin.orgId(), admin.userId()).map(StaffUser::displayName).orElse("An administrator");
        String link = publicBaseUrl.link(INVITATION_PATH + token.value());
        return new OutgoingEmail(admin.orgId(), address, "Join " + organization + " on BloomText", """
                %s invited you to join %s on BloomText.

                Accept the invitation: %s

                The link works for %d days. If you weren't expecting this invitation, you can ignore this email.
                """.formatted(inviter, organization, link, Math.max(1, invitationValidity.toDays())));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new AccessDeniedException("Administrators only");
        }
    }

    /** The last administrator cannot be demoted or deactivated. */
    public static class LastAdminException extends AccountRuleException {

        private final AuditAction action;
        private final UserId user;

        LastAdminException(String message, AuditAction action, UserId user) {
            super("", message);
            this.action = action;
            this.user = user;
        }

        public AuditAction action() {
            return action;
        }

        public UserId user() {
            return user;
        }
    }
}
