package com.bloomtext.carrier.smpp;

import java.util.List;

import com.bloomtext.carrier.AreaCode;
import com.bloomtext.carrier.AvailableNumber;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.NumberProvisioning;
import com.bloomtext.carrier.Portability;
import com.bloomtext.carrier.PurchasedNumber;
import com.bloomtext.carrier.WebhookUrls;
import com.bloomtext.shared.E164;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The number desk of an SMPP aggregator, which sells no numbers over the protocol: its numbers are
 * assigned under the aggregator's contract, so they reach BloomText as port-in requests that support
 * completes. Search offers nothing and says so; portability follows the same rules as elsewhere.
 */
@Component
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "smpp")
class SmppNumberDesk implements NumberProvisioning {

    static final String NO_SALES = "Your SMS aggregator assigns numbers under its contract; they can't be bought here. "
            + "Use \"Keep your existing number\" to bring one in: support completes it.";

    @Override
    public String name() {
        return "smpp";
    }

    @Override
    public boolean sandbox() {
        return false;
    }

    @Override
    public List<AvailableNumber> searchLocal(AreaCode areaCode, int limit) {
        throw new CarrierException(NO_SALES);
    }

    @Override
    public PurchasedNumber purchase(E164 number, WebhookUrls webhooks) {
        throw new CarrierException(NO_SALES);
    }

    /** Releasing happens with the aggregator; BloomText only stops using the number. */
    @Override
    public void release(PurchasedNumber number) {
    }

    @Override
    public Portability checkPortability(E164 number) {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        try {
            if (phones.getNumberType(phones.parse(number.value(), "US")) == PhoneNumberUtil.PhoneNumberType.TOLL_FREE) {
                return Portability.no("Toll-free numbers can't be ported to BloomText.", "TOLL-FREE");
            }
        } catch (NumberParseException e) {
            return Portability.no("That number could not be read.", "UNKNOWN");
        }
        return Portability.yes("LOCAL");
    }
}
