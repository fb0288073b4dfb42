package com.bloomtext.carrier;

import com.bloomtext.shared.E164;

/** A number BloomText bought, with the carrier's own id for it (Twilio's PN... sid). */
public record PurchasedNumber(E164 number, String carrierId) {
}
