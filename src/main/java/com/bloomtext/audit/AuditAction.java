package com.bloomtext.audit;

/** Every action the audit log knows, in one place. Later modules add theirs here. */
public enum AuditAction {
    SIGN_UP,
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    ORGANIZATION_UPDATED,
    INVITATION_SENT,
    INVITATION_REVOKED,
    INVITATION_ACCEPTED,
    ROLE_CHANGED,
    USER_DEACTIVATED,
    CHECKOUT_STARTED,
    CHECKOUT_DECLINED,
    SUBSCRIPTION_CANCELLED,
    PLAN_CHANGED,
    WEBHOOK_REJECTED
}
