package com.bloomtext.shared.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The threads Tomcat runs requests on: its own pool of platform threads ({@code server.tomcat.threads.max}, 200 by
 * default), or with {@code bloomtext.web.request-threads=virtual} a virtual thread per request, as
 * {@code spring.threads.virtual.enabled} alone would give. Everything else that property switches stays on virtual
 * threads: the application's task executor (Spring Modulith's asynchronous listeners), the schedulers, and the
 * threads the application starts itself (each queued text's delivery, the live streams' writers, CSV imports).
 *
 * <p>Why platform threads for requests: a page runs 9 to 13 round trips to PostgreSQL one after another. On a virtual
 * thread each of them parks the thread, and the reply wakes a poller that hands it back to a carrier: two thread
 * wake-ups per round trip instead of one, and on 2 cores the carriers compete with everything else. Measured with
 * bench scenario 3 (2026-11-28, session 9, warmed up): the inbox and conversation pages cost 3.5-4.0 ms of CPU per
 * round on virtual threads and 2.1-2.7 ms on platform threads, and their p50 fell from 1.7-2.3x to 1.3-1.6x the same
 * statements run straight through JDBC. The other side: with 64 sends in flight (scenario 1) the carriers are always
 * busy and a virtual thread's wake-up costs little, so there platform threads used 32% more CPU per send for the same
 * throughput; a node that is always that busy may prefer {@code virtual}. A request holds its thread only while it
 * runs: the live streams, the only long-lived requests, are asynchronous and hold a connection but no thread.
 */
@Component
class RequestThreads implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final boolean virtual;

    RequestThreads(@Value("${bloomtext.web.request-threads:platform}") String kind) {
        this.virtual = switch (kind.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "platform" -> false;
            case "virtual" -> true;
            default -> throw new IllegalArgumentException(
                    "bloomtext.web.request-threads must be platform or virtual, not '" + kind + "'");
        };
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!virtual) {
            // Runs after Spring Boot's virtual-thread customizer (see getOrder), whose executor it takes away: with
            // none set, Tomcat creates its own pool of platform threads when it starts.
            factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(null));
        }
    }

    /** After Spring Boot's customizers (its virtual-thread one is TomcatWebServerFactoryCustomizer.ORDER + 1). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
