package com.bloomtext.carrier;

/** Where the carrier should send a number's inbound SMS and delivery status callbacks. */
public record WebhookUrls(String inboundSms, String statusCallback) {
}
