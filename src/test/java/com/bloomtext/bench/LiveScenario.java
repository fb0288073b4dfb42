package com.bloomtext.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.StaffAgent;

import org.HdrHistogram.Histogram;

/**
 * Scenario 5: thousands of staff inboxes open on the live stream (real HTTP), and one message a second sent to
 * each team by its admin over HTTP. Each signed-in member (one session each, members of one team per
 * organization) has {@link #TABS} inbox tabs open, as staff do: 5,000 streams are 500 sign-ins, so the setup
 * measures the streams and not 5,000 password hashes.
 * Send-to-screen is the time from the send request's answer (the message accepted) until a frame that shows
 * it arrives on each of the team's streams: a frame whose event id is at or past the message's MESSAGE_ADDED
 * row in the live log (frames render the current state, so a later frame carries every earlier message).
 * The application under test runs in a JVM of its own ({@link ApplicationProcess}), on the harness's database, so
 * that its heap is its own: the heap used after a full GC with every stream open (mid-run), minus the same before
 * the streams opened. The harness's stream clients stay in the harness's JVM (reported beside it).
 */
final class LiveScenario {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String COOKIE = "BLOOMTEXT_SESSION";
    /** Open inbox streams (browser tabs) per signed-in user. */
    static final int TABS = 10;
    /** The harness's threads reading the streams (non-blocking sockets, {@link SseReaders}). */
    static final int READERS = 2;

