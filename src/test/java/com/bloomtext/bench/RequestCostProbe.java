package com.bloomtext.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a signed-in request costs the JVM outside the application's own work: a loop of sends (scenario 1's POST) and
 * of conversation page GETs (scenario 3's page), one after another on one client, with the process's and each OS
 * thread's CPU time per request (/proc/self/task) and the bytes allocated per request. Run it alone, under
 * {@code -Pbench} (instant carrier reports, 10 texts/s per number), optionally with a flight recording:
 * {@code ./mvnw -q -Pbench test -Dtest=RequestCostProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -DargLine=-XX:FlightRecorderOptions=stackdepth=512} (a request's stack is deeper than the default 64). The first
 * measurement of each kind is recorded with Java Flight Recorder's profile settings into
 * {@code /tmp/<tag>-send.jfr} and {@code /tmp/<tag>-pages.jfr} ({@code -Dprobe.tag}, default "probe"); the
 * second runs without a recording. Sizes: {@code -Dprobe.warmup=N} (default 1500 rounds) and
 * {@code -Dprobe.requests=N} (default 2000 sends, and as many page requests).
 */
@Tag("benchmark")
class RequestCostProbe extends IntegrationTest {

    @Test
    void signedInRequests() throws Exception {
        int warmup = Integer.getInteger("probe.warmup", 1500);
        int requests = Integer.getInteger("probe.requests", 2000);
        Org org = newOrganization("Probe Clinic");
        MessagingTests.withNumber(org, "415");
        org.upgradeTo("sms-pro");
        // Signed in afresh through the form, as the benchmark's senders are (the set-up's session may hold a flash map
        // that no page consumed, read on every request for three minutes).
        StaffAgent agent = anonymous();
        agent.get("/sign-in");
        if (!agent.post("/sign-in", "email", org.adminEmail(), "password", PASSWORD).redirectsTo("/inbox")) {
            throw new AssertionError("sign-in failed");
        }
        String path = MessagingTests.chatWith(agent, "+16465550199");
        // The pages are another conversation's, with two messages: the sends' conversation grows by thousands.
        String page = MessagingTests.chatWith(agent, "+16465550198");
        send(agent, page);
        send(agent, page);
        agent.get(path);
        Runnable pages = () -> {
            agent.get(page);
            agent.get("/inbox");
        };
        for (int i = 0; i < warmup; i++) {
            send(agent, path);
            pages.run();
        }
        System.out.println("PROBE session attributes (name, first byte, length): " + jdbc.sql("""
                        select a.attribute_name, get_byte(a.attribute_bytes, 0), length(a.attribute_bytes)
                        from spring_session_attributes a join spring_session s on s.primary_id = a.session_primary_id
                        where s.principal_name = :user order by s.creation_time desc""")
                .param("user", org.adminId().toString())
                .query((rs, n) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getInt(3)).list());
        String tag = System.getProperty("probe.tag", "probe");
        System.out.println("PROBE send " + measure(requests, () -> send(agent, path), tag + "-send"));
        System.out.println("PROBE pages " + measure(requests / 2, pages, tag + "-pages"));
        System.out.println("PROBE send " + measure(requests, () -> send(agent, path), null));
        System.out.println("PROBE pages " + measure(requests / 2, pages, null));
    }

    private static void send(StaffAgent agent, String path) {
        var page = agent.post(path + "/messages", "mode", "SMS", "body", "Please call the front desk.");
        if (!page.redirectsTo(path)) {
            throw new AssertionError("send refused: " + page);
        }
    }

    private static String measure(int requests, Runnable request, String recording) throws Exception {
        jdk.jfr.Recording jfr = null;
        if (recording != null) {
            Map<String, String> settings = new HashMap<>(jdk.jfr.Configuration.getConfiguration("profile").getSettings());
            settings.put("jdk.ExecutionSample#period", "1 ms");
            settings.put("jdk.ObjectAllocationSample#throttle", "2000/s");
            jfr = new jdk.jfr.Recording(settings);
            jfr.setDestination(java.nio.file.Path.of("/tmp/" + recording + ".jfr"));
            jfr.start();
        }
        Map<String, Long> before = osThreads();
        long cpu = processCpu();
        long allocated = allocated();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            request.run();
        }
        long wall = System.nanoTime() - start;
        long used = processCpu() - cpu;
        long bytes = allocated() - allocated;
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
        Map<String, Long> byName = new TreeMap<>();
        osThreads().forEach((id, after) -> {
            long delta = after - before.getOrDefault(id, 0L);
            if (delta > 0) {
                byName.merge(NAMES.get(id).replaceAll("[0-9]+", "N"), delta, Long::sum);
            }
        });
        StringBuilder threads = new StringBuilder();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() / 1e3 / requests >= 5)
                .forEach(e -> threads.append(String.format("%s %.0f us, ", e.getKey(), e.getValue() / 1e3 / requests)));
        return String.format("%d requests: wall %.0f us, process CPU %.0f us, allocated %.1f KB per request; by thread: %s",
                requests, wall / 1e3 / requests, used / 1e3 / requests, bytes / 1024.0 / requests, threads);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes allocated by every platform thread (carriers included) so far. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static final Map<String, String> NAMES = new HashMap<>();

    private static Map<String, Long> osThreads() {
        Map<String, Long> threads = new HashMap<>();
        try (var list = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (var task : list.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String id = task.getFileName().toString();
                    threads.put(id, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L);
                    NAMES.put(id, name);
                } catch (java.io.IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return threads;
        }
        return threads;
    }
}
