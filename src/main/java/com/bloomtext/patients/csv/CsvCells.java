package com.bloomtext.patients.csv;

/**
 * Cells of the CSV files BloomText writes: a cell that starts with =, +, -, @ (or a tab or carriage
 * return) is what spreadsheets run as a formula, so it gets a leading apostrophe (CSV injection).
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value
                : value;
    }
}
