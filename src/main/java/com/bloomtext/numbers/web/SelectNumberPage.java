package com.bloomtext.numbers.web;

import java.util.List;

import com.bloomtext.numbers.internal.NumberPurchases.Suggestion;

/**
 * "Pick your phone number".
 *
 * @param limitProblem why no number can be added now, or null
 * @param searched     whether a valid area code was searched (its list shows, even empty)
 * @param numbers      the numbers for sale in the searched area code
 * @param selected     the E.164 of the row chosen, or null
 * @param neighbours   other area codes to try when this one has none
 */
public record SelectNumberPage(String limitProblem, String areaCode, boolean searched, String problem,
        List<NumberRow> numbers,
        String selected, List<Suggestion> suggestions, List<Suggestion> neighbours, boolean sandbox,
        List<PortInRow> portIns) {

    public record NumberRow(String e164, String display, String locality, boolean selected) {
    }

    public record PortInRow(String number, String status, String reason, String submitted) {
    }
}
