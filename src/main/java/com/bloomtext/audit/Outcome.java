package com.bloomtext.audit;

/** How an audited action ended. */
public enum Outcome {
    SUCCESS,
    /** It was attempted and did not work (a wrong password). */
    FAILURE,
    /** A rule or a permission refused it (the last administrator, a throttled sign-in). */
    DENIED
}
