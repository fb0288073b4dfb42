package com.bloomtext.carrier;

import com.bloomtext.shared.E164;

/** A number for sale, with where it is ("San Francisco, CA"). */
public record AvailableNumber(E164 number, String locality) {
}
