package com.bloomtext.numbers.internal;

/** The plan does not allow another number (or any): the message says why and where to change it. */
public class NumberLimitException extends RuntimeException {

    public NumberLimitException(String message) {
        super(message);
    }
}
