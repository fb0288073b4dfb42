package com.bloomtext.carrier;

import java.util.List;

import com.bloomtext.shared.E164;

/**
 * The carrier's number desk: what numbers are for sale in an area code, buying one with BloomText's
 * webhooks set on it, letting one go, and whether a number elsewhere could be ported in.
 */
public interface NumberProvisioning {

    /** "sandbox" or "twilio". */
    String name();

    /** Whether this is the sandbox carrier, labelled "Sandbox" in the UI. */
    boolean sandbox();

    /**
     * Numbers for sale with SMS in this US area code, at most {@code limit}, in a stable order.
     *
     * @throws CarrierException when the carrier cannot be asked
     */
    List<AvailableNumber> searchLocal(AreaCode areaCode, int limit);

    /**
     * Buys the number, pointing its inbound SMS and status callbacks at BloomText.
     *
     * @throws NumberUnavailableException when someone else bought it first
     * @throws CarrierException           for any other refusal
     */
    PurchasedNumber purchase(E164 number, WebhookUrls webhooks);

    /** Gives the number back to the carrier. */
    void release(PurchasedNumber number);

    /** Whether the number could be ported in, and if not, why. */
    Portability checkPortability(E164 number);
}
