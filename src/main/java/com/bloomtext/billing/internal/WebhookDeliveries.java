package com.bloomtext.billing.internal;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Remembers which provider events were applied: a retried or replayed delivery is applied once. */
@Component
public class WebhookDeliveries {

    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookDeliveries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Claims the event inside the caller's transaction; false when it was already applied. */
    public boolean firstDelivery(String provider, String eventId) {
        return jdbc.sql("""
                        insert into processed_webhook_event (provider, event_id, received_at) values (:provider, :id, :at)
                        on conflict do nothing""")
                .param("provider", provider)
                .param("id", eventId)
                .param("at", Timestamp.from(clock.instant()))
                .update() == 1;
    }
}
