package com.bloomtext.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reliability figures of one test JVM, added up across tests: faults injected, messages sent, lost,
 * duplicated, inputs tried, 5xx answers, routes x actors checked. Printed as a table when the JVM ends
 * and written to {@code target/reliability/summary-<carrier>.md} ({@code reliability/run.sh} adds up the JVMs).
 */
public final class ReliabilitySummary {

    public static final String FAULTS_INJECTED = "faults injected";
    public static final String MESSAGES_SENT = "messages sent";
    public static final String LOST = "lost (must be 0)";
    public static final String DUPLICATED = "duplicated (must be 0)";
    public static final String INPUTS_TRIED = "inputs tried";
    public static final String SERVER_ERRORS = "5xx answers (must be 0)";
    public static final String ROUTES_X_ACTORS = "routes x actors checked";

    private static final Map<String, AtomicLong> FIGURES = new ConcurrentSkipListMap<>();
    /** Informative measurements (never asserted), printed under the table. */
    private static final java.util.List<String> NOTES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        for (String figure : new String[] {FAULTS_INJECTED, MESSAGES_SENT, LOST, DUPLICATED, INPUTS_TRIED, SERVER_ERRORS,
                ROUTES_X_ACTORS}) {
            FIGURES.put(figure, new AtomicLong());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ReliabilitySummary::print));
    }

    private ReliabilitySummary() {
    }

    public static void add(String figure, long amount) {
        FIGURES.computeIfAbsent(figure, name -> new AtomicLong()).addAndGet(amount);
    }

    /** A measured line for the reader (for example a timing distribution); tests never assert on it. */
    public static void note(String line) {
        NOTES.add(line);
    }

    static String table() {
        StringBuilder table = new StringBuilder("| figure | count |\n|---|---|\n");
        for (String figure : new String[] {FAULTS_INJECTED, MESSAGES_SENT, LOST, DUPLICATED, INPUTS_TRIED, SERVER_ERRORS,
                ROUTES_X_ACTORS}) {
            table.append("| ").append(figure).append(" | ").append(FIGURES.get(figure).get()).append(" |\n");
        }
        if (!NOTES.isEmpty()) {
            table.append("\nMeasured (informative, not asserted):\n\n");
            NOTES.forEach(note -> table.append("- ").append(note).append('\n'));
        }
        return table.toString();
    }

    private static void print() {
        String table = table();
        System.out.println("\nReliability summary\n" + table);
        try {
            Path file = Path.of("target", "reliability",
                    "summary-" + System.getProperty("bloomtext.test.carrier", "sandbox") + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Reliability summary\n\n" + table);
        } catch (IOException e) {
            // the console has it
        }
    }
}
