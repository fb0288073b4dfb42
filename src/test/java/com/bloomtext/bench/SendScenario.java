package com.bloomtext.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.messaging.internal.DeliveryNodes;
import com.bloomtext.testing.StaffAgent;

/**
 * Scenario 1: 64 staff send SMS over real HTTP (the sandbox carrier reports delivery at once), next to
 * pgbench running the statements one send commits, at the same concurrency.
 */
final class SendScenario {

    static final int SENDERS = 64;
    static final String BODY = "Please call the front desk to choose a new time.";
    /**
     * The fixed rate of the second measurement: well below saturation, where a latency goal means something (at
     * saturation, 64 requests in flight on 2 cores wait their turn: Little's law, 64 / throughput).
     */
    static final double OPEN_LOOP_RATE = 50;
    static final int OPEN_LOOP_SECONDS = 20;
    static final int OPEN_LOOP_SECONDS_SMALL = 6;

    private final BloomTextBenchmarks bench;

    SendScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
    }

    /**
     * A signed-in staff member: {@code http} is the harness's blocking client on the agent's session (one kept-alive
     * connection, the sender's own thread does the whole exchange), used for every send, warm-up included.
     */
    record Sender(StaffAgent agent, LoopbackHttp http, String path, BloomTextBenchmarks.NumberOrg org,
            String patientPhone) {
    }

    void run() throws Exception {
        List<Sender> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            var org = bench.numberOrgs.get(s % bench.numberOrgs.size());
            StaffAgent agent = bench.signedIn(org.org());
            String phone = "+1646555" + (2000 + s);
            String path = MessagingTests.chatWith(agent, phone);
            senders.add(new Sender(agent, LoopbackHttp.signedInAs(bench.base(), agent), path, org, phone));
        }
        try {
            run(senders);
        } finally {
            senders.forEach(sender -> sender.http().close());
        }
    }

    private void run(List<Sender> senders) throws Exception {
        int perSender = bench.requestsPerClient();
        Report report = bench.report;
        report.section("1. Staff send SMS: " + SENDERS + " concurrent senders over HTTP");
        Integer fixedWarmup = Integer.getInteger("bench.send.warmup");
        long warmStarted = System.nanoTime();
        JitWarmUp.Result warmed = warmUp(senders, fixedWarmup != null ? fixedWarmup : WARM_UP_BLOCK,
                fixedWarmup != null ? fixedWarmup : WARM_UP_MAX, fixedWarmup != null ? 0 : JitWarmUp.SETTLED);
        drain();
        report.line("Before the measured sends, %,d warm-up sends in %.0f s (%s); in the last %d of them the JIT "
                + "compilers' threads used %.0f%% of the time the sends took. The pgbench ceiling warms up with 3 "
                + "transactions per client (it has no JIT).", warmed.rounds(), (System.nanoTime() - warmStarted) / 1e9,
                fixedWarmup != null ? "-Dbench.send.warmup" : BloomTextBenchmarks.f("64 senders in blocks of %d, until "
                        + "the compilers' share of %d blocks in a row fell below %.0f%%, at most %,d", WARM_UP_BLOCK,
                        JitWarmUp.CALM_BLOCKS, 100 * JitWarmUp.SETTLED, WARM_UP_MAX),
                warmed.lastBlock(), 100 * warmed.lastShare());
        report.line("");
        DatabaseWork before = databaseWork();
        Cpu cpuBefore = cpu();
        Latencies app = Latencies.closedLoop(SENDERS, SENDERS * perSender, (worker, i) -> send(senders.get(worker)));
        drain();
        reportsApplied();
        Cpu cpuPerText = cpu().minus(cpuBefore).per(app.count());
        DatabaseWork perText = databaseWork().minus(before).per(app.count());
        // The same sends at a fixed rate well below saturation (open loop, latency from each scheduled start).
        int seconds = bench.small ? OPEN_LOOP_SECONDS_SMALL : OPEN_LOOP_SECONDS;
        Latencies paced = Latencies.openLoop(SENDERS, OPEN_LOOP_RATE, seconds, (worker, i) -> send(senders.get(worker)));
        drain();
        reportsApplied();
        Map<String, Long> states = new java.util.TreeMap<>();
        bench.jdbc().sql("select state, count(*) from message where direction = 'OUTBOUND' group by state")
                .query((rs, n) -> states.put(rs.getString(1), rs.getLong(2))).list();

        bench.owner().sql("""
                create table bench_sender (client int primary key, organization_id uuid, user_id uuid, conversation_id uuid,
                    team_id uuid, patient_id uuid, session_id text, primary_id text, our_number text, patient_phone text,
                    node uuid)""")
                .update();
        for (int s = 0; s < SENDERS; s++) {
            Sender sender = senders.get(s);
            bench.owner().sql("""
                    insert into bench_sender
                    select :client, c.organization_id, u.id, c.id, c.team_id, c.patient_id,
                           (select session_id from spring_session where principal_name = u.email limit 1),
                           (select primary_id from spring_session where principal_name = u.email limit 1), :ours, :phone,
:node
                    from conversation c join staff_user u on u.email = :email where c.id = :conversation""")
                    .param("client", s).param("email", sender.org().org().adminEmail())
                    .param("conversation", bench.uuid(sender.path())).param("ours", sender.org().number())
                    .param("phone", sender.patientPhone())
                    .param("node", DeliveryNodes.of(bench.context)).update();
        }
        Path script = bench.directory.resolve("pgbench/send-sms.sql");
        Pgbench pgbench = new Pgbench(bench.jdbcUrl());
        pgbench.run(script, SENDERS, 3, Map.of());
        Pgbench.Result ceiling = pgbench.run(script, SENDERS, perSender, Map.of());
        Pgbench.Result unchained = withoutTheAuditChainLock(() -> pgbench.run(script, SENDERS, perSender, Map.of()));
        Pgbench.Result pacedCeiling = pgbench.runAtRate(script, SENDERS, OPEN_LOOP_RATE, seconds, Map.of());
        bench.owner().sql("drop table bench_sender").update();

        report.line("BloomText: %d sends in %.1f s: **%.0f accepted/s**, %s, %d errors%s.", app.count(), app.seconds(),
                app.perSecond(), app.summary(), app.errors(), app.firstErrorNote());
        report.line("");
        report.line("The database's work per accepted text over the saturated run and its deliveries (the send, the "
                + "delivery, the carrier's report, the live log; from `pg_stat_database` and `pg_stat_wal`, so every "
                + "backend's): %.1f transactions (reads included), %.1f WAL records, %.0f bytes of WAL, %.2f WAL flushes. "
                + "The benchmark's throw-away PostgreSQL runs with fsync %s and synchronous_commit %s (both the application "
                + "and pgbench): a commit costs its statements and round trips here, not a flush to disk.",
                perText.transactions(), perText.walRecords(), perText.walBytes(), perText.walSyncs(),
                bench.owner().sql("show fsync").query(String.class).single(),
                bench.owner().sql("show synchronous_commit").query(String.class).single());
        report.line("");
        report.line("CPU time per accepted text over the same saturated run and its deliveries (from /proc: this JVM's OS "
                + "threads, and the database's postmaster with its backends): the application %.0f µs (virtual-thread "
                + "carriers, Tomcat's threads, everything else of the JVM but what follows), the harness's %d senders "
                + "(threads `bench-N`, each writing its request and reading the whole answer on its own kept-alive "
                + "connection) %.0f µs, GC %.0f µs, JIT %.0f µs; PostgreSQL %.0f µs.", cpuPerText.application() / 1e3, SENDERS,
                cpuPerText.harness() / 1e3, cpuPerText.gc() / 1e3, cpuPerText.jit() / 1e3, cpuPerText.database() / 1e3);
        report.line("");
        report.line("Every text of the scenario after its deliveries and the sandbox's instant reports (texts by state; "
                + "SENT means a report that was not applied): %s.", states);
        report.line("");
        report.line("pgbench, `bench/pgbench/send-sms.sql` (the request's statements), %d clients: **%.0f tps**, %s.",
                SENDERS, ceiling.tps(), ceiling.latencies().summary());
        report.line("");
        report.line("The same pgbench run with the audit hash chain's per-organization lock taken out (the trigger still "
                + "hashes each event, but against no predecessor; the chain of the rows written then is broken, in this "
                + "throw-away database only): **%.0f tps**, %s. What the chain's serialization costs the ceiling: %s.",
                unchained.tps(), unchained.latencies().summary(), Report.pct(1 - ceiling.tps() / unchained.tps()));
        report.line("");
        report.line("At a fixed rate well below saturation: %.0f sends a second for %d s (open loop: each request starts "
                + "on schedule whatever the earlier ones are doing, its latency counted from its scheduled start): "
                + "%d sends, %s, %d errors%s. pgbench, the same script at `--rate=%.0f` for %d s (%d clients; its latency "
                + "includes the lag behind its schedule): %.0f tps, %s.", OPEN_LOOP_RATE, seconds, paced.count(),
                paced.summary(), paced.errors(), paced.firstErrorNote(), OPEN_LOOP_RATE, seconds, SENDERS, pacedCeiling.tps(),
                pacedCeiling.latencies().summary());
        double ratio = app.perSecond() / ceiling.tps();
        report.row("1. staff send SMS, " + SENDERS + " senders", "accepted/s", BloomTextBenchmarks.f("%.0f", app.perSecond()),
                BloomTextBenchmarks.f("%.0f tps (pgbench)", ceiling.tps()), Report.pct(ratio), ">= 50%", ratio >= 0.5);
        report.row("", "p99", BloomTextBenchmarks.f("%.1f ms", app.p99()),
                BloomTextBenchmarks.f("%.1f ms", ceiling.latencies().p99()),
                BloomTextBenchmarks.f("%.1fx", app.p99() / ceiling.latencies().p99()), "—", null);
        report.row("", BloomTextBenchmarks.f("p99 at %.0f/s (open loop)", OPEN_LOOP_RATE),
                BloomTextBenchmarks.f("%.1f ms", paced.p99()),
                BloomTextBenchmarks.f("%.1f ms (pgbench --rate)", pacedCeiling.latencies().p99()),
                BloomTextBenchmarks.f("%.1fx", paced.p99() / pacedCeiling.latencies().p99()), "< 50 ms",
                paced.p99() < 50 && paced.errors() == 0);
    }

    interface Measurement {
        Pgbench.Result run() throws Exception;
    }

    /**
     * Runs the measurement with V20's chain trigger replaced by one that hashes each event without taking the
     * chain head's row lock (and without a predecessor), then puts the real trigger function back.
     */
    private Pgbench.Result withoutTheAuditChainLock(Measurement measurement) throws Exception {
        String chained = bench.owner().sql("select pg_get_functiondef('audit_event_chain'::regproc)").query(String.class)
                .single();
        bench.owner().sql("""
                create or replace function audit_event_chain() returns trigger language plpgsql security definer as $$
                begin
                    new.id := nextval(pg_get_serial_sequence('audit_event', 'id'));
                    new.previous_hash := null;
                    new.hash_version := 2;
                    new.hash := audit_event_digest_v2(null, new.id, new.organization_id, new.actor_user_id,
                            new.actor_patient_id, new.patient_id, new.action, new.target_type, new.target_id,
                            new.outcome, new.detail, new.address, new.occurred_at);
                    return new;
                end;
                $$""").update();
        try {
            return measurement.run();
        } finally {
            bench.owner().sql(chained).update();
        }
    }

    /**
     * Warm-up sends per block (5 per sender), and at most 200 per sender (640 per organization: its plan, SMS Pro,
     * keeps room for the measured sends and scenario 6's drain).
     */
    static final int WARM_UP_BLOCK = SENDERS * 5;
    static final int WARM_UP_MAX = SENDERS * 200;

    /**
     * Sends as measured (64 at a time) until the JIT compilers settle ({@link JitWarmUp}), as scenario 3 warms its
     * pages: on 2 cores the compilers' work while the send path warms up took as much CPU per text as the
     * application's own (s7-send's /proc split at --small).
     */
    private static JitWarmUp.Result warmUp(List<Sender> senders, int block, int max, double settled) throws Exception {
        return JitWarmUp.run(block, max, settled,
                (first, size) -> Latencies.closedLoop(SENDERS, size, (worker, i) -> send(senders.get(worker))));
    }

    /** One send as the conversation page's form posts it; accepted when answered with the redirect to the page. */
    private static boolean send(Sender sender) throws java.io.IOException {
        var sent = sender.http().post(sender.path() + "/messages", LoopbackHttp.Body.DISCARD, "mode", "SMS", "body", BODY);
        if (!sent.redirectsTo(sender.path())) {
            throw new IllegalStateException("the send was answered " + sent);
        }
        return true;
    }

    /** Every text handed over gets the sandbox's instant "delivered": waits (bounded) until none is left SENT. */
    private void reportsApplied() {
        MessagingTests.eventually(() -> bench.jdbc().sql("select count(*) from message where direction = 'OUTBOUND' and state = 'SENT'")
                .query(Long.class).single(), n -> n == 0, Duration.ofSeconds(10));
    }

    /** The database's counters (all backends); read after the statistics of finished transactions are flushed. */
    private DatabaseWork databaseWork() throws InterruptedException, java.sql.SQLException {
        Thread.sleep(1_500);
        return bench.owner().sql("""
                        select (select xact_commit + xact_rollback from pg_stat_database where datname = current_database()),
                               wal_records, wal_bytes, wal_sync from pg_stat_wal""")
                .query((rs, n) -> new DatabaseWork(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)))
                .single();
    }

    /**
     * CPU time in nanoseconds: this JVM's OS threads by role (from /proc/self/task; the closed loop's sender threads
     * have ended when it is read, so threads that ended count as the harness's), and the benchmark's PostgreSQL
     * (its postmaster with the children it reaped, and its live backends). Zeros where /proc is missing.
     */
    record Cpu(double application, double harness, double gc, double jit, double database) {

        Cpu minus(Cpu earlier) {
            return new Cpu(application - earlier.application, harness - earlier.harness, gc - earlier.gc,
                    jit - earlier.jit, database - earlier.database);
        }

        Cpu per(long texts) {
            return new Cpu(application / texts, harness / texts, gc / texts, jit / texts, database / texts);
        }
    }

    private static final long TICK = 10_000_000L; // USER_HZ 100

    private Cpu cpu() {
        long application = 0, harness = 0, gc = 0, jit = 0, threads = 0;
        Path tasks = Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return new Cpu(0, 0, 0, 0, 0);
        }
        try (var list = java.nio.file.Files.list(tasks)) {
            for (Path task : list.toList()) {
                long[] times = stat(task.resolve("stat"));
                if (times == null) {
                    continue;
                }
                String name = java.nio.file.Files.readString(task.resolve("comm")).strip();
                long used = (times[0] + times[1]) * TICK;
                threads += used;
                if (name.startsWith("bench-") || name.startsWith("HttpClient")) {
                    harness += used;
                } else if (name.contains("GC") || name.startsWith("G1")) {
                    gc += used;
                } else if (name.contains("CompilerThre")) {
                    jit += used;
                } else {
                    application += used;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new Cpu(0, 0, 0, 0, 0);
        }
        long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        harness += Math.max(0, process - threads);
        return new Cpu(application, harness, gc, jit, databaseCpu());
    }

    /** The benchmark PostgreSQL's CPU so far: its postmaster's own and reaped children's, and its live children's. */
    private long databaseCpu() {
        try {
            int backend = bench.owner().sql("select pg_backend_pid()").query(Integer.class).single();
            long postmaster = stat(Path.of("/proc/" + backend + "/stat"))[2];
            long[] own = stat(Path.of("/proc/" + postmaster + "/stat"));
            long ticks = own[0] + own[1] + own[3] + own[4];
            try (var processes = java.nio.file.Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    long[] times = stat(process.resolve("stat"));
                    if (times != null && times[2] == postmaster) {
                        ticks += times[0] + times[1];
                    }
                }
            }
            return ticks * TICK;
        } catch (Exception e) {
            return 0;
        }
    }

    /** utime, stime, ppid, cutime, cstime of a /proc stat file; null when it is gone. */
    private static long[] stat(Path file) {
        try {
            String stat = java.nio.file.Files.readString(file);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[1]),
                    Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (java.io.IOException | RuntimeException gone) {
            return null;
        }
    }

    record DatabaseWork(double transactions, double walRecords, double walBytes, double walSyncs) {

        DatabaseWork minus(DatabaseWork earlier) {
            return new DatabaseWork(transactions - earlier.transactions, walRecords - earlier.walRecords,
                    walBytes - earlier.walBytes, walSyncs - earlier.walSyncs);
        }

        DatabaseWork per(long texts) {
            return new DatabaseWork(transactions / texts, walRecords / texts, walBytes / texts, walSyncs / texts);
        }
    }

    /** Waits (bounded) until no SMS is queued, so that deliveries do not spill into the next measurement. */
    void drain() {
        MessagingTests.eventually(() -> bench.jdbc().sql("select count(*) from message where state = 'QUEUED'")
                .query(Long.class).single(), n -> n == 0, Duration.ofSeconds(90));
    }
}
