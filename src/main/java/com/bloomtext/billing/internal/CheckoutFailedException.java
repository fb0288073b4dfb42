package com.bloomtext.billing.internal;

/** The payment provider could not be reached or refused the request; the message is for staff. */
public class CheckoutFailedException extends RuntimeException {

    public CheckoutFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
