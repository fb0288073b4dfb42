package com.bloomtext.shared;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

/** Durable event listeners (Modulith's application module listeners) run after commit, off the request. */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfiguration {
}
