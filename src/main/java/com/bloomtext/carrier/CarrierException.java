package com.bloomtext.carrier;

/** The carrier refused or could not be reached. The message is written for staff and holds no PHI. */
public class CarrierException extends RuntimeException {

    private final boolean retryable;

    public CarrierException(String message) {
        this(message, null, false);
    }

    public CarrierException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param retryable whether trying the same request again later may succeed (an outage, throttling) */
    public CarrierException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
