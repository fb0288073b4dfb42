package com.bloomtext.carrier;

/** The carrier refused or could not be reached. The message is written for staff and holds no PHI. */
public class CarrierException extends RuntimeException {

    public CarrierException(String message) {
        super(message);
    }

    public CarrierException(String message, Throwable cause) {
        super(message, cause);
    }
}
