package com.bloomtext.carrier.smpp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMPP 3.4 link to the carrier's SMSC ({@code bloomtext.carrier.smpp.*}), used when
 * {@code bloomtext.carrier.provider=smpp}.
 *
 * @param host                  the SMSC's host
 * @param port                  its port (2775 by convention)
 * @param systemId              our login
 * @param password              our password
 * @param systemType            the system_type the SMSC expects, often empty
 * @param enquireLinkMillis     how often the link is checked with enquire_link
 * @param reconnectDelayMillis  how long to wait before binding again after the link dropped
 * @param throttleBackoffMillis after the SMSC said "throttled" (0x58) or "queue full" (0x14), how long sends
 *                              fail fast (retryable) without asking it
 */
@ConfigurationProperties("bloomtext.carrier.smpp")
public record SmppProperties(
        @DefaultValue("localhost") String host,
        @DefaultValue("2775") int port,
        @DefaultValue("") String systemId,
        @DefaultValue("") String password,
        @DefaultValue("") String systemType,
        @DefaultValue("30000") long enquireLinkMillis,
        @DefaultValue("5000") long reconnectDelayMillis,
        @DefaultValue("1000") long throttleBackoffMillis) {

    @Override
    public String toString() {
        return "SmppProperties[host=" + host + ", port=" + port + ", systemId=" + systemId + ", password=***, systemType="
                + systemType + ", enquireLinkMillis=" + enquireLinkMillis + ", reconnectDelayMillis=" + reconnectDelayMillis
                + ", throttleBackoffMillis=" + throttleBackoffMillis + "]";
    }
}
