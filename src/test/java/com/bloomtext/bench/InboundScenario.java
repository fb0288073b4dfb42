package com.bloomtext.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import com.bloomtext.carrier.twilio.LocalTwilio;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;

/**
 * Scenario 2: patients' texts arriving as Twilio's inbound webhooks, signed as Twilio signs them, 64 at a
 * time; measured until every one is threaded into its conversation. Next to pgbench running an inbound
 * message's statements (the webhook's transaction and the threading listener's).
 */
final class InboundScenario {

    static final int PATIENTS = 64;
    static final String PATH = "/webhooks/twilio/inbound";

    private final BloomTextBenchmarks bench;
    /** Each patient's webhooks go over a blocking client of its own (one kept-alive connection), warm-up included. */
    private final LoopbackHttp[] clients = new LoopbackHttp[PATIENTS];

    InboundScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
        for (int p = 0; p < PATIENTS; p++) {
            clients[p] = new LoopbackHttp(bench.base());
        }
    }

    void run() throws Exception {
        try {
            measure();
        } finally {
            for (LoopbackHttp client : clients) {
                client.close();
            }
        }
    }

    private void measure() throws Exception {
        int perPatient = bench.requestsPerClient();
        Latencies.closedLoop(PATIENTS, PATIENTS * 2, (worker, i) -> post(worker));
        awaitThreaded(PATIENTS * 2);
        long before = inboundMessages();
        long start = System.nanoTime();
        Latencies webhooks = Latencies.closedLoop(PATIENTS, PATIENTS * perPatient, (worker, i) -> post(worker));
        long total = PATIENTS * (long) perPatient;
        long threaded = awaitThreaded(before + total) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = threaded / seconds;
        // The same webhooks at a fixed rate well below saturation (open loop, latency from each scheduled start).
        int pacedSeconds = bench.small ? SendScenario.OPEN_LOOP_SECONDS_SMALL : SendScenario.OPEN_LOOP_SECONDS;
        long beforePaced = inboundMessages();
        Latencies paced = Latencies.openLoop(PATIENTS, SendScenario.OPEN_LOOP_RATE, pacedSeconds, (worker, i) -> post(worker));
        awaitThreaded(beforePaced + paced.count());

        // Each pgbench client writes as a patient who already has a conversation with one of the numbers.
        bench.owner().sql("""
                create table bench_inbound as
                select (row_number() over (order by p.phone) - 1)::int as client, n.number as our_number, p.phone as patient_phone
                from conversation c join patient p on p.id = c.patient_id join phone_number n on n.team_id = c.team_id
                where p.phone like '+1617555%' and n.status = 'ACTIVE'""").update();
        Path script = bench.directory.resolve("pgbench/inbound-sms.sql");
        Pgbench pgbench = new Pgbench(bench.jdbcUrl());
        Pgbench.Result ceiling;
        Pgbench.Result pacedCeiling;
        // As many clients as patients whose first text was threaded (all 64 unless the application lost some).
        int clients = bench.owner().sql("select count(*) from bench_inbound").query(Integer.class).single();
        try {
            pgbench.run(script, clients, 2, Map.of());
            ceiling = pgbench.run(script, clients, perPatient, Map.of());
            pacedCeiling = pgbench.runAtRate(script, clients, SendScenario.OPEN_LOOP_RATE, pacedSeconds, Map.of());
        } finally {
            bench.owner().sql("drop table bench_inbound").update();
        }

        Report report = bench.report;
        report.section("2. Inbound SMS: signed Twilio webhooks, " + PATIENTS + " at a time");
        report.line("BloomText: %d webhooks answered in %.1f s (%s, %d errors%s); %,d of %,d threaded into conversations "
                + "after %.1f s: **%.0f messages/s**.", webhooks.count(), webhooks.seconds(), webhooks.summary(),
                webhooks.errors(), webhooks.firstErrorNote(), threaded, total, seconds, rate);
        if (threaded < total) {
            report.line("**%,d accepted texts were never threaded** within the wait: their listener failed (see the "
                    + "application log) and is only retried on restart.", total - threaded);
        }
        report.line("");
        report.line("pgbench, `bench/pgbench/inbound-sms.sql` (webhook transaction + threading transaction), %d clients: "
                + "**%.0f tps**, %s.", clients, ceiling.tps(), ceiling.latencies().summary());
        report.line("");
        report.line("At a fixed rate well below saturation: %.0f webhooks a second for %d s (open loop, each latency "
                + "counted from its scheduled start): %d webhooks, %s, %d errors%s. pgbench, the same script at `--rate=%.0f` "
                + "for %d s (%d clients; its latency includes the lag behind its schedule): %.0f tps, %s.",
                SendScenario.OPEN_LOOP_RATE, pacedSeconds, paced.count(), paced.summary(), paced.errors(), paced.firstErrorNote(),
                SendScenario.OPEN_LOOP_RATE, pacedSeconds, clients, pacedCeiling.tps(), pacedCeiling.latencies().summary());
        double ratio = rate / ceiling.tps();
        report.row("2. inbound SMS webhooks (Twilio-signed)", "messages/s", BloomTextBenchmarks.f("%.0f", rate),
                BloomTextBenchmarks.f("%.0f tps (pgbench)", ceiling.tps()), Report.pct(ratio), ">= 50%", ratio >= 0.5);
        report.row("", "webhook p99", BloomTextBenchmarks.f("%.1f ms", webhooks.p99()),
                BloomTextBenchmarks.f("%.1f ms", ceiling.latencies().p99()),
                BloomTextBenchmarks.f("%.1fx", webhooks.p99() / ceiling.latencies().p99()), "—", null);
        report.row("", BloomTextBenchmarks.f("webhook p99 at %.0f/s (open loop)", SendScenario.OPEN_LOOP_RATE),
                BloomTextBenchmarks.f("%.1f ms", paced.p99()),
                BloomTextBenchmarks.f("%.1f ms (pgbench --rate)", pacedCeiling.latencies().p99()),
                BloomTextBenchmarks.f("%.1fx", paced.p99() / pacedCeiling.latencies().p99()), "< 50 ms",
                paced.p99() < 50 && paced.errors() == 0);
    }

    private String number(int worker) {
        return bench.numberOrgs.get(worker % bench.numberOrgs.size()).number();
    }

    private static String phone(int worker) {
        return "+1617555" + (3000 + worker);
    }

    private boolean post(int worker) throws Exception {
        Map<String, String> params = new TreeMap<>();
        params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("AccountSid", LocalTwilio.ACCOUNT_SID);
        params.put("From", phone(worker));
        params.put("To", number(worker));
        params.put("Body", "Running ten minutes late");
        params.put("NumMedia", "0");
        String url = bench.base() + PATH;
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var response = clients[worker].postForm(PATH, form, Map.of("X-Twilio-Signature",
                LocalTwilio.sign(url, params, IntegrationTest.TWILIO_AUTH_TOKEN)), LoopbackHttp.Body.DISCARD);
        if (response.status() != 200) {
            throw new IllegalStateException("the webhook was answered " + response);
        }
        return true;
    }

    private long inboundMessages() {
        return bench.jdbc().sql("select count(*) from message where direction = 'INBOUND'").query(Long.class).single();
    }

    private long awaitThreaded(long count) {
        return MessagingTests.eventually(this::inboundMessages, n -> n >= count, Duration.ofSeconds(90));
    }
}
