package com.bloomtext.carrier;

import java.util.UUID;

/** A text arrived at one of BloomText's numbers; read it with {@link InboundTexts#find}. Id only. */
public record InboundSmsReceived(UUID inboundId) {
}
