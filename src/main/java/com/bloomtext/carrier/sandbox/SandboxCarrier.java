package com.bloomtext.carrier.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.bloomtext.carrier.AreaCode;
import com.bloomtext.carrier.AvailableNumber;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.NumberProvisioning;
import com.bloomtext.carrier.NumberUnavailableException;
import com.bloomtext.carrier.Portability;
import com.bloomtext.carrier.PurchasedNumber;
import com.bloomtext.carrier.UsAreaCodes;
import com.bloomtext.carrier.WebhookUrls;
import com.bloomtext.shared.E164;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox carrier: a deterministic inventory of the fictional numbers NPA-555-0100 to NPA-555-0199
 * in every US area code in service, kept in its own books so that a number sold once is never offered
 * again until released. Portability follows real rules.
 */
@Component
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "sandbox", matchIfMissing = true)
class SandboxCarrier implements NumberProvisioning {

    static final int FIRST = 100;
    static final int LAST = 199;

    private final JdbcClient jdbc;
    private final UsAreaCodes areaCodes;
    private final Clock clock;

    SandboxCarrier(JdbcClient jdbc, UsAreaCodes areaCodes, Clock clock) {
        this.jdbc = jdbc;
        this.areaCodes = areaCodes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public boolean sandbox() {
        return true;
    }

    @Override
    public List<AvailableNumber> searchLocal(AreaCode areaCode, int limit) {
        if (!areaCodes.inService(areaCode)) {
            return List.of();
        }
        Set<String> sold = new HashSet<>(jdbc.sql("select number from sandbox_carrier_number where number like :prefix")
                .param("prefix", "+1" + areaCode.value() + "555%")
                .query(String.class)
                .list());
        List<AvailableNumber> available = new ArrayList<>();
        for (E164 number : inventory(areaCode)) {
            if (available.size() == limit) {
                break;
            }
            if (!sold.contains(number.value())) {
                available.add(new AvailableNumber(number, areaCodes.locality(number)));
            }
        }
        return available;
    }

    @Override
    public PurchasedNumber purchase(E164 number, WebhookUrls webhooks) {
        if (!forSale(number)) {
            throw new CarrierException("The sandbox carrier doesn't sell that number.");
        }
        String carrierId = "SBPN" + UUID.randomUUID().toString().replace("-", "");
        try {
            jdbc.sql("insert into sandbox_carrier_number (number, carrier_id, purchased_at) values (:number, :id, :at)")
                    .param("number", number.value())
                    .param("id", carrierId)
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new NumberUnavailableException();
        }
        return new PurchasedNumber(number, carrierId);
    }

    @Override
    public void release(PurchasedNumber number) {
        jdbc.sql("delete from sandbox_carrier_number where carrier_id = :id").param("id", number.carrierId()).update();
    }

    @Override
    public Portability checkPortability(E164 number) {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        PhoneNumberUtil.PhoneNumberType type;
        try {
            type = phones.getNumberType(phones.parse(number.value(), "US"));
        } catch (NumberParseException e) {
            return Portability.no("That number could not be read.", "UNKNOWN");
        }
        if (type == PhoneNumberUtil.PhoneNumberType.TOLL_FREE) {
            return Portability.no("Toll-free numbers can't be ported to BloomText.", "TOLL-FREE");
        }
        boolean onBloomText = jdbc.sql("select count(*) from sandbox_carrier_number where number = :number")
                .param("number", number.value()).query(Integer.class).single() > 0;
        if (onBloomText) {
            return Portability.no("This number is already on BloomText.", "LOCAL");
        }
        return Portability.yes(type == PhoneNumberUtil.PhoneNumberType.MOBILE ? "MOBILE" : "LOCAL");
    }

    /** The area code's 100 numbers in a fixed order that looks like a carrier's, not a counter's. */
    static List<E164> inventory(AreaCode areaCode) {
        List<E164> numbers = new ArrayList<>();
        for (int line = FIRST; line <= LAST; line++) {
            numbers.add(new E164("+1" + areaCode.value() + "5550" + line));
        }
        java.util.Collections.shuffle(numbers, new Random(Integer.parseInt(areaCode.value())));
        return numbers;
    }

    private boolean forSale(E164 number) {
        String value = number.value();
        if (!value.matches("\\+1[2-9]\\d\\d5550(1\\d\\d)")) {
            return false;
        }
        return areaCodes.inService(new AreaCode(value.substring(2, 5)));
    }
}
