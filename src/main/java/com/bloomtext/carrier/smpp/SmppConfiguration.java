package com.bloomtext.carrier.smpp;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers {@link SmppProperties} when the SMPP carrier is chosen. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "smpp")
@EnableConfigurationProperties(SmppProperties.class)
class SmppConfiguration {
}
