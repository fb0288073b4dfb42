package com.bloomtext.reliability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.bloomtext.carrier.twilio.LocalTwilio;
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
 * SIGKILL in the middle of sending: BloomText runs as its own process with the Twilio adapter aimed at
 * {@link LocalTwilio}; staff send {@value #DEFAULT_MESSAGES} SMS; the process is killed once a quarter of
 * them reached the carrier, started again on the same database, and the rest are sent. Every SMS the
 * database holds reaches the carrier exactly once (the carrier dedupes resends by their Idempotency-Key,
 * BloomText's message id), and none is lost. {@code -Dbloomtext.reliability.messages=N} changes the count.
 */
class CrashRecoveryTests extends IntegrationTest {

    static final int DEFAULT_MESSAGES = 5_000;
    private static final int SENDERS = 4;
    /** The embedded cluster's owner, who runs the migrations (see EmbeddedPostgresConfiguration). */
    private static final String OWNER = "postgres";

    @Autowired
    DataSource dataSource;

    @Test
    void killedWhileSendingEveryAcceptedTextReachesTheCarrierExactlyOnce() throws Exception {
        int messages = Integer.getInteger("bloomtext.reliability.messages", DEFAULT_MESSAGES);
        String database = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariDataSource main = (HikariDataSource) dataSource;
        // Creating a database takes the cluster's owner; the application's own role only has row access.
        JdbcClient owner = JdbcClient.create(new DriverManagerDataSource(main.getJdbcUrl(), OWNER, null));
        owner.sql("create database " + database).update();
        String url = main.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        JdbcClient child = JdbcClient.create(new DriverManagerDataSource(url, OWNER, null));
        try (LocalTwilio twilio = new LocalTwilio(TWILIO_AUTH_TOKEN)) {
            int port = ChildApplication.freePort();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("spring.datasource.url", url);
            settings.put("spring.datasource.username", main.getUsername());
            if (main.getPassword() != null) {
                settings.put("spring.datasource.password", main.getPassword());
            }
            settings.put("spring.flyway.user", OWNER);
            settings.put("bloomtext.public-base-url", "http://localhost:" + port);
            settings.put("bloomtext.carrier.provider", "twilio");
            settings.put("bloomtext.carrier.twilio.account-sid", LocalTwilio.ACCOUNT_SID);
            settings.put("bloomtext.carrier.twilio.auth-token", TWILIO_AUTH_TOKEN);
            settings.put("bloomtext.carrier.twilio.api-base", twilio.baseUrl());
            settings.put("bloomtext.billing.overage", "allow");
            settings.put("bloomtext.messaging.sms.messages-per-second", "400");

            ConcurrentLinkedQueue<Integer> unsent = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < messages; i++) {
                unsent.add(i);
            }
            String chat;
            String email;
            try (ChildApplication first = ChildApplication.start("crash-before", port, settings)) {
                StaffAgent admin = new StaffAgent(first.baseUrl());
                email = uniqueEmail("crash");
                assertThat(admin.post("/welcome", "organizationName", "Crash Clinic", "yourName", "Dana Whitfield",
                        "email", email, "password", PASSWORD).redirectsTo("/inbox")).isTrue();
                MessagingTests.withNumber(new Org(this, admin, email), "415");
                chat = MessagingTests.chatWith(admin, "+14155552690");

                AtomicBoolean killed = new AtomicBoolean();
                Thread killer = Thread.ofVirtual().start(() -> {
                    try {
                        while (twilio.textsAccepted() < messages / 4 && !Thread.currentThread().isInterrupted()) {
                            Thread.sleep(5);
                        }
                        killed.set(true);
                        first.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                sendAll(first.baseUrl(), email, chat, unsent, killed);
                killer.join(Duration.ofMinutes(3));
                assertThat(killed).as("the application was killed mid-send").isTrue();
                ReliabilitySummary.add(ReliabilitySummary.FAULTS_INJECTED, 1);
            }
            int reachedBeforeTheKill = twilio.textsAccepted();

            try (ChildApplication second = ChildApplication.start("crash-after", port, settings)) {
                sendAll(second.baseUrl(), email, chat, unsent, new AtomicBoolean());
                assertThat(unsent).as("every text was accepted by the restarted application").isEmpty();
                MessagingTests.eventually(() -> child.sql("select count(*) from message where mode = 'SMS' and state = 'QUEUED'")
                        .query(Integer.class).single(), queued -> queued == 0, Duration.ofMinutes(3));

                List<String> stored = child.sql("select id::text from message where mode = 'SMS' and direction = 'OUTBOUND'")
                        .query(String.class).list();
                Set<String> carried = twilio.idempotencyKeys();
                long lost = stored.stream().filter(id -> !carried.contains(id)).count();
                long strangers = carried.stream().filter(id -> !stored.contains(id)).count();
                int duplicated = twilio.textsAccepted() - carried.size();
                ReliabilitySummary.add(ReliabilitySummary.MESSAGES_SENT, stored.size());
                ReliabilitySummary.add(ReliabilitySummary.LOST, lost);
                ReliabilitySummary.add(ReliabilitySummary.DUPLICATED, duplicated + strangers);
                System.out.printf("Crash test: %d SMS stored, %d reached the carrier before the kill, %d send requests, "
                        + "%d distinct texts carried%n", stored.size(), reachedBeforeTheKill, twilio.sendRequests(), carried.size());

                assertThat(stored).hasSizeGreaterThanOrEqualTo(messages);
                assertThat(lost).as("stored SMS the carrier never got").isZero();
                assertThat(strangers).as("texts the carrier got that the database does not hold").isZero();
                assertThat(duplicated).as("texts the carrier delivered twice").isZero();
                assertThat(child.sql("select count(*) from message where mode = 'SMS' and state = 'FAILED'")
                        .query(Integer.class).single()).isZero();
            }
        } finally {
            owner.sql("drop database if exists " + database + " with (force)").update();
        }
    }

    /** Staff send the unsent texts, {@value #SENDERS} at a time, until none is left or the application is gone. */
    private void sendAll(String base, String email, String chat, ConcurrentLinkedQueue<Integer> unsent,
            AtomicBoolean killed) throws InterruptedException {
        List<Thread> senders = new java.util.ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(Thread.ofVirtual().start(() -> {
                StaffAgent staff = new StaffAgent(base);
                staff.post("/sign-in", "email", email, "password", PASSWORD);
                staff.get(chat);
                Integer next;
                while (!killed.get() && (next = unsent.poll()) != null) {
                    try {
                        var sent = staff.post(chat + "/messages", "mode", "SMS", "body",
                                "Reminder " + next + ": your appointment is confirmed.");
                        if (sent.status() != 302) {
                            unsent.add(next);
                        }
                    } catch (RuntimeException e) {
                        unsent.add(next); // the application died under this request: send it again after the restart
                        return;
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }
}
