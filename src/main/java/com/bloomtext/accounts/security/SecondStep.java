package com.bloomtext.accounts.security;

import com.bloomtext.accounts.domain.AccountActor;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.accounts.domain.StaffUsers;
import com.bloomtext.accounts.mfa.TwoStepVerification;
import com.bloomtext.accounts.mfa.TwoStepVerification.CodeCheck;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

/**
 * The second step of signing in for a user with two-step verification: their authenticator's code or a
 * recovery code, throttled like passwords, after which they are signed in as usual.
 */
@Component
public class SecondStep {

    public static final String PATH = "/sign-in/code";

    /** How an attempt ended. */
    public enum Result { SIGNED_IN, WRONG, PAUSED, ENDED }

    private final TwoStepVerification twoStep;
    private final SignInThrottle throttle;
    private final StaffUsers users;
    private final SignInSessions sessions;

    SecondStep(TwoStepVerification twoStep, SignInThrottle throttle, StaffUsers users, SignInSessions sessions) {
        this.twoStep = twoStep;
        this.throttle = throttle;
        this.users = users;
        this.sessions = sessions;
    }

    public Result attempt(PendingSignIn pending, String code, HttpServletRequest request, HttpServletResponse response) {
        StaffUser user = users.find(pending.orgId(), pending.userId()).filter(StaffUser::active).orElse(null);
        if (user == null) {
            return Result.ENDED;
        }
        if (throttle.codePaused(user.id(), request.getRemoteAddr())) {
            return Result.PAUSED;
        }
        CodeCheck check = twoStep.check(new AccountActor(user), code);
        if (check == CodeCheck.WRONG) {
            throttle.recordCodeFailure(user.id(), request.getRemoteAddr());
            return Result.WRONG;
        }
        throttle.clearCodes(user.id());
        sessions.signIn(user, request, response,
                check == CodeCheck.RECOVERY_CODE ? "with a recovery code" : "with an authenticator code");
        return Result.SIGNED_IN;
    }

    public long pauseMinutes() {
        return throttle.window().toMinutes();
    }
}
