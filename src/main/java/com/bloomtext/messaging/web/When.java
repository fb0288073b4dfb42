package com.bloomtext.messaging.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A moment as the inbox and a conversation show it, "Nov 27, 3:05 PM" in the organization's time zone: the
 * same text as {@code DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US)} (WhenTest compares them), written out
 * by hand. The inbox formats one per row (up to {@link InboxPages#ROW_LIMIT}), a conversation one per message,
 * and the formatter's general machinery (a zoned date-time, a print context, a field lookup per letter) was a
 * visible share of each page's CPU.
 */
final class When {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private When() {
    }

    static String format(Instant at, ZoneId zone) {
        long local = at.getEpochSecond() + zone.getRules().getOffset(at).getTotalSeconds();
        long day = Math.floorDiv(local, 86_400);
        int second = (int) Math.floorMod(local, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int hour = second / 3600;
        int minute = second / 60 % 60;
        int clock = hour % 12 == 0 ? 12 : hour % 12;
        // "Sep 30, 12:59 PM": at most 16 ASCII characters.
        byte[] text = new byte[16];
        String month = MONTHS[date.getMonthValue() - 1];
        text[0] = (byte) month.charAt(0);
        text[1] = (byte) month.charAt(1);
        text[2] = (byte) month.charAt(2);
        text[3] = ' ';
        int end = digits(text, 4, date.getDayOfMonth());
        text[end++] = ',';
        text[end++] = ' ';
        end = digits(text, end, clock);
        text[end++] = ':';
        text[end++] = (byte) ('0' + minute / 10);
        text[end++] = (byte) ('0' + minute % 10);
        text[end++] = ' ';
        text[end++] = (byte) (hour < 12 ? 'A' : 'P');
        text[end++] = 'M';
        return new String(text, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** 1 to 31 without a leading zero. */
    private static int digits(byte[] text, int at, int value) {
        if (value >= 10) {
            text[at++] = (byte) ('0' + value / 10);
        }
        text[at++] = (byte) ('0' + value % 10);
        return at;
    }
}
