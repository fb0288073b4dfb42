package com.bloomtext.accounts.domain;

/**
 * A request that an account rule refuses, with a message written for the staff user (never PHI).
 * {@code field} names the form field at fault, or is empty for the form as a whole.
 */
public class AccountRuleException extends RuntimeException {

    private final String field;

    public AccountRuleException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
