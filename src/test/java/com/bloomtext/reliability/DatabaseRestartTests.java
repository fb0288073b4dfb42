package com.bloomtext.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL restarts (pg_ctl restart -m fast: every connection cut) while staff keep sending SMS. During
 * the outage requests get the 503 page, never a 500; afterwards the running application serves again
 * without a restart of its own, and every text it accepted (answered with a redirect) is handed to the
 * carrier: none is left queued.
 */
class DatabaseRestartTests extends IntegrationTest {

    private static final int TEXTS = 120;

    @Autowired
    DataSource dataSource;

    @Test
    void theApplicationRecoversFromADatabaseRestartAndLosesNoAcceptedText() throws Exception {
        Org org = newOrganization("Restart Clinic");
        MessagingTests.withNumber(org, "312");
        String chat = MessagingTests.chatWith(org.admin(), "(312) 555-2602");
        StaffAgent staff = org.admin();
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();

        Thread sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < TEXTS; i++) {
                int status;
                try {
                    status = staff.post(chat + "/messages", "mode", "SMS", "body", "Restart reminder " + i).status();
                } catch (RuntimeException e) {
                    status = -1;
                }
                answers.merge(status, 1, Integer::sum);
                if (status == 302) {
                    accepted.incrementAndGet();
                }
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        MessagingTests.eventually(accepted::get, count -> count >= 15, Duration.ofSeconds(60));
        restartPostgres();
        ReliabilitySummary.add(ReliabilitySummary.FAULTS_INJECTED, 1);
        sender.join(Duration.ofMinutes(3));

        assertThat(answers).as("answers during the restart: %s", answers).doesNotContainKey(500);
        assertThat(answers.keySet()).as("answers: %s", answers).isSubsetOf(302, 503, -1);
        assertThat(org.admin().get("/inbox").status()).as("serving again, no restart of the application").isEqualTo(200);
        int stored = jdbc.sql("select count(*) from message where organization_id = :org and direction = 'OUTBOUND'")
                .param("org", org.id()).query(Integer.class).single();
        assertThat(stored).as("accepted texts are stored").isEqualTo(accepted.get());
        assertThat(MessagingTests.eventually(() -> jdbc.sql("select count(*) from message where organization_id = :org "
                        + "and direction = 'OUTBOUND' and state = 'QUEUED'").param("org", org.id()).query(Integer.class).single(),
                queued -> queued == 0, Duration.ofMinutes(2))).as("accepted texts left queued").isZero();
        ReliabilitySummary.add(ReliabilitySummary.MESSAGES_SENT, stored);
        ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, answers.getOrDefault(500, 0));
        System.out.printf("Database restart: %d texts tried, answers %s, %d accepted and all handed to the carrier%n",
                TEXTS, answers, accepted.get());
    }

    /** The embedded cluster, restarted with its own pg_ctl and the options it was started with (postmaster.opts). */
    private void restartPostgres() throws Exception {
        JdbcClient owner = JdbcClient.create(new DriverManagerDataSource(((HikariDataSource) dataSource).getJdbcUrl(), "postgres", null));
        Path data = Path.of(owner.sql("show data_directory").query(String.class).single());
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        Path pgCtl = Path.of("/proc/" + postmaster + "/exe").toRealPath().resolveSibling("pg_ctl");
        Path log = Files.createTempFile("pg-restart", ".log");
        Process restart = new ProcessBuilder(pgCtl.toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60",
                "-l", log.toString(), "restart")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(restart.waitFor()).as("pg_ctl restart: %s", Files.readString(log)).isZero();
    }
}
