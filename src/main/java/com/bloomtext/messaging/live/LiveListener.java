package com.bloomtext.messaging.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.bloomtext.shared.Failures;
import com.zaxxer.hikari.HikariDataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's ear on the live-update log: one dedicated connection (outside the pool) LISTENs on the
 * channel, a platform thread of its own waits for notifications and hands each event, in id order and once, to this
 * node's streams. When the connection drops it reconnects with backoff and first replays the rows it
 * missed meanwhile, so a blip costs the screens latency, not updates.
 */
@Component
class LiveListener implements SmartLifecycle {

    /** How the listener's connection shows in pg_stat_activity. */
    static final String APPLICATION_NAME = "bloomtext-live";

    private static final Logger log = LoggerFactory.getLogger(LiveListener.class);
    private static final int POLL_MILLIS = 1000;
    private static final Duration IDLE_CHECK = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int CATCH_UP_BATCH = 1000;

    private final DataSource dataSource;
    private final LiveEvents events;
    private final LiveStreams streams;
    private final LiveProperties properties;

    private volatile boolean running;
    private Thread thread;
    /** The newest event handed to this node's streams; only the listener thread moves it. */
    private long lastSeen;

    LiveListener(DataSource dataSource, LiveEvents events, LiveStreams streams, LiveProperties properties) {
        this.dataSource = dataSource;
        this.events = events;
        this.streams = streams;
        this.properties = properties;
    }

    @Override
    public void start() {
        // Before any stream can open: whatever is logged from here on reaches this node's streams.
        lastSeen = events.latestId();
        running = true;
        // A platform thread of its own: on a virtual thread, each notification's wake-up queued for the two carriers
        // behind whatever stream workers were waiting (an event's fan-out), before the event could even be handed on.
        thread = Thread.ofPlatform().daemon().name("live-listener").start(this::listen);
    }

    /**
     * Returns at once: the thread sees it within a poll ({@code POLL_MILLIS}; an interrupt does not end a platform
     * thread's wait on a socket), and closes its connection on the way out. (Shutdown should not wait on it: other beans still need the database.)
     */
    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try (Connection listener = open()) {
                try (Statement statement = listener.createStatement()) {
                    statement.execute("LISTEN " + properties.channel());
                }
                catchUp();
                backoff = Duration.ofMillis(100);
                receive(listener);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Live listener lost its connection, reconnecting: {}", Failures.describe(e));
                }
            }
            if (running) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void receive(Connection listener) throws SQLException {
        PGConnection postgres = listener.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification notification : notifications) {
                    LiveEvents.parse(notification.getParameter()).ifPresent(this::deliver);
                }
            } else if (System.nanoTime() - quietSince > IDLE_CHECK.toNanos()) {
                // A half-open connection raises nothing while it waits: ask it a question now and then.
                if (!listener.isValid(5)) {
                    throw new SQLException("The live listener's connection stopped answering", "08006");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** Rows logged while this node was not listening (a reconnect), before notifications resume. */
    private void catchUp() {
        for (List<LiveEvent> missed = events.after(lastSeen, CATCH_UP_BATCH); !missed.isEmpty();
                missed = events.after(lastSeen, CATCH_UP_BATCH)) {
            missed.forEach(this::deliver);
        }
    }

    private void deliver(LiveEvent event) {
        if (event.id() <= lastSeen) {
            return;
        }
        lastSeen = event.id();
        streams.dispatch(event);
    }

    private Connection open() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            Properties settings = new Properties();
            settings.putAll(hikari.getDataSourceProperties());
            if (hikari.getUsername() != null) {
                settings.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                settings.setProperty("password", hikari.getPassword());
            }
            settings.setProperty("ApplicationName", APPLICATION_NAME);
            settings.setProperty("tcpKeepAlive", "true");
            Connection opened = DriverManager.getConnection(hikari.getJdbcUrl(), settings);
            opened.setAutoCommit(true);
            return opened;
        }
        // Another pool: hold one of its connections for good.
        Connection borrowed = dataSource.getConnection();
        borrowed.setAutoCommit(true);
        return borrowed;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
