package com.bloomtext.carrier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which carrier BloomText uses ({@code bloomtext.carrier.*}).
 *
 * @param provider {@code sandbox} (default) or {@code twilio}
 * @param twilio   the Twilio account
 */
@ConfigurationProperties("bloomtext.carrier")
public record CarrierProperties(@DefaultValue("sandbox") String provider, @DefaultValue Twilio twilio) {

    /**
     * @param accountSid the account (AC...)
     * @param authToken  the auth token, also the key of X-Twilio-Signature
     * @param apiBase    where the SDK's requests go; only changed to test against a local server
     * @param timeout    how long a request to Twilio may take (connecting, then waiting for the answer)
     *                   before it counts as a retryable outage
     */
    public record Twilio(@DefaultValue("") String accountSid, @DefaultValue("") String authToken,
            @DefaultValue("https://api.twilio.com") String apiBase, @DefaultValue("10s") java.time.Duration timeout) {

        @ConstructorBinding
        public Twilio {
        }

        public Twilio(String accountSid, String authToken, String apiBase) {
            this(accountSid, authToken, apiBase, java.time.Duration.ofSeconds(10));
        }
    }
}
