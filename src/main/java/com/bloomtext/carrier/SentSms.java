package com.bloomtext.carrier;

/** The carrier took the text; its id for it (Twilio's SM... sid). */
public record SentSms(String carrierMessageId) {
}
