package com.bloomtext.messaging.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This application node, as the SMS outbox knows it: a queued text is stored with the node that hands it to the
 * carrier ({@code message.delivered_by}), and the node's heartbeat ({@code delivery_node}) tells the others it is
 * still at work.
 * <p>
 * The id stays the same across restarts of the same node, so that a node that is restarted (or killed and started
 * again) picks up its own queued texts as soon as it is ready, not after the other nodes' timeout: it is
 * {@code bloomtext.node-id} when set, else the host's name with the server's port (two processes cannot listen on
 * the same port of one host at once). With neither (a random port, as in tests) it is new at every start, and a
 * restarted node's former texts are claimed like any stopped node's.
 */
@Component
class DeliveryNode {

    private final UUID id;

    DeliveryNode(@Value("${bloomtext.node-id:}") String configured, @Value("${server.port:8080}") int port) {
        this.id = idOf(configured, port);
    }

    UUID id() {
        return id;
    }

    static UUID idOf(String configured, int port) {
        if (configured != null && !configured.isBlank()) {
            return named(configured.strip());
        }
        String host = hostName();
        if (port <= 0 || host == null) {
            return UUID.randomUUID();
        }
        return named(host + ":" + port);
    }

    private static UUID named(String name) {
        return UUID.nameUUIDFromBytes(("bloomtext-node " + name).getBytes(StandardCharsets.UTF_8));
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
