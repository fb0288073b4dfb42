package com.bloomtext.carrier;

import com.bloomtext.shared.E164;

/**
 * One text to send. The idempotency key (BloomText's message id) makes a repeated hand-over after a
 * crash the same send, where the carrier supports it.
 */
public record OutboundSms(String idempotencyKey, E164 from, E164 to, String body, String statusCallbackUrl) {
}
