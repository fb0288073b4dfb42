package com.bloomtext.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * PostgreSQL's own load generator, run against the application's database with one of the scripts in
 * bench/pgbench: the ceiling a scenario is measured against. Latencies come from its per-transaction log.
 */
final class Pgbench {

    static final Path BINARY = Path.of(System.getProperty("bench.pgbench", "/usr/lib/postgresql/15/bin/pgbench"));
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final String host;
    private final int port;
    private final String database;

    /** @param jdbcUrl jdbc:postgresql://localhost:PORT/DB?user=postgres */
    Pgbench(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.database = uri.getPath().substring(1);
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    record Result(double tps, Latencies latencies, String output) {
    }

    /** {@code clients} connections, {@code transactions} each, of the script, with -D variables. */
    Result run(Path script, int clients, int transactions, Map<String, String> variables) throws IOException, InterruptedException {
        return run(script, clients, List.of("-t", String.valueOf(transactions)), variables);
    }

    /**
     * {@code clients} connections running the script at {@code perSecond} transactions a second in all
     * ({@code --rate}, pgbench's Poisson schedule) for {@code seconds}. With a rate, pgbench measures each
     * latency from the transaction's scheduled start: the lag behind the schedule is in it.
     */
    Result runAtRate(Path script, int clients, double perSecond, int seconds, Map<String, String> variables)
            throws IOException, InterruptedException {
        return run(script, clients, List.of("--rate=" + perSecond, "-T", String.valueOf(seconds)), variables);
    }

    private Result run(Path script, int clients, List<String> length, Map<String, String> variables)
            throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory("pgbench-log");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-n", "-h", host, "-p", String.valueOf(port),
                "-U", "postgres", "-c", String.valueOf(clients), "-j", "2"));
        command.addAll(length);
        command.addAll(List.of("-M", "prepared", "-l", "--log-prefix=" + logs.resolve("tx"), "-f",
                script.toAbsolutePath().toString()));
        variables.forEach((name, value) -> {
            command.add("-D");
            command.add(name + "=" + value);
        });
        command.add(database);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench output: " + output);
        }
        Histogram histogram = Latencies.histogram();
        try (var files = Files.list(logs)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    // client_id transaction_no time script_no time_epoch time_us
                    String[] fields = line.split(" ");
                    histogram.recordValue(Math.max(1, Long.parseLong(fields[2])));
                }
                Files.delete(file);
            }
        }
        Files.delete(logs);
        double rate = Double.parseDouble(tps.group(1));
        return new Result(rate, Latencies.of(histogram, histogram.getTotalCount() / rate), output);
    }
}
