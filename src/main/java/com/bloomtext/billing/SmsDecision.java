package com.bloomtext.billing;

import java.util.Optional;

/**
 * Whether the plan lets an organization send this SMS now. A refusal explains itself in words a
 * practice's staff understand; an allowed send past the allowance says so too (overage).
 */
public record SmsDecision(boolean allowed, boolean overage, String explanation) {

    static SmsDecision allow() {
        return new SmsDecision(true, false, null);
    }

    static SmsDecision allowOverage(String explanation) {
        return new SmsDecision(true, true, explanation);
    }

    static SmsDecision refuse(String explanation) {
        return new SmsDecision(false, false, explanation);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(explanation);
    }
}
