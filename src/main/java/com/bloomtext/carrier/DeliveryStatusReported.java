package com.bloomtext.carrier;

/**
 * A carrier reported what became of a text: its status name ("sent", "delivered", "failed"...) and, for
 * a failure, the reason in words for staff. No content, no phone numbers.
 */
public record DeliveryStatusReported(String carrier, String carrierMessageId, String status, String reason) {
}
