package com.bloomtext.carrier;

/** A three-digit North American area code, such as 415. Shape only; whether it is in use is the directory's. */
public record AreaCode(String value) {

    public AreaCode {
        if (value == null || !value.matches("[2-9]\\d\\d")) {
            throw new IllegalArgumentException("An area code is three digits and does not start with 0 or 1.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
