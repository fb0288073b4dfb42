package com.bloomtext.accounts.domain;

/** An organization's street address; every part may be blank until an admin fills it in. */
public record PostalAddress(String street, String city, String state, String postalCode) {

    public static final PostalAddress BLANK = new PostalAddress("", "", "", "");

    public PostalAddress {
        street = clean(street);
        city = clean(city);
        state = clean(state);
        postalCode = clean(postalCode);
    }

    public boolean blank() {
        return street.isEmpty() && city.isEmpty() && state.isEmpty() && postalCode.isEmpty();
    }

    private static String clean(String part) {
        return part == null ? "" : part.strip();
    }
}
