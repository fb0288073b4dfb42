package com.bloomtext.billing;

/**
 * What an organization's plan lets it do now, and how much of this month's SMS allowance it used.
 *
 * @param planId              the plan's configured id ("free", "sms-starter", ...)
 * @param planName            the plan's name as staff see it
 * @param smsEnabled          whether the plan includes SMS at all
 * @param phoneNumbersAllowed how many phone numbers the organization may hold
 * @param segmentsAllowed     SMS segments included each month
 * @param segmentsUsed        SMS segments sent this month
 */
public record Entitlement(String planId, String planName, boolean smsEnabled, int phoneNumbersAllowed,
        long segmentsAllowed, long segmentsUsed) {

    public long segmentsLeft() {
        return Math.max(0, segmentsAllowed - segmentsUsed);
    }

    public boolean overAllowance() {
        return segmentsUsed > segmentsAllowed;
    }
}
