package com.bloomtext.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every scenario of bench/README.md against the whole application on loopback (real HTTP, the embedded
 * PostgreSQL), each next to a ceiling measured in the same run; writes bench/results/DATE.md. Not part
 * of the test command: {@code bench/run.sh} (or {@code bench/run.sh --small}).
 */
@Tag("benchmark")
class BloomTextBenchmarks extends IntegrationTest {

    static final String[] AREA_CODES = {"415", "646", "212", "312", "617", "206", "303", "404", "512", "602", "702",
            "713", "801", "916", "619", "503", "305", "214", "720", "971"};

    @Autowired
    DataSource dataSource;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.context.ApplicationContext context;

    final String size = System.getProperty("bench.size", "full");
    /** --tenth: the inbox data at 1/10 of full size (to time its generation); the other scenarios as --small. */
    final boolean tenth = "tenth".equals(size);
    final boolean small = "small".equals(size) || tenth;
    final Set<String> only = Set.of(System.getProperty("bench.scenarios", "all").split(","));
    final Path directory = Path.of(System.getProperty("bench.directory", "bench"));
    final Report report = new Report();

    /** An organization with a number, its admin's address and a signed-in agent. */
    record NumberOrg(Org org, String number) {
    }

    final List<NumberOrg> numberOrgs = new ArrayList<>();

    /**
     * Requests per client in scenarios 1 and 2 (64 clients): 60 at full size, 4 with --small; -Dbench.requests=N
     * sets it (a --small run with more requests gives steadier ratios than 4 without the rest of the full size).
     */
    int requestsPerClient() {
        return Integer.getInteger("bench.requests", small ? 4 : 60);
    }

    boolean runs(String scenario) {
        return only.contains("all") || only.contains(scenario);
    }

    @Test
    void everyScenario() throws Exception {
        long started = System.nanoTime();
        if (runs("send") || runs("inbound") || runs("drain")) {
            for (int i = 0; i < AREA_CODES.length; i++) {
                Org org = newOrganization("Bench Clinic " + i);
                // SMS Pro (10,000 segments a month, overage refused): room for scenario 1's warm-up until the JIT
                // settles, its measured sends and scenario 6's drain in each organization (SMS Starter's 1,000 was not).
                org.upgradeTo("sms-pro");
                numberOrgs.add(new NumberOrg(org, MessagingTests.buyNumber(org, AREA_CODES[i])));
            }
        }
        if (runs("send")) {
            scenario("SendScenario", () -> new SendScenario(this).run());
        }
        if (runs("inbound")) {
            scenario("InboundScenario", () -> new InboundScenario(this).run());
        }
        if (runs("inbox")) {
            scenario("InboxScenario", () -> new InboxScenario(this).run());
        }
        if (runs("import")) {
            scenario("ImportScenario", () -> new ImportScenario(this).run());
        }
        if (runs("live")) {
            scenario("LiveScenario", () -> new LiveScenario(this).run());
        }
        if (runs("drain")) {
            scenario("DrainScenario", () -> new DrainScenario(this).run());
        }
        Path written = report.write(directory, tenth ? "tenth" : small ? "small" : "full",
                Runtime.getRuntime().availableProcessors() + " cores", (System.nanoTime() - started) / 60e9);
        System.out.println("Benchmark report: " + written.toAbsolutePath());
    }

    Org organization(String name) {
        return newOrganization(name);
    }

    interface Scenario {
        void run() throws Exception;
    }

    /** A scenario that fails is reported as failed; the others still run. */
    void scenario(String name, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            report.section(name + ": FAILED");
            report.line("The scenario stopped with %s:", e.getClass().getSimpleName());
            report.code("", String.valueOf(e.getMessage()));
            report.row(name, "—", "failed", "—", "—", "—", false);
        }
    }

    StaffAgent signedIn(Org org) {
        StaffAgent agent = anonymous();
        agent.get("/sign-in");
        var page = agent.post("/sign-in", "email", org.adminEmail(), "password", PASSWORD);
        if (!page.redirectsTo("/inbox")) {
            throw new IllegalStateException("sign-in failed: " + page);
        }
        return agent;
    }

    String base() {
        return baseUrl();
    }

    String jdbcUrl() throws java.sql.SQLException {
        return dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
    }

    /** The role the application logs in as. */
    String applicationRole() throws java.sql.SQLException {
        return dataSource.unwrap(HikariDataSource.class).getUsername();
    }

    /**
     * As the database owner (the cluster's superuser): the bench's own tables, which the application's role may not
     * create. One small Hikari pool for the whole run, not a fresh {@code DriverManagerDataSource} per call: the
     * harness reads the database's counters through the same Spring JDBC code as the application, in the same JVM,
     * and driver connections of another class at those call sites made the JIT deoptimize and recompile the
     * application's JDBC paths inside scenario 1's measured block (s8-jit's flight recordings).
     */
    synchronized org.springframework.jdbc.core.simple.JdbcClient owner() throws java.sql.SQLException {
        if (owner == null) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(jdbcUrl());
            pool.setUsername("postgres");
            pool.setPassword("");
            pool.setMaximumPoolSize(2);
            pool.setMinimumIdle(0);
            pool.setPoolName("bench-owner");
            owner = org.springframework.jdbc.core.simple.JdbcClient.create(pool);
        }
        return owner;
    }

    private org.springframework.jdbc.core.simple.JdbcClient owner;

    org.springframework.jdbc.core.simple.JdbcClient jdbc() {
        return jdbc;
    }

    UUID uuid(String path) {
        return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
