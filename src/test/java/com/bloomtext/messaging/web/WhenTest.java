package com.bloomtext.messaging.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class WhenTest {

    /** What the pages showed before {@link When}: its text must stay the same. */
    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US);

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"),
            ZoneId.of("Pacific/Honolulu"), ZoneId.of("UTC"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Pacific/Kiritimati"), ZoneId.of("-03:30"));

    @Test
    void writesWhatTheFormatterWroteInEveryZone() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // From 1960 to 2100, before and after the epoch, at any second.
            Instant at = Instant.ofEpochSecond(-315_619_200L + (long) (random.nextDouble() * 4_417_000_000L));
            for (ZoneId zone : ZONES) {
                assertThat(When.format(at, zone)).as("%s in %s", at, zone).isEqualTo(PATTERN.format(at.atZone(zone)));
            }
        }
    }

    @Test
    void midnightNoonAndDaylightSavingChanges() {
        ZoneId newYork = ZoneId.of("America/New_York");
        for (String moment : List.of("2026-11-27T05:00:00Z", "2026-11-27T17:00:00Z", "2026-11-27T04:59:59Z",
                "2026-03-08T06:59:00Z", "2026-03-08T07:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z",
                "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z", "2028-02-29T12:09:00Z")) {
            Instant at = Instant.parse(moment);
            assertThat(When.format(at, newYork)).as(moment).isEqualTo(PATTERN.format(at.atZone(newYork)));
        }
        assertThat(When.format(Instant.parse("2026-11-27T20:05:00Z"), newYork)).isEqualTo("Nov 27, 3:05 PM");
        assertThat(When.format(Instant.parse("2026-11-27T05:00:00Z"), newYork)).isEqualTo("Nov 27, 12:00 AM");
    }
}
