package com.bloomtext.accounts;

import java.time.ZoneId;

/**
 * An organization as other modules see it: its name, time zone, where it is, and how many days a
 * secure link it sends stays usable.
 */
public record OrganizationProfile(String name, ZoneId timeZone, String city, String state, String postalCode,
        int secureLinkDays) {
}
