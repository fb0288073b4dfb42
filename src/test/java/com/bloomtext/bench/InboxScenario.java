package com.bloomtext.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.StaffAgent;

import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Scenario 3: the inbox and a conversation, opened over HTTP by a staff member of one of 100
 * organizations that together hold 1M conversations and 10M messages (generated with COPY; 1/100 of that
 * with --small). Next to the pages' data queries run straight through JDBC, with their plans.
 */
final class InboxScenario {

    static final int ORGANIZATIONS = 100;
    static final int MESSAGES_PER_CONVERSATION = 10;

    /** The inbox's query, as Conversations.inbox runs it. */
    static final String INBOX = """
            select c.id, c.patient_id, c.team_id, c.last_message_at, c.last_mode,
                   (select r.read_at from conversation_read r where r.conversation_id = c.id and r.user_id = ?) as read_at
            from conversation c where c.organization_id = ? and (
                (c.team_id is not null and exists (select 1 from team_member m
                    where m.team_id = c.team_id and m.user_id = ? and m.organization_id = ?))
                or (c.team_id is null and exists (select 1 from conversation_participant p
                    where p.conversation_id = c.id and p.user_id = ?)))
                and (cast(? as uuid) is null or c.team_id = ?)
            order by c.last_message_at desc limit 200""";
    /** The inbox's unread counts per scope, as Conversations.unreadCounts runs it. */
    static final String UNREAD = """
            select c.team_id, count(*) as unread from conversation c
            left join conversation_read r on r.conversation_id = c.id and r.user_id = ?
            where c.organization_id = ? and (
                (c.team_id is not null and exists (select 1 from team_member m
                    where m.team_id = c.team_id and m.user_id = ? and m.organization_id = ?))
                or (c.team_id is null and exists (select 1 from conversation_participant p
                    where p.conversation_id = c.id and p.user_id = ?)))
              and (r.read_at is null or r.read_at < c.last_message_at) group by c.team_id""";
    static final String NAMES = "select id, first_name, last_name, phone, email, date_of_birth, mrn from patient "
            + "where organization_id = ? and id = any(?) and archived_at is null";
    static final String VISIBLE = """
            select c.id, c.organization_id, c.patient_id, c.team_id from conversation c where c.id = ? and c.organization_id = ? and (
                (c.team_id is not null and exists (select 1 from team_member m
                    where m.team_id = c.team_id and m.user_id = ? and m.organization_id = ?))
                or (c.team_id is null and exists (select 1 from conversation_participant p
                    where p.conversation_id = c.id and p.user_id = ?)))""";
    static final String MESSAGES = "select * from message where organization_id = ? and conversation_id = ? order by created_at, id";

    private final BloomTextBenchmarks bench;

    InboxScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        int conversations = bench.small ? 10_000 : 1_000_000;
        int perOrg = conversations / ORGANIZATIONS;
        BloomTextBenchmarks.Org org = bench.organization("Inbox Clinic");
        MessagingTests.withNumber(org, "415");
        UUID orgId = org.id();
        UUID user = org.adminId();
        UUID team = bench.jdbc().sql("select team_id from team_member where user_id = :user").param("user", user)
                .query(UUID.class).single();

