package com.bloomtext.carrier;

/**
 * The carrier's SMS desk: hands one text to the carrier. Delivery receipts come back later as
 * {@link DeliveryStatusReported} events; texts from patients as {@link InboundSmsReceived}.
 */
public interface SmsGateway {

    String name();

    boolean sandbox();

    /**
     * @throws CarrierException when the carrier refused or could not be reached; {@link CarrierException#retryable()}
     *                          says whether trying again may help
     */
    SentSms send(OutboundSms sms);
}
