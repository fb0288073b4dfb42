package com.bloomtext.carrier;

/** The number was sold to someone else between search and purchase. */
public class NumberUnavailableException extends CarrierException {

    public NumberUnavailableException() {
        super("That number was just taken. Pick another one.");
    }
}
