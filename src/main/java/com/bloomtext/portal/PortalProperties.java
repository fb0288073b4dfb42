package com.bloomtext.portal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The patient portal's limits ({@code bloomtext.portal.*}).
 *
 * @param idleTimeout           a verified session ends after this long without a request
 * @param maxFailures           failed identity checks that lock a link until staff resend it
 * @param maxFailuresPerAddress failed identity checks from one client address, across links, that pause checks there
 * @param throttleWindow        how long an address's failures count
 * @param codeValidity          how long a one-time code works
 * @param maxCodes              one-time codes a link may send (each replaces the last)
 */
@ConfigurationProperties("bloomtext.portal")
public record PortalProperties(@DefaultValue("30m") Duration idleTimeout, @DefaultValue("5") int maxFailures,
        @DefaultValue("20") int maxFailuresPerAddress, @DefaultValue("15m") Duration throttleWindow,
        @DefaultValue("10m") Duration codeValidity, @DefaultValue("5") int maxCodes) {
}
