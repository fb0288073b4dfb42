package com.bloomtext.messaging.internal;

import java.util.UUID;

import org.springframework.context.ApplicationContext;

/** For the benchmark harness: the delivery id of the application in this JVM, which texts it queues carry. */
public final class DeliveryNodes {

    private DeliveryNodes() {
    }

    public static UUID of(ApplicationContext context) {
        return context.getBean(DeliveryNode.class).id();
    }
}
