package com.bloomtext.email;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mode {@code sandbox} keeps every email in the outbox page; {@code smtp} sends it through
 *             {@code spring.mail.*}
 * @param from the sender every email carries
 */
@ConfigurationProperties("bloomtext.email")
public record EmailProperties(@DefaultValue("sandbox") Mode mode,
        @DefaultValue("BloomText <no-reply@bloomtext.local>") String from) {

    public enum Mode { SANDBOX, SMTP }
}
