package com.bloomtext.accounts.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.accounts.domain.StaffUsers;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-step verification for staff: enrolling an authenticator app (TOTP) confirmed by a first code, ten
 * single-use recovery codes, checking a code at sign-in, an administrator's reset, the organization's
 * policy. Secrets are stored encrypted ({@link SecretBox}) and never logged; recovery codes only hashed.
 */
@Service
public class TwoStepVerification {

    static final String ISSUER = "BloomText";
    static final int RECOVERY_CODES = 10;

    private final JdbcClient jdbc;
    private final StaffUsers users;
    private final SecretBox box;
    private final AuditLog auditLog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TwoStepVerification(JdbcClient jdbc, StaffUsers users, SecretBox box, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.box = box;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** What the enrolment page shows: the secret for typing, and as an otpauth:// URI and its QR code. */
    public record Enrolment(String secret, String uri, String qrCode) {
    }

    /** How a code typed at sign-in turned out. */
    public enum CodeCheck { AUTHENTICATOR, RECOVERY_CODE, WRONG }

    public boolean enrolled(UserId user) {
        return jdbc.sql("select count(*) from staff_mfa where user_id = :user and confirmed_at is not null")
                .param("user", user.value()).query(Integer.class).single() > 0;
    }

    /** The users of the organization who have two-step verification on. */
    public Set<UserId> enrolledUsers(OrgId org) {
        return new HashSet<>(jdbc.sql("select user_id from staff_mfa where organization_id = :org and confirmed_at is not null")
                .param("org", org.value()).query((rs, n) -> new UserId(rs.getObject("user_id", UUID.class))).list());
    }

    /**
     * The enrolment under way for this user: a new secret the first time, the same one until it is
     * confirmed (so a reload does not invalidate the QR code already scanned).
     */
    @Transactional
    public Enrolment pendingEnrolment(Actor actor) {
        if (enrolled(actor.userId())) {
            throw new IllegalStateException("Two-step verification is already on");
        }
        byte[] secret = jdbc.sql("select secret from staff_mfa where user_id = :user and confirmed_at is null")
                .param("user", actor.userId().value()).query(byte[].class).optional()
                .map(box::open)
                .orElseGet(() -> {
                    byte[] fresh = new byte[20];
                    random.nextBytes(fresh);
                    jdbc.sql("""
                                    insert into staff_mfa (user_id, organization_id, secret, created_at)
                                    values (:user, :org, :secret, :at)""")
                            .param("user", actor.userId().value()).param("org", actor.orgId().value())
                            .param("secret", box.seal(fresh)).param("at", Timestamp.from(clock.instant())).update();
                    return fresh;
                });
        String email = users.find(actor.orgId(), actor.userId()).map(StaffUser::email).orElseThrow();
        String base32 = Base32.encode(secret);
        String uri = "otpauth://totp/" + encode(ISSUER + ":" + email) + "?secret=" + base32 + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(base32.replaceAll("(.{4})(?!$)", "$1 "), uri, QrCodes.dataUri(uri));
    }

    /**
     * Turns two-step verification on when the code matches the pending secret.
     *
     * @return the recovery codes, to be shown once; empty when the code is wrong
     */
    @Transactional
    public Optional<List<String>> confirm(Actor actor, String code) {
        var pending = jdbc.sql("select secret from staff_mfa where user_id = :user and confirmed_at is null for update")
                .param("user", actor.userId().value()).query(byte[].class).optional();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong step = Totp.matchingStep(box.open(pending.get()), digits(code), clock.instant());
        if (step.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("update staff_mfa set confirmed_at = :at, last_step = :step where user_id = :user")
                .param("at", Timestamp.from(clock.instant())).param("step", step.getAsLong())
                .param("user", actor.userId().value()).update();
        List<String> codes = newRecoveryCodes(actor.userId(), actor.orgId());
        auditLog.record(actor, AuditAction.MFA_ENROLLED, AuditTarget.of("user", actor.userId()), Outcome.SUCCESS, null);
        return Optional.of(codes);
    }

    /**
     * Checks the code a user typed after their password: a current authenticator code (each accepted
     * once), or one of their unused recovery codes (used up by this). Wrong codes are audited here;
     * throttling is the caller's.
     */
    @Transactional
    public CodeCheck check(Actor user, String typed) {
        String text = typed == null ? "" : typed.strip();
        var secret = jdbc.sql("select secret from staff_mfa where user_id = :user and confirmed_at is not null")
                .param("user", user.userId().value()).query(byte[].class).optional();
        if (secret.isEmpty()) {
            return CodeCheck.WRONG;
        }
        if (digits(text).matches("\\d{" + Totp.DIGITS + "}")) {
            OptionalLong step = Totp.matchingStep(box.open(secret.get()), digits(text), clock.instant());
            if (step.isPresent() && jdbc.sql("""
                            update staff_mfa set last_step = :step
                            where user_id = :user and (last_step is null or last_step < :step)""")
                    .param("step", step.getAsLong()).param("user", user.userId().value()).update() == 1) {
                return CodeCheck.AUTHENTICATOR;
            }
        } else if (!text.isEmpty() && jdbc.sql("""
                        update staff_recovery_code set used_at = :at
                        where user_id = :user and code_hash = :hash and used_at is null""")
                .param("at", Timestamp.from(clock.instant())).param("user", user.userId().value())
                .param("hash", hash(text)).update() == 1) {
            auditLog.record(user, AuditAction.MFA_RECOVERY_CODE_USED, AuditTarget.of("user", user.userId()),
                    Outcome.SUCCESS, remainingRecoveryCodes(user.userId()) + " recovery codes left");
            return CodeCheck.RECOVERY_CODE;
        }
        auditLog.record(user, AuditAction.MFA_CHALLENGE_FAILED, AuditTarget.of("user", user.userId()), Outcome.FAILURE,
                null);
        return CodeCheck.WRONG;
    }

    public int remainingRecoveryCodes(UserId user) {
        return jdbc.sql("select count(*) from staff_recovery_code where user_id = :user and used_at is null")
                .param("user", user.value()).query(Integer.class).single();
    }

    /** An administrator turns a coworker's two-step verification off (a lost phone); they enrol again. */
    @Transactional
    public void reset(Actor admin, UserId user) {
        users.find(admin.orgId(), user).orElseThrow(() -> new NotFoundException("User"));
        jdbc.sql("delete from staff_recovery_code where user_id = :user and organization_id = :org")
                .param("user", user.value()).param("org", admin.orgId().value()).update();
        int removed = jdbc.sql("delete from staff_mfa where user_id = :user and organization_id = :org")
                .param("user", user.value()).param("org", admin.orgId().value()).update();
        auditLog.record(admin, AuditAction.MFA_RESET, AuditTarget.of("user", user), Outcome.SUCCESS,
                removed == 0 ? "was not enrolled" : null);
    }

    public MfaPolicy policy(OrgId org) {
        return jdbc.sql("select mfa_policy from organization where id = :org").param("org", org.value())
                .query((rs, n) -> MfaPolicy.valueOf(rs.getString(1))).optional().orElse(MfaPolicy.OFF);
    }

    @Transactional
    public void changePolicy(Actor admin, MfaPolicy policy) {
        if (!admin.admin()) {
            throw new org.springframework.security.access.AccessDeniedException("Administrators only");
        }
        MfaPolicy before = policy(admin.orgId());
        jdbc.sql("update organization set mfa_policy = :policy where id = :org")
                .param("policy", policy.name()).param("org", admin.orgId().value()).update();
        auditLog.record(admin, AuditAction.MFA_POLICY_CHANGED, AuditTarget.of("organization", admin.orgId()),
                Outcome.SUCCESS, before.name() + " -> " + policy.name());
    }

    private List<String> newRecoveryCodes(UserId user, OrgId org) {
        jdbc.sql("delete from staff_recovery_code where user_id = :user").param("user", user.value()).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] bytes = new byte[10];
            random.nextBytes(bytes);
            String code = Base32.encode(bytes).replaceAll("(.{4})(?!$)", "$1-");
            codes.add(code);
            jdbc.sql("""
                            insert into staff_recovery_code (user_id, organization_id, code_hash)
                            values (:user, :org, :hash)""")
                    .param("user", user.value()).param("org", org.value()).param("hash", hash(code)).update();
        }
        return codes;
    }

    /** Recovery codes compare without case, spaces or dashes. */
    static byte[] hash(String code) {
        String normalized = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        try {
            return MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digits(String code) {
        return code == null ? "" : code.replaceAll("\\s", "");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
