package com.bloomtext.numbers.support;

/** A port-in request as the support console shows it. Account number and PIN are gone once it closes. */
public record SupportRow(String id, String organization, String number, String currentCarrier, String accountNumber,
        String pin, String authorizedName, String serviceAddress, String status, String reason, boolean open,
        boolean eligible, String submitted) {
}
