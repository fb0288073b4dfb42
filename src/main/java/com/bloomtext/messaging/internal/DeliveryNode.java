package com.bloomtext.messaging.internal;

import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * This application node, as the SMS outbox knows it: a queued text is stored with the node that hands it to the
 * carrier ({@code message.delivered_by}), and the node's heartbeat ({@code delivery_node}) tells the others it is
 * still at work. A new id at every start: a restarted node recovers its former texts like any other node's.
 */
@Component
class DeliveryNode {

    private final UUID id = UUID.randomUUID();

    UUID id() {
        return id;
    }
}
