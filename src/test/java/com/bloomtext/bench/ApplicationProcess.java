package com.bloomtext.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.BloomTextApplication;
import com.bloomtext.testing.IntegrationTest;

/**
 * The application in a JVM of its own, started by the harness: the same classpath and configuration as the
 * harness's in-process application (profile {@code test}, the bench profile's system properties, the same
 * edges), pointed at the harness's embedded PostgreSQL (so the organizations, users and sessions the harness
 * made are its own too). What the JVM's heap holds is then the application's alone: {@link #heapAfterFullGc()}
 * asks it with {@code jcmd} (a full GC, then the heap in use), {@link #histogram()} for what it holds by class.
 */
final class ApplicationProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** The histogram's key for every class together. */
    static final String TOTAL = "(total)";

    private final Process process;
    private final int port;
    private final Path log;
    private final Path jdk;

    private ApplicationProcess(Process process, int port, Path log, Path jdk) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.jdk = jdk;
    }

    /** Starts the application on a free loopback port against the harness's database and waits until it answers. */
    static ApplicationProcess start(BloomTextBenchmarks bench) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path jdk = java.getParent();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, String> properties = new HashMap<>();
        // Whatever the Maven profile set for the harness's application (carrier delay, send rate).
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("bloomtext.") && !key.toString().startsWith("bloomtext.test.")) {
                properties.put(key.toString(), value.toString());
            }
        });
        properties.put("spring.profiles.active", "test");
        properties.put("server.port", Integer.toString(port));
        properties.put("spring.datasource.url", bench.jdbcUrl());
        properties.put("spring.datasource.username", bench.applicationRole());
        properties.put("spring.flyway.user", "postgres");
        properties.put("spring.flyway.password", "");
        // The harness's application owns the event publications it left unfinished.
        properties.put("spring.modulith.events.republish-outstanding-events-on-restart", "false");
        // The edges IntegrationTest points the in-process application at.
        properties.put("bloomtext.billing.stripe.api-base", IntegrationTest.STRIPE.baseUrl());
        properties.put("bloomtext.billing.stripe.api-key", IntegrationTest.STRIPE_API_KEY);
        properties.put("bloomtext.billing.stripe.webhook-secret", IntegrationTest.STRIPE_WEBHOOK_SECRET);
        properties.put("STRIPE_PRICE_SMS_STARTER", IntegrationTest.STRIPE_STARTER_PRICE);
        properties.put("bloomtext.carrier.twilio.auth-token", IntegrationTest.TWILIO_AUTH_TOKEN);
        properties.put("bloomtext.carrier.provider", "sandbox");
        // -Dbench.live.timeline=true: the live hub logs each event's steps (LiveTimeline), which scenario 5 lines up with
        // its clients' reads; off by default (a debug line per event).
        if (Boolean.getBoolean("bench.live.timeline")) {
            properties.put("logging.level.com.bloomtext.messaging.live.timeline", "debug");
        }
        List<String> command = new ArrayList<>(List.of(java.toString()));
        // Extra JVM options for the application, e.g. a flight recording: -Dbench.app.jvm-options="-XX:StartFlightRecording=..."
        String options = System.getProperty("bench.app.jvm-options", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(BloomTextApplication.class.getName());
        // Kept after the run (its path is in the report): what the application logged while it was measured.
        Path log = Files.createTempFile("bloomtext-bench-app", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        ApplicationProcess application = new ApplicationProcess(process, port, log, jdk);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        try {
            application.awaitReady(Duration.ofMinutes(3));
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return application;
    }

    String base() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application process ended at start-up (exit "
                        + process.exitValue() + "), see " + log);
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(base() + "/sign-in")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the application process did not answer within " + timeout + ", see " + log);
    }

    /** The process's heap in use after a full GC, in bytes. */
    long heapAfterFullGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** The largest heap the process may grow to, in bytes. */
    long maxHeap() throws Exception {
        Matcher max = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)").matcher(jcmd("VM.flags", "-all"));
        return max.find() ? Long.parseLong(max.group(1)) : -1;
    }

    /** The process's platform threads (virtual threads are not listed). */
    int platformThreads() throws Exception {
        return (int) jcmd("Thread.print").lines().filter(line -> line.startsWith("\"")).count();
    }

    /**
     * Live objects by class (jcmd GC.class_histogram runs a full GC first): class name to {instances, bytes}, and
     * under {@link #TOTAL} the whole heap's.
     */
    Map<String, long[]> histogram() throws Exception {
        Map<String, long[]> classes = new HashMap<>();
        String histogram = jcmd("GC.class_histogram");
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        if (total.find()) {
            classes.put(TOTAL, new long[] {Long.parseLong(total.group(1)), Long.parseLong(total.group(2))});
        }
        for (String line : histogram.split("\n")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                classes.put(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
            }
        }
        return classes;
    }

    private String jcmd(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.resolve("jcmd").toString(), Long.toString(process.pid())));
        command.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(2, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    /** Ends the application as an operator would (SIGTERM: its streams end, the server shuts down gracefully). */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
