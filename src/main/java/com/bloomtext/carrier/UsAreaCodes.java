package com.bloomtext.carrier;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;

import org.springframework.stereotype.Component;

/**
 * The US geographic area codes in service, where each is ("San Francisco, CA" for 415) and in which
 * state and time zone, from libphonenumber's metadata and geocoder. Built once.
 */
@Component
public class UsAreaCodes {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** Local numbers only: not toll-free, premium-rate (900) or other non-geographic codes. */
    private static final java.util.Set<PhoneNumberUtil.PhoneNumberType> GEOGRAPHIC = java.util.EnumSet.of(
            PhoneNumberUtil.PhoneNumberType.FIXED_LINE, PhoneNumberUtil.PhoneNumberType.MOBILE,
            PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE);

    private final Map<String, Entry> byCode = new LinkedHashMap<>();

    public UsAreaCodes() {
        PhoneNumberOfflineGeocoder geocoder = PhoneNumberOfflineGeocoder.getInstance();
        PhoneNumberToTimeZonesMapper zones = PhoneNumberToTimeZonesMapper.getInstance();
        for (int npa = 200; npa <= 999; npa++) {
            PhoneNumber sample = parse("+1" + npa + "5550100");
            if (sample == null || !PHONES.isValidNumber(sample) || !"US".equals(PHONES.getRegionCodeForNumber(sample))
                    || !GEOGRAPHIC.contains(PHONES.getNumberType(sample))) {
                continue;
            }
            String locality = geocoder.getDescriptionForNumber(sample, Locale.US);
            if (locality.isEmpty()) {
                continue; // an area code nobody can place would not help patients recognize the number
            }
            List<String> timeZones = zones.getTimeZonesForNumber(sample);
            byCode.put(String.valueOf(npa), new Entry(locality, UsStates.stateOf(locality).orElse(""), timeZones));
        }
    }

    public boolean inService(AreaCode areaCode) {
        return byCode.containsKey(areaCode.value());
    }

    /** Where the area code is, as specific as the geocoder knows: "San Francisco, CA" or "Ohio". */
    public String locality(AreaCode areaCode) {
        Entry entry = byCode.get(areaCode.value());
        return entry == null ? "" : entry.locality();
    }

    /** Where a number is: the geocoder's answer for the number itself, else its area code's. */
    public String locality(com.bloomtext.shared.E164 number) {
        PhoneNumber parsed = parse(number.value());
        String described = parsed == null ? "" : PhoneNumberOfflineGeocoder.getInstance()
                .getDescriptionForNumber(parsed, Locale.US);
        return described.isEmpty() ? locality(new AreaCode(number.value().substring(2, 5))) : described;
    }

    /** Area codes of a state ("CA" or "California"), in numeric order. */
    public List<AreaCode> inState(String state) {
        Optional<String> code = UsStates.code(state);
        if (code.isEmpty()) {
            return List.of();
        }
        List<AreaCode> found = new ArrayList<>();
        byCode.forEach((npa, entry) -> {
            if (entry.state().equals(code.get())) {
                found.add(new AreaCode(npa));
            }
        });
        return found;
    }

    /** Area codes of a city ("San Francisco" in "CA"), in numeric order. */
    public List<AreaCode> inCity(String city, String state) {
        Optional<String> code = UsStates.code(state);
        if (city == null || city.isBlank() || code.isEmpty()) {
            return List.of();
        }
        String wanted = city.strip() + ", " + code.get();
        List<AreaCode> found = new ArrayList<>();
        byCode.forEach((npa, entry) -> {
            if (entry.locality().equalsIgnoreCase(wanted)) {
                found.add(new AreaCode(npa));
            }
        });
        return found;
    }

    /** Area codes whose only time zone is this one, in numeric order. */
    public List<AreaCode> inTimeZone(ZoneId zone) {
        List<AreaCode> found = new ArrayList<>();
        byCode.forEach((npa, entry) -> {
            if (entry.timeZones().equals(List.of(zone.getId()))) {
                found.add(new AreaCode(npa));
            }
        });
        return found;
    }

    /** Other area codes of the same state, nearest in number first: where to look when one is sold out. */
    public List<AreaCode> neighbours(AreaCode areaCode) {
        Entry entry = byCode.get(areaCode.value());
        if (entry == null || entry.state().isEmpty()) {
            return List.of();
        }
        List<AreaCode> same = new ArrayList<>(inState(entry.state()));
        same.remove(areaCode);
        int npa = Integer.parseInt(areaCode.value());
        same.sort((a, b) -> Integer.compare(Math.abs(Integer.parseInt(a.value()) - npa),
                Math.abs(Integer.parseInt(b.value()) - npa)));
        return Collections.unmodifiableList(same);
    }

    private static PhoneNumber parse(String e164) {
        try {
            return PHONES.parse(e164, "US");
        } catch (NumberParseException e) {
            return null;
        }
    }

    private record Entry(String locality, String state, List<String> timeZones) {
    }
}
