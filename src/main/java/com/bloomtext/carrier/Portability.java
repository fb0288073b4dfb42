package com.bloomtext.carrier;

/**
 * Whether a number can be ported in.
 *
 * @param reason why not, in words for the practice; null when portable
 */
public record Portability(boolean portable, String reason, String numberType) {

    public static Portability yes(String numberType) {
        return new Portability(true, null, numberType);
    }

    public static Portability no(String reason, String numberType) {
        return new Portability(false, reason, numberType);
    }
}