        long started = System.nanoTime();
        List<UUID> orgs = new ArrayList<>(List.of(orgId));
        List<UUID> teams = new ArrayList<>(List.of(team));
        for (int o = 1; o < ORGANIZATIONS; o++) {
            UUID filler = new UUID(0x0B00_0000_0000_0000L, o);
            UUID fillerTeam = new UUID(0x0C00_0000_0000_0000L, o);
            bench.jdbc().sql("insert into organization (id, name, time_zone, created_at) values (:id, :name, 'America/New_York', now())")
                    .param("id", filler).param("name", "Filler Clinic " + o).update();
            bench.jdbc().sql("insert into team (id, organization_id, name, created_at) values (:id, :org, 'Front desk', now())")
                    .param("id", fillerTeam).param("org", filler).update();
            orgs.add(filler);
            teams.add(fillerTeam);
        }
        Instant base = Instant.now().minusSeconds(365L * 24 * 3600);
        // As the owner (the cluster's superuser), who may switch the foreign-key triggers off for the load.
        try (Connection connection = java.sql.DriverManager.getConnection(bench.jdbcUrl(), "postgres", null)) {
            connection.setAutoCommit(true);
            try (var statement = connection.createStatement()) {
                // Consistent by construction: skip the foreign-key triggers while loading.
                statement.execute("set session_replication_role = replica");
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            copy(pg, "copy patient (id, organization_id, first_name, last_name, phone, created_at, updated_at) from stdin",
                    conversations, k -> {
                        int o = k / perOrg;
                        return patient(k) + "\t" + orgs.get(o) + "\tPat" + k + "\tLast" + k + "\t+1" + (2_000_000_000L + k)
                                + "\t" + base + "\t" + base + "\n";
                    });
            copy(pg, "copy conversation (id, organization_id, patient_id, team_id, created_at, last_message_at, last_mode) from stdin",
                    conversations, k -> {
                        int o = k / perOrg;
                        return conversation(k) + "\t" + orgs.get(o) + "\t" + patient(k) + "\t" + teams.get(o) + "\t" + base
                                + "\t" + at(base, k, MESSAGES_PER_CONVERSATION - 1) + "\tSMS\n";
                    });
            copy(pg, "copy message (id, organization_id, conversation_id, direction, mode, body, segments, state, "
                    + "from_number, to_number, created_at, updated_at) from stdin",
                    conversations * MESSAGES_PER_CONVERSATION, m -> {
                        int k = m / MESSAGES_PER_CONVERSATION;
                        int i = m % MESSAGES_PER_CONVERSATION;
                        int o = k / perOrg;
                        boolean in = i % 2 == 1;
                        String at = at(base, k, i).toString();
                        return new UUID(0x0F00_0000_0000_0000L, m) + "\t" + orgs.get(o) + "\t" + conversation(k) + "\t"
                                + (in ? "INBOUND\tSMS\tSee you on Tuesday then\t1\tRECEIVED\t+1" + (2_000_000_000L + k) + "\t+14155550100"
                                        : "OUTBOUND\tSMS\tYour visit is confirmed, reply C to change\t1\tDELIVERED\t+14155550100\t+1" + (2_000_000_000L + k))
                                + "\t" + at + "\t" + at + "\n";
                    });
            try (var statement = connection.createStatement()) {
                statement.execute("set session_replication_role = origin");
                statement.execute("analyze patient");
                statement.execute("analyze conversation");
                statement.execute("analyze message");
            }
        }
        double generated = (System.nanoTime() - started) / 1e9;

        int rounds = bench.small ? 100 : 300;
        StaffAgent agent = bench.signedIn(org);
        Random random = new Random(42);
        List<UUID> sample = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            sample.add(conversation(random.nextInt(perOrg)));
        }
        for (int i = 0; i < 20; i++) {
            agent.get("/inbox");
            agent.get("/inbox/c/" + sample.get(i));
        }
        Histogram inboxPage = Latencies.histogram();
        Histogram conversationPage = Latencies.histogram();
        int errors = 0;
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            errors += agent.get("/inbox").status() == 200 ? 0 : 1;
            inboxPage.recordValue((System.nanoTime() - t) / 1000);
            t = System.nanoTime();
            errors += agent.get("/inbox/c/" + sample.get(i)).status() == 200 ? 0 : 1;
            conversationPage.recordValue((System.nanoTime() - t) / 1000);
        }

        Histogram inboxSql = Latencies.histogram();
        Histogram conversationSql = Latencies.histogram();
        String inboxPlan;
        String messagesPlan;
        String unreadPlan;
        try (Connection connection = bench.dataSource.getConnection()) {
            for (int warm = 0; warm < 2; warm++) {
                for (int i = 0; i < rounds; i++) {
                    long t = System.nanoTime();
                    List<UUID> patients = inboxQueries(connection, orgId, user);
                    names(connection, orgId, patients);
                    try (PreparedStatement unread = connection.prepareStatement(UNREAD)) {
                        bind(unread, user, orgId, user, orgId, user);
                        drain(unread);
                    }
                    if (warm == 1) {
                        inboxSql.recordValue((System.nanoTime() - t) / 1000);
                    }
                    t = System.nanoTime();
                    conversationQueries(connection, orgId, user, sample.get(i));
                    if (warm == 1) {
                        conversationSql.recordValue((System.nanoTime() - t) / 1000);
                    }
                }
            }
            inboxPlan = explain(connection, INBOX, user, orgId, user, orgId, user, null, null);
            messagesPlan = explain(connection, MESSAGES, orgId, sample.getFirst());
            unreadPlan = explain(connection, UNREAD, user, orgId, user, orgId, user);
        }

        Latencies inboxApp = Latencies.of(inboxPage, 1);
        Latencies inboxRaw = Latencies.of(inboxSql, 1);
        Latencies conversationApp = Latencies.of(conversationPage, 1);
        Latencies conversationRaw = Latencies.of(conversationSql, 1);
        Report report = bench.report;
        report.section(BloomTextBenchmarks.f("3. Inbox and conversation: %d organizations, %,d conversations, %,d messages",
                ORGANIZATIONS, conversations, conversations * MESSAGES_PER_CONVERSATION));
        report.line("Generated with COPY in %.0f s. The measured staff member's team holds %,d conversations "
                + "(%,d messages). %d rounds of GET /inbox then GET /inbox/c/{random conversation}, one after another, "
                + "%d errors.", generated, perOrg, perOrg * MESSAGES_PER_CONVERSATION, rounds, errors);
        report.line("");
        report.line("- inbox page over HTTP: %s; its data queries (inbox list + unread counts + names) through JDBC: %s", inboxApp.summary(),
                inboxRaw.summary());
        report.line("- conversation page over HTTP: %s; its data queries (visible + messages + attachments) through "
                + "JDBC: %s", conversationApp.summary(), conversationRaw.summary());
        report.line("");
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the inbox query:");
        report.code("", inboxPlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the inbox's unread counts:");
        report.code("", unreadPlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the conversation's messages:");
        report.code("", messagesPlan);
        row(report, "3. open the inbox (" + perOrg + " conversations in the team)", inboxApp, inboxRaw);
        row(report, "3. open a conversation (" + MESSAGES_PER_CONVERSATION + " messages)", conversationApp, conversationRaw);
    }

    private static void row(Report report, String name, Latencies app, Latencies raw) {
        double ratio = app.p99() / raw.p99();
        report.row(name, "p50 / p99", BloomTextBenchmarks.f("%.1f / %.1f ms", app.p50(), app.p99()),
                BloomTextBenchmarks.f("%.1f / %.1f ms (JDBC)", raw.p50(), raw.p99()),
                BloomTextBenchmarks.f("%.1fx", ratio), "p99 <= 2x, < 20 ms", ratio <= 2 && app.p99() < 20);
    }

    private static UUID patient(int k) {
        return new UUID(0x0D00_0000_0000_0000L, k);
    }

    private static UUID conversation(int k) {
        return new UUID(0x0E00_0000_0000_0000L, k);
    }

    /** Message i of conversation k: conversations spread over the year, their messages minutes apart. */
    private static Instant at(Instant base, int k, int i) {
        return base.plusSeconds((long) (k * 7919L % 31_000_000L)).plusSeconds(i * 60L);
    }

    private static void copy(PGConnection pg, String sql, int rows, IntFunction<String> row) throws Exception {
        CopyIn copy = pg.getCopyAPI().copyIn(sql);
        StringBuilder chunk = new StringBuilder(1 << 20);
        for (int k = 0; k < rows; k++) {
            chunk.append(row.apply(k));
            if (chunk.length() > (1 << 20) - 512) {
                byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                chunk.setLength(0);
            }
        }
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
    }

    private static List<UUID> inboxQueries(Connection connection, UUID org, UUID user) throws Exception {
        List<UUID> patients = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(INBOX)) {
            bind(statement, user, org, user, org, user, null, null);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    patients.add(rs.getObject("patient_id", UUID.class));
                }
            }
        }
        return patients;
    }

    private static void names(Connection connection, UUID org, List<UUID> patients) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(NAMES)) {
            statement.setObject(1, org);
            statement.setArray(2, connection.createArrayOf("uuid", patients.toArray()));
            drain(statement);
        }
    }

    private static void conversationQueries(Connection connection, UUID org, UUID user, UUID conversation) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(VISIBLE)) {
            bind(statement, conversation, org, user, org, user);
            drain(statement);
        }
        try (PreparedStatement statement = connection.prepareStatement(MESSAGES)) {
            bind(statement, org, conversation);
            drain(statement);
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "select * from message_attachment where organization_id = ? and conversation_id = ? order by created_at, id")) {
            bind(statement, org, conversation);
            drain(statement);
        }
    }

    private static String explain(Connection connection, String sql, Object... params) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement statement = connection.prepareStatement("explain (analyze, buffers) " + sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static void bind(PreparedStatement statement, Object... params) throws Exception {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }

    private static void drain(PreparedStatement statement) throws Exception {
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }
}