    private final BloomTextBenchmarks bench;
    /** The application under test: its own JVM (see {@link ApplicationProcess}). */
    private String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    LiveScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
    }

    /** One team: its organization, admin (the sender), conversation and the live log's MESSAGE_ADDED ids. */
    private record Team(String adminEmail, String chat, UUID conversation, List<Long> acceptedNanos, List<Integer> phases) {
    }

    /** Seconds of sends before the measured ones (not counted: the first frames load and compile the path). */
    static final int WARM_UP = 3;
    /** The compilers' share of a core under which a 5-second window of the warm-up counts as calm, and its longest. */
    static final double WARM_UP_SETTLED = 0.10;
    static final int WARM_UP_MAX = 60;
    private static final int WARMING = 0;
    private static final int MEASURED = 1;
    private static final int HEAP_SNAPSHOT = 2;

    /** What one open stream received: event ids and when they arrived. */
    private static final class Received implements SseReaders.Listener {
        final int team;
        final ConcurrentLinkedQueue<long[]> frames = new ConcurrentLinkedQueue<>();
        volatile boolean open = true;
        volatile boolean started;

        Received(int team) {
            this.team = team;
        }

        @Override
        public void started() {
            started = true;
        }

        @Override
        public void event(long id, long arrivedNanos) {
            frames.add(new long[] {id, arrivedNanos});
        }

        @Override
        public void ended() {
            open = false;
        }
    }

    void run() throws Exception {
        // -Dbench.live.streams / -Dbench.live.teams / -Dbench.live.seconds: a reduced run that keeps the full size's
        // teams of 500 streams (e.g. 1,000 streams in 2 teams) when the full 5,000 is too heavy for a shared machine.
        int streams = Integer.getInteger("bench.live.streams", bench.small ? 500 : 5_000);
        int organizations = Integer.getInteger("bench.live.teams", bench.small ? 5 : 10);
        int seconds = Integer.getInteger("bench.live.seconds", bench.small ? 30 : 60);
        bench.report.section("5. Live updates: " + streams + " open inbox streams, one message a second to each team");

        List<Team> teams = new ArrayList<>();
        List<List<String>> members = new ArrayList<>();
        for (int o = 0; o < organizations; o++) {
            var org = bench.organization("Live Bench Clinic " + o);
            MessagingTests.withNumber(org, BloomTextBenchmarks.AREA_CODES[o % BloomTextBenchmarks.AREA_CODES.length]);
            String chat = MessagingTests.chatWith(org.admin(), "+1646555" + (3000 + o));
            teams.add(new Team(org.adminEmail(), chat, bench.uuid(chat), new ArrayList<>(), new ArrayList<>()));
            members.add(addMembers(org.id(), org.adminEmail(), streams / TABS / organizations, o));
        }

        try (ApplicationProcess app = ApplicationProcess.start(bench)) {
            measure(app, teams, members, streams, organizations, seconds);
        }
    }

    private void measure(ApplicationProcess app, List<Team> teams, List<List<String>> members, int streams,
            int organizations, int seconds) throws Exception {
        Report report = bench.report;
        base = app.base();
        // Each team's admin sends through the application under test (the harness's agent is signed in on its own).
        List<StaffAgent> senderAgents = new ArrayList<>();
        for (Team team : teams) {
            StaffAgent sender = new StaffAgent(base);
            sender.get("/sign-in");
            if (!sender.post("/sign-in", "email", team.adminEmail(), "password", BloomTextBenchmarks.PASSWORD)
                    .redirectsTo("/inbox")) {
                throw new IllegalStateException("the admin's sign-in failed");
            }
            sender.get(team.chat()); // the conversation page, as the admin would be on it: its CSRF token
            senderAgents.add(sender);
        }

        // Sign every member in over HTTP (a real session each), a few at a time.
        long setupStart = System.nanoTime();
        List<String> cookies = new ArrayList<>();
        List<Integer> teamOf = new ArrayList<>();
        for (int t = 0; t < teams.size(); t++) {
            for (String email : members.get(t)) {
                cookies.add(null);
                teamOf.add(t);
            }
        }
        List<String> emails = members.stream().flatMap(List::stream).toList();
        Latencies signIns = Latencies.closedLoop(8, emails.size(), (worker, i) -> {
            cookies.set(i, signIn(emails.get(i)));
            return true;
        });
        double signInSeconds = (System.nanoTime() - setupStart) / 1e9;

        Map<String, long[]> classesBefore = app.histogram();
        long heapBefore = classesBefore.get(ApplicationProcess.TOTAL)[1];
        long usedBefore = app.heapAfterFullGc();
        long harnessBefore = heapAfterGc();
        List<Received> received = new ArrayList<>();
        URI server = URI.create(base);
        SseReaders readers = new SseReaders(server.getHost(), server.getPort(), READERS);
        long openStart = System.nanoTime();
        for (int tab = 0; tab < TABS; tab++) {
            for (int i = 0; i < cookies.size(); i++) {
                Received stream = new Received(teamOf.get(i));
                received.add(stream);
                readers.open("/inbox/live", stream, "Accept", "text/event-stream", "Cookie", COOKIE + "=" + cookies.get(i));
            }
        }
        // Every stream has started (its first comment arrived) or was ended by the server before it did.
        MessagingTests.eventually(() -> received.stream().filter(r -> r.started || !r.open).count(), n -> n == received.size(),
                Duration.ofMinutes(5));
        long neverStarted = received.stream().filter(r -> !r.started).count();
        double openSeconds = (System.nanoTime() - openStart) / 1e9;

        // One message a second to each team, each team's sends one after another: first WARM_UP seconds not counted
        // (the first frames load and compile the path), then the measured seconds, then sends go on while the
        // mid-run heap histogram is taken (it forces a full GC in the application, a pause no real node has; the
        // frames of those sends are reported apart, and missing ones still count).
        List<Thread> senders = new ArrayList<>();
        AtomicInteger failedSends = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Histogram sendLatency = Latencies.histogram();
        long sendStart = System.nanoTime();
        // Set once the warm-up ends (below): the first measured second, on a second of the senders' schedule.
        java.util.concurrent.atomic.AtomicLong measuring = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        for (int t = 0; t < teams.size(); t++) {
            Team team = teams.get(t);
            StaffAgent sender = senderAgents.get(t);
            senders.add(Thread.ofPlatform().name("live-bench-sender").start(() -> {
                for (int s = 0; !stop.get(); s++) {
                    long scheduled = sendStart + s * 1_000_000_000L;
                    sleepUntil(scheduled);
                    long start = System.nanoTime();
                    var page = sender.post(team.chat() + "/messages", "mode", "SMS", "body", "Live bench " + s);
                    long now = System.nanoTime();
                    long from = measuring.get();
                    int phase = scheduled < from ? WARMING
                            : scheduled < from + seconds * 1_000_000_000L ? MEASURED : HEAP_SNAPSHOT;
                    if (phase == MEASURED) {
                        synchronized (sendLatency) {
                            sendLatency.recordValue(Math.max(1, (now - start) / 1_000));
                        }
                    }
                    team.phases().add(phase);
                    if (page.redirectsTo(team.chat())) {
                        team.acceptedNanos().add(now);
                    } else {
                        failedSends.incrementAndGet();
                        team.acceptedNanos().add(-1L);
                    }
                }
            }));
        }
        // Warm-up: at least WARM_UP seconds, then until the application's JIT compilers have settled (their CPU under
        // WARM_UP_SETTLED of a core in two 5-second windows in a row), at most WARM_UP_MAX seconds. With 3 s, the
        // compilers used 2-5 s of CPU in each of the first measured 10-second windows (2026-11-28 s9, sampled from
        // /proc): the sends and frames were measured while their paths were being compiled, on the same 2 cores.
        sleepUntil(sendStart + WARM_UP * 1_000_000_000L);
        JitWarmUp.run(1, (WARM_UP_MAX - WARM_UP) / 5, WARM_UP_SETTLED, Long.toString(app.pid()),
                (window, one) -> Thread.sleep(5_000));
        long measuredStart = sendStart + ((System.nanoTime() - sendStart) / 1_000_000_000L + 1) * 1_000_000_000L;
        measuring.set(measuredStart);
        long measuredEnd = measuredStart + seconds * 1_000_000_000L;
        int warmUpSeconds = (int) ((measuredStart - sendStart) / 1_000_000_000L);
        sleepUntil(measuredStart);
        String loadBefore = loadAverage();
        long appCpuBefore = processCpuNanos(app.pid());
        long readersCpuBefore = readers.cpuNanos();
        sleepUntil(measuredEnd);
        String loadAfter = loadAverage();
        long appCpu = processCpuNanos(app.pid()) - appCpuBefore;
        long readersCpu = readers.cpuNanos() - readersCpuBefore;
        sleepUntil(measuredEnd + 1_000_000_000L); // the measured sends' frames, before the pause below
        long snapshotStart = System.nanoTime();
        Map<String, long[]> classesMidRun = app.histogram();
        double snapshotSeconds = (System.nanoTime() - snapshotStart) / 1e9;
        long heapDuring = classesMidRun.get(ApplicationProcess.TOTAL)[1];
        Thread.sleep(2_000);
        stop.set(true);
        for (Thread sender : senders) {
            sender.join();
        }
        Thread.sleep(5_000); // the last frames
        // Still open, nothing in flight: what the streams hold by class, and the harness's own heap (its clients).
        Map<String, long[]> classesDuring = app.histogram();
        long usedAfter = app.heapAfterFullGc();
        long harnessDuring = heapAfterGc();
        int appThreads = app.platformThreads();
        long closedStreams = received.stream().filter(r -> !r.open).count();
        readers.close();
        http.shutdownNow();

        // Match each accepted send to its MESSAGE_ADDED row in the live log, then each stream's first frame at or past it.
        Histogram screen = Latencies.histogram();
        // The same split at the moment the application's log writer appended the row (live_event.occurred_at, the
        // same machine's clock): before it, the send's commit and the writer; after it, the hub's part.
        Histogram toLog = Latencies.histogram();
        Histogram fromLog = Latencies.histogram();
        // Per send: its first and its last stream's frame, after the row was logged (the fan-out's spread).
        Histogram firstStream = Latencies.histogram();
        Histogram lastStream = Latencies.histogram();
        long wallMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        long expected = 0;
        long missing = 0;
        long early = 0;
        // The sends outside the measured seconds: the warm-up's, and those while the heap histogram's full GC ran.
        Histogram warmUp = Latencies.histogram();
        Histogram duringSnapshot = Latencies.histogram();
        long otherMissing = 0;
        // Per measured send (its MESSAGE_ADDED id): when it was answered, logged, and read on each of the team's streams.
        Map<Long, long[]> sendTimes = new java.util.HashMap<>();
        Map<Long, List<Long>> arrivals = new java.util.HashMap<>();
        for (int t = 0; t < teams.size(); t++) {
            Team team = teams.get(t);
            List<long[]> logged = bench.jdbc().sql("""
                            select id, occurred_at from live_event where conversation_id = :conversation
                            and kind = 'MESSAGE_ADDED' order by id""").param("conversation", team.conversation())
                    .query((rs, row) -> {
                        java.time.Instant at = rs.getTimestamp("occurred_at").toInstant();
                        return new long[] {rs.getLong("id"), at.getEpochSecond() * 1_000_000_000L + at.getNano() - wallMinusNano};
                    }).list();
            List<Long> added = logged.stream().map(row -> row[0]).toList();
            // The conversation's first MESSAGE_ADDED rows before the run: none (created without a message).
            int offset = added.size() - team.acceptedNanos().size();
            for (int s = 0; s < team.acceptedNanos().size(); s++) {
                if (team.acceptedNanos().get(s) >= 0 && offset + s >= 0 && team.phases().get(s) == MEASURED) {
                    toLog.recordValue(Math.max(1, (logged.get(offset + s)[1] - team.acceptedNanos().get(s)) / 1_000));
                }
            }
            long[] first = new long[team.acceptedNanos().size()];
            long[] last = new long[team.acceptedNanos().size()];
            java.util.Arrays.fill(first, Long.MAX_VALUE);
            java.util.Arrays.fill(last, Long.MIN_VALUE);
            for (Received stream : received) {
                if (stream.team != t) {
                    continue;
                }
                List<long[]> frames = new ArrayList<>(stream.frames);
                for (int s = 0; s < team.acceptedNanos().size(); s++) {
                    long accepted = team.acceptedNanos().get(s);
                    if (accepted < 0 || offset + s < 0) {
                        continue;
                    }
                    long id = added.get(offset + s);
                    long loggedAt = logged.get(offset + s)[1];
                    long arrived = frames.stream().filter(f -> f[0] >= id).mapToLong(f -> f[1]).min().orElse(-1);
                    if (team.phases().get(s) != MEASURED) {
                        if (arrived < 0) {
                            otherMissing++;
                        } else {
                            (team.phases().get(s) == WARMING ? warmUp : duringSnapshot)
                                    .recordValue(Math.max(1, (arrived - accepted) / 1_000));
                        }
                        continue;
                    }
                    expected++;
                    sendTimes.putIfAbsent(id, new long[] {accepted, loggedAt});
                    if (arrived >= 0) {
                        arrivals.computeIfAbsent(id, k -> new ArrayList<>()).add(arrived);
                    }
                    if (arrived < 0) {
                        missing++;
                    } else {
                        if (arrived < accepted) {
                            early++;
                        }
                        screen.recordValue(Math.max(1, (arrived - accepted) / 1_000));
                        fromLog.recordValue(Math.max(1, (arrived - loggedAt) / 1_000));
                        first[s] = Math.min(first[s], arrived - loggedAt);
                        last[s] = Math.max(last[s], arrived - loggedAt);
                    }
                }
            }
            for (int s = 0; s < first.length; s++) {
                if (first[s] != Long.MAX_VALUE && team.phases().get(s) == MEASURED) {
                    firstStream.recordValue(Math.max(1, first[s] / 1_000));
                    lastStream.recordValue(Math.max(1, last[s] / 1_000));
                }
            }
        }
        Latencies latency = Latencies.of(screen, seconds);
        Latencies sends = Latencies.of(sendLatency, seconds);
        double heapMb = (heapDuring - heapBefore) / 1048576.0;

        report.line("%d inbox streams (%d signed-in users with %d inbox tabs each: %d members of one team in each of %d "
                + "organizations), %d s of one message a second to each team (%d sends, %d refused) by the team's admin over HTTP.",
                received.size(), cookies.size(), TABS, cookies.size() / organizations, organizations, seconds,
                seconds * teams.size(), failedSends.get());
        report.line("");
        report.line("- Setup: %d sign-ins in %.0f s (%s); %d streams open in %.1f s (%d ended or never started within "
                + "5 minutes). The application's log: `%s`.", signIns.count(), signInSeconds, signIns.summary(),
                received.size(), openSeconds, neverStarted, app.log());
        report.line("- Send-to-screen (send answered → frame on each stream of the team), %d (send, stream) pairs: "
                + "**%s**; %d never arrived; %d arrived before the send's answer did (counted as 0).",
                expected, latency.summary(), missing, early);
        report.line("- Not in the figures above, reported apart: the %d s of warm-up sends before the measured ones (the "
                + "first frames load and compile the path; at least " + WARM_UP + " s, then until the application's JIT "
                + "compilers used under " + Math.round(100 * WARM_UP_SETTLED) + "%% of a core in two 5-second windows in "
                + "a row, at most " + WARM_UP_MAX + " s), send-to-screen %s; and the sends while the mid-run heap histogram "
                + "ran (`jcmd GC.class_histogram` forces a full GC in the application: %.1f s, a pause no real node has), %s. "
                + "Frames of those sends that never arrived: %d (they count against the goal like any other).",
                warmUpSeconds, Latencies.of(warmUp, warmUpSeconds).summary(), snapshotSeconds,
                Latencies.of(duringSnapshot, 1).summary(), otherMissing);
        report.line("- The same split where the application's log writer appended the row (`live_event.occurred_at`, "
                + "millisecond clock): send answered → row logged %s (per send); row logged → frame on each stream %s.",
                Latencies.of(toLog, seconds).summary(), Latencies.of(fromLog, seconds).summary());
        report.line("- After the row was logged, each send's first stream to show it: %s; its last stream: %s (the "
                + "difference is the fan-out to the team's streams, and the harness reading them).",
                Latencies.of(firstStream, seconds).summary(), Latencies.of(lastStream, seconds).summary());
        report.line("- The send requests themselves: %s. The machine's load average (1 min) when the sends began: %s; "
                + "when they ended: %s (%d cores; other work on them moves every latency here).", sends.summary(),
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
        report.line("- Application heap (its own JVM; live objects after a full GC, `jcmd GC.class_histogram`'s total): %.0f MB "
                + "before the streams opened, %.0f MB with them open mid-run: **%.0f MB for %d streams** (%.1f KB each). "
                + "Largest heap: %d MB allowed.", heapBefore / 1048576.0, heapDuring / 1048576.0, heapMb, received.size(),
                (heapDuring - heapBefore) / 1024.0 / received.size(), app.maxHeap() / 1048576);
        long quietBytes = classesDuring.get(ApplicationProcess.TOTAL)[1] - heapBefore;
        report.line("- The same with every stream open after the sends, nothing in flight: %.0f MB, %.1f KB a stream "
                + "(G1's heap in use after a full GC, `GC.heap_info`, regions rather than objects: %.0f MB, %.1f KB a stream).",
                quietBytes / 1048576.0, quietBytes / 1024.0 / received.size(), (usedAfter - usedBefore) / 1048576.0,
                (usedAfter - usedBefore) / 1024.0 / received.size());
        report.line("- The harness's JVM (its %d stream clients, and its own idle application) after a full GC, streams open after "
                + "the sends: %.0f MB more than before they opened (%.1f KB a stream).", received.size(),
                (harnessDuring - harnessBefore) / 1048576.0, (harnessDuring - harnessBefore) / 1024.0 / received.size());
        report.line("- CPU time during the measured %d s (steadier than latencies on a shared machine): the application %.2f s "
                + "(%.0f µs per (send, stream) pair, everything it did included: sends, deliveries, log, hand-out, frames); "
                + "the harness's %d stream readers %.2f s (%.0f µs per pair).", seconds, appCpu / 1e9,
                appCpu / 1e3 / Math.max(1, expected), READERS, readersCpu / 1e9, readersCpu / 1e3 / Math.max(1, expected));
        timeline(report, app.log(), sendTimes, arrivals);
        report.line("- The application's platform threads mid-run: %d (virtual threads are not counted); %d streams "
                + "ended by the server during the run.", appThreads, closedStreams);
        report.line("");
        report.line("What the application holds for the streams, by class (`jcmd GC.class_histogram` with every stream open, "
                + "mid-run, minus before the streams opened; the 30 largest growths):");
        report.code("", histogramGrowth(classesBefore, classesMidRun, received.size(), 30));
        report.line("The same with every stream open after the sends, nothing in flight:");
        report.code("", histogramGrowth(classesBefore, classesDuring, received.size(), 30));
        boolean met = latency.p99() < 200 && heapMb < 512 && missing + otherMissing == 0;
        report.row("5. live updates, " + received.size() + " SSE streams", "send-to-screen p99",
                BloomTextBenchmarks.f("%.1f ms (%d missing)", latency.p99(), missing + otherMissing), "—", "—", "p99 < 200 ms",
                latency.p99() < 200 && missing + otherMissing == 0);
        report.row("", "heap for the streams", BloomTextBenchmarks.f("%.0f MB", heapMb), "—", "—", "< 512 MB",
                heapMb < 512);
        if (!met) {
            report.line("");
            report.line("Goal not met.");
        }
    }

    private static final Pattern TIMELINE = Pattern.compile("timeline id=(\\d+) streams=(\\d+) received=(\\d+) audience=(\\d+) "
            + "handStart=(\\d+) handEnd=(\\d+) start=(\\S+) rendered=(\\S+) written=(\\S+)(?: shared=(\\d+)/(\\d+)/(\\d+))?");

    /**
     * With -Dbench.live.timeline=true: one event's way through the hub, lined up with the harness's clock (both
     * {@code System.nanoTime()}, the machine's monotonic clock on Linux), from the application's {@code LiveTimeline}
     * lines: per measured send, each step's moment after the send was answered, and the medians and p90s of those over
     * the sends.
     */
    private static void timeline(Report report, java.nio.file.Path log, Map<Long, long[]> sendTimes, Map<Long, List<Long>> arrivals)
            throws java.io.IOException {
        if (!Boolean.getBoolean("bench.live.timeline")) {
            return;
        }
        String[] steps = {"row logged (ms clock)", "NOTIFY received by the listener", "audience read", "hand-out starts",
                "hand-out ends (all streams offered)", "first stream's worker starts", "median stream's worker starts",
                "last stream's worker starts", "first frame rendered", "median frame rendered", "last frame rendered",
                "first stream written and flushed", "median stream written", "p90 stream written", "last stream written",
                "first stream's frame read by the harness", "median stream's read", "p90 stream's read", "last stream's read",
                "shared reads start", "shared reads: the last strand beside ends", "shared reads end (both strands)"};
        List<long[]> rows = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(log)) {
            Matcher m = TIMELINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long id = Long.parseLong(m.group(1));
            long[] send = sendTimes.get(id);
            List<Long> read = arrivals.get(id);
            if (send == null || read == null || read.isEmpty()) {
                continue;
            }
            long[] started = spread(m.group(7));
            long[] rendered = spread(m.group(8));
            long[] written = spread(m.group(9));
            long[] reads = read.stream().mapToLong(Long::longValue).sorted().toArray();
            long a = send[0];
            long[] row = {send[1] - a, Long.parseLong(m.group(3)) - a, Long.parseLong(m.group(4)) - a,
                    Long.parseLong(m.group(5)) - a, Long.parseLong(m.group(6)) - a, started[0] - a, started[1] - a,
                    started[3] - a, rendered[0] - a, rendered[1] - a, rendered[3] - a, written[0] - a, written[1] - a,
                    written[2] - a, written[3] - a, reads[0] - a, reads[reads.length / 2] - a,
                    reads[(int) (reads.length * 0.9)] - a, reads[reads.length - 1] - a, stamp(m.group(10), a),
                    stamp(m.group(11), a), stamp(m.group(12), a)};
            rows.add(row);
        }
        report.line("- Timeline of one event (`-Dbench.live.timeline=true`, %d measured sends lined up with the application's "
                + "`LiveTimeline` lines), ms after the send's answer reached the harness, median and p90 over the sends:", rows.size());
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT, "%-45s %9s %9s%n", "step", "p50", "p90"));
        for (int i = 0; i < steps.length; i++) {
            int step = i;
            long[] values = rows.stream().mapToLong(r -> r[step]).filter(v -> v != Long.MIN_VALUE).sorted().toArray();
            if (values.length == 0) {
                continue; // a stamp the application did not log (the shared reads' before 2026-11-28)
            }
            text.append(String.format(java.util.Locale.ROOT, "%-45s %9.1f %9.1f%n", steps[i], values[values.length / 2] / 1e6,
                    values[(int) (values.length * 0.9)] / 1e6));
        }
        report.code("", text.toString());
    }

    /** A stamp after the send's answer, or none ({@code Long.MIN_VALUE}) when the line has none or it was never made (0). */
    private static long stamp(String nanos, long after) {
        return nanos == null || "0".equals(nanos) ? Long.MIN_VALUE : Long.parseLong(nanos) - after;
    }

    private static long[] spread(String stamps) {
        if ("-".equals(stamps)) {
            return new long[4];
        }
        return java.util.Arrays.stream(stamps.split("/")).mapToLong(Long::parseLong).toArray();
    }

    /** Members of the organization's (only) team, inserted directly with the admin's password hash. */
    private List<String> addMembers(UUID org, String adminEmail, int count, int o) {
        UUID team = bench.jdbc().sql("select team_id from phone_number where organization_id = :org")
                .param("org", org).query(UUID.class).single();
        String hash = bench.jdbc().sql("select password_hash from staff_user where email = :email")
                .param("email", adminEmail).query(String.class).single();
        List<String> emails = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            UUID id = UUID.randomUUID();
            String email = "live-" + o + "-" + m + "-" + id.toString().substring(0, 8) + "@example.org";
            bench.jdbc().sql("""
                            insert into staff_user (id, organization_id, email, display_name, password_hash, role, created_at)
                            values (:id, :org, :email, :name, :hash, 'MEMBER', now())""")
                    .param("id", id).param("org", org).param("email", email).param("name", "Live Member " + m)
                    .param("hash", hash).update();
            bench.jdbc().sql("insert into team_member (team_id, user_id, organization_id, added_at) values (:team, :user, :org, now())")
                    .param("team", team).param("user", id).param("org", org).update();
            emails.add(email);
        }
        return emails;
    }

    /** Signs in over HTTP as the sign-in form does; returns the session cookie's value. */
    private String signIn(String email) throws Exception {
        var form = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String cookie = sessionCookie(form).orElseThrow();
        String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(BloomTextBenchmarks.PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        var signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", COOKIE + "=" + cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (signedIn.statusCode() != 302 || !signedIn.headers().firstValue("Location").orElse("").endsWith("/inbox")) {
            throw new IllegalStateException("sign-in failed: " + signedIn.statusCode());
        }
        return sessionCookie(signedIn).orElse(cookie);
    }

    private static java.util.Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                .map(c -> c.substring(COOKIE.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(v -> !v.isEmpty()).reduce((a, b) -> b);
    }

    /** Classes whose live bytes grew most between the two histograms: bytes, instances, bytes a stream, class. */
    private static String histogramGrowth(Map<String, long[]> before, Map<String, long[]> after, int streams, int top) {
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT, "%12s %10s %10s  %s%n",
                "bytes", "instances", "B/stream", "class"));
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .filter(e -> !e.getKey().equals(ApplicationProcess.TOTAL))
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(top)
                .forEach(e -> text.append(String.format(java.util.Locale.ROOT, "%12d %10d %10.0f  %s%n", e.getValue()[1],
                        e.getValue()[0], e.getValue()[1] / (double) streams, e.getKey())));
        return text.toString();
    }

    /** A process's user and system CPU time so far, from /proc (clock ticks of 10 ms); -1 when unknown. */
    private static long processCpuNanos(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
