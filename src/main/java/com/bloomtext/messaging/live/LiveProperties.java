package com.bloomtext.messaging.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live-update hub's settings.
 *
 * @param retention      how long the live-event log keeps a row for streams that reconnect
 * @param heartbeat      how often an idle stream sends a comment, so that proxies keep it and dead clients show
 * @param streamLifetime how long one stream lasts before the server ends it and the browser reconnects with
 *                       Last-Event-ID (each reconnect passes the session and sign-in checks again)
 * @param channel        the PostgreSQL NOTIFY channel every node listens on
 * @param sessionCheck   how often open streams are checked against their sign-in: a stream whose session timed
 *                       out or was ended (sign-out, deactivation) ends within this long
 * @param renderers      how many renders may query the database at once (a stream's own frame, an event's shared
 *                       batch reads, a strand beside them), so that a burst of events leaves the connection pool to
 *                       the requests that make them; half as many (at least one) audience queries run at once
 */
@ConfigurationProperties("bloomtext.messaging.live")
public record LiveProperties(
        @DefaultValue("1d") Duration retention,
        @DefaultValue("20s") Duration heartbeat,
        @DefaultValue("5m") Duration streamLifetime,
        @DefaultValue("bloomtext_live") String channel,
        @DefaultValue("10s") Duration sessionCheck,
        @DefaultValue("4") int renderers) {

    public LiveProperties {
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bloomtext.messaging.live.channel must be a plain lower-case name");
        }
        if (renderers < 1) {
            throw new IllegalArgumentException("bloomtext.messaging.live.renderers must be at least 1");
        }
    }
}
