package com.bloomtext.accounts;

import java.time.ZoneId;

/** An organization as other modules see it: its name, time zone and where it is. */
public record OrganizationProfile(String name, ZoneId timeZone, String city, String state, String postalCode) {
}
