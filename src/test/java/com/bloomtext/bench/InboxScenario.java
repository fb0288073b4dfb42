package com.bloomtext.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
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
 * with --small, 1/10 with --tenth). Next to the pages' data queries run straight through JDBC, with their plans.
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
    /**
     * The inbox's unread counts per scope, as Conversations.unreadCounts runs it (UNREAD_COUNTS, its one user
     * bound as the list of users): per team of the user, the team's conversations minus the user's current read
     * marks, both read from the counters V32's triggers keep; personal conversations directly. Parameters:
     * {@link #unreadParameters}.
     */
    static final String UNREAD = """
            select m.user_id, m.team_id, coalesce(t.conversations, 0) - coalesce(r.current_marks, 0) as unread
            from team_member m join staff_user u on u.id = m.user_id
                left join team_conversation_count t on t.organization_id = ? and t.team_id = m.team_id
                left join team_read_count r on r.user_id = m.user_id and r.organization_id = ? and r.team_id = m.team_id
            where m.organization_id = ? and u.organization_id = ? and m.user_id in (?)
            union all
            select p.user_id, null, count(*) from conversation_participant p join staff_user u on u.id = p.user_id
                join conversation c on c.id = p.conversation_id
                left join conversation_read r on r.conversation_id = c.id and r.user_id = p.user_id
            where p.user_id in (?) and u.organization_id = ? and c.organization_id = ? and c.team_id is null
              and (r.read_at is null or r.read_at < c.last_message_at)
            group by p.user_id""";

    /** {@link #UNREAD}'s parameters for this organization and user, in order. */
    static Object[] unreadParameters(UUID org, UUID user) {
        return new Object[] {org, org, org, org, user, user, org, org};
    }

    /**
     * The inbox's patient names, as Patients.displayNames reads them (since session 8: the names, and a phone or email
     * only for a patient without one; before, every column of the 200 patients, date of birth and MRN included).
     */
    static final String NAMES = """
            select id, first_name, last_name,
                   case when coalesce(first_name, '') || coalesce(last_name, '') ~ '[[:alnum:]]' then null else phone end as phone,
                   case when coalesce(first_name, '') || coalesce(last_name, '') ~ '[[:alnum:]]' then null else email end as email
            from patient where organization_id = ? and id = any(?) and archived_at is null""";
    /**
     * As Conversations.open reads it for the page (since session 8 with whether the user's read mark is current: the
     * page then writes no read mark, so neither does the ceiling). Parameters: user, id, org, user, org, user.
     */
    static final String VISIBLE = """
            select c.id, c.organization_id, c.patient_id, c.team_id, c.replies_allowed,
                   exists (select 1 from conversation_read r where r.conversation_id = c.id and r.user_id = ?
                           and r.read_at >= c.last_message_at) as read_current
            from conversation c where c.id = ? and c.organization_id = ? and (
                (c.team_id is not null and exists (select 1 from team_member m
                    where m.team_id = c.team_id and m.user_id = ? and m.organization_id = ?))
                or (c.team_id is null and exists (select 1 from conversation_participant p
                    where p.conversation_id = c.id and p.user_id = ?)))""";
    /**
     * The conversation's messages, attachments and newest notices in one statement, as Messages.contents reads them
     * (since session 8; before, three statements: MESSAGES with every column of the message, ATTACHMENTS, NOTICES).
     * Parameters: org, conversation three times, then how many notices.
     */
    static final String CONTENTS = """
            select 'M' as part, id, direction, mode, author_user_id, body, state, failure_reason, segments, created_at,
                   null::uuid as message_id, null::text as file_name, null::bigint as size_bytes, null::text as content_type
            from message where organization_id = ? and conversation_id = ?
            union all
            select 'A', id, null, null, null, null, null, null, null, created_at, message_id, file_name, size_bytes, content_type
            from message_attachment where organization_id = ? and conversation_id = ?
            union all
            (select 'N', null, null, null, null, null, kind, null, null, created_at, null, null, null, null
             from conversation_notice where organization_id = ? and conversation_id = ?
             order by created_at desc limit ?)
            order by part, created_at, id""";

    // Every other statement the two pages run, as the application runs them (CurrentStaffFilter, Spring Session
    // JDBC, LiveEvents, InboxScopes, StaffDirectory, TeamAccess, PatientDirectory, Entitlements, Consent, AuditLog,
    // ReadReceipts, SecureLinks, Conversations). Counted with the JDBC template's debug log, one request each.
    // The signed-in user's name and the organization's name and time zone come with the sign-in check (STAFF,
    // CheckedStaff): the pages no longer read the organization and the user again.
    static final String SESSION_LOAD = "SELECT S.PRIMARY_ID, S.SESSION_ID, S.CREATION_TIME, S.LAST_ACCESS_TIME, "
            + "S.MAX_INACTIVE_INTERVAL, SA.ATTRIBUTE_NAME, SA.ATTRIBUTE_BYTES FROM SPRING_SESSION S LEFT JOIN "
            + "SPRING_SESSION_ATTRIBUTES SA ON S.PRIMARY_ID = SA.SESSION_PRIMARY_ID WHERE S.SESSION_ID = ?";
    static final String SESSION_SAVE = "UPDATE SPRING_SESSION SET SESSION_ID = ?, LAST_ACCESS_TIME = ?, "
            + "MAX_INACTIVE_INTERVAL = ?, EXPIRY_TIME = ?, PRINCIPAL_NAME = ? WHERE PRIMARY_ID = ?";
    static final String STAFF = """
            select u.role, u.active, u.display_name, o.name as organization_name, o.time_zone, o.mfa_policy,
                   exists (select 1 from staff_mfa m where m.user_id = u.id and m.confirmed_at is not null) as enrolled
            from staff_user u join organization o on o.id = u.organization_id where u.id = ? and u.organization_id = ?""";
    static final String LIVE_FROM = "select coalesce(max(id), 0) from live_event";
    static final String SCOPE = "select team_id from inbox_scope where user_id = ? and organization_id = ?";
    static final String MY_TEAMS = "select t.id, t.name, p.number from team t left join phone_number p on p.team_id = t.id "
            + "and p.status = 'ACTIVE' join team_member m on m.team_id = t.id where t.organization_id = ? "
            + "and m.organization_id = ? and m.user_id = ? order by lower(t.name)";
    /**
     * As AuditLog.insert runs it: every parameter bound as text (the ids cast in SQL) whether null or not, so the
     * server-prepared statement survives the two pages' different null patterns (since session 6; bound by value
     * before, the statement was parsed and described again on nearly every page, in the application and here alike).
     */
    static final String AUDIT = "insert into audit_event (organization_id, actor_user_id, actor_patient_id, action, "
            + "target_type, target_id, patient_id, outcome, detail, address, occurred_at) values (cast(? as uuid), "
            + "cast(? as uuid), cast(? as uuid), ?, ?, ?, cast(? as uuid), ?, ?, ?, ?)";
    static final String MARK_READ = "insert into conversation_read (conversation_id, user_id, read_at) values (?, ?, ?) "
            + "on conflict (conversation_id, user_id) do update set read_at = excluded.read_at";
    static final String PATIENT = "select id, first_name, last_name, phone, email, date_of_birth, mrn from patient "
            + "where organization_id = ? and id = ? and archived_at is null";
    static final String TEAM = "select t.id, t.name, p.number from team t left join phone_number p on p.team_id = t.id "
            + "and p.status = 'ACTIVE' where t.organization_id = ? and t.id = ?";
    /** The plan and this month's usage in one statement, as Entitlements.of reads them (Subscriptions.planAndSegments). */
    static final String PLAN_AND_USAGE = """
            select (select plan_id from subscription where organization_id = ?) as plan_id,
                   coalesce((select segments from sms_usage where organization_id = ? and month = ?), 0) as segments""";
    static final String CONSENT = "select opted_out from sms_consent where our_number = ? and patient_phone = ?";
    /** StaffUsers.listing (since session 6: no longer every column of the account, its password hash included). */
    static final String STAFF_NAMES = "select id, display_name, email, role, active from staff_user "
            + "where organization_id = ? order by active desc, lower(display_name), email";
    /**
     * The conversation's read receipt and secure link in one statement, as ReadReceipts.pageState reads them for the
     * page (since session 8; before, RECEIPT, and LINK with every column of the link).
     */
    static final String PORTAL_STATE = """
            select r.message_id, r.viewed_at, l.issued_at, l.expires_at, l.locked_at
            from (select 1) as one
            left join lateral (select r.message_id, r.viewed_at from read_receipt r join message m on m.id = r.message_id
                               where r.organization_id = ? and r.conversation_id = ?
                               order by m.created_at desc, m.id desc limit 1) r on true
            left join lateral (select issued_at, expires_at, locked_at from secure_link
                               where organization_id = ? and conversation_id = ?
                               order by (voided_at is null) desc, issued_at desc limit 1) l on true""";

    private final BloomTextBenchmarks bench;

    InboxScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        int conversations = bench.tenth ? 100_000 : bench.small ? 10_000 : 1_000_000;
        int perOrg = conversations / ORGANIZATIONS;
        BloomTextBenchmarks.Org org = bench.organization("Inbox Clinic");
        String number = MessagingTests.withNumber(org, "415");
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
        // The tables' secondary indexes are dropped for the load and built once afterwards (faster than keeping
        // them up to date row by row, the trigram index above all); their definitions come from the catalog, so
        // the indexes measured are exactly the migrations'.
        List<String> indexes = new ArrayList<>();
        try (Connection connection = owner()) {
            try (var statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("""
                            select i.indexname, i.indexdef from pg_indexes i
                            where i.schemaname = current_schema() and i.tablename in ('patient', 'conversation', 'message')
                              and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                            order by (i.indexdef like '%gin%') desc, (i.tablename = 'message') desc, i.indexname""")) {
                while (rs.next()) {
                    indexes.add(rs.getString("indexdef"));
                    try (var drop = connection.createStatement()) {
                        drop.execute("drop index " + rs.getString("indexname"));
                    }
                }
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            copy(pg, "copy patient (id, organization_id, first_name, last_name, phone, created_at, updated_at) from stdin",
                    0, conversations, k -> {
                        int o = k / perOrg;
                        return patient(k) + "\t" + orgs.get(o) + "\tPat" + k + "\tLast" + k + "\t+1" + (2_000_000_000L + k)
                                + "\t" + base + "\t" + base + "\n";
                    });
            copy(pg, "copy conversation (id, organization_id, patient_id, team_id, created_at, last_message_at, last_mode) from stdin",
                    0, conversations, k -> {
                        int o = k / perOrg;
                        return conversation(k) + "\t" + orgs.get(o) + "\t" + patient(k) + "\t" + teams.get(o) + "\t" + base
                                + "\t" + at(base, k, MESSAGES_PER_CONVERSATION - 1) + "\tSMS\n";
                    });
        }
        // The messages in two streams at once: one generates and sends while the server parses the other.
        int messages = conversations * MESSAGES_PER_CONVERSATION;
        inParallel(List.of(0, messages / 2), from -> {
            try (Connection connection = owner()) {
                copy(connection.unwrap(PGConnection.class), "copy message (id, organization_id, conversation_id, direction, "
                        + "mode, body, segments, state, from_number, to_number, created_at, updated_at) from stdin",
                        from, from == 0 ? messages / 2 : messages, m -> {
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
            }
        });
        double loaded = (System.nanoTime() - started) / 1e9;
        // Two builders take the indexes in turn, the largest (the trigram index on message bodies) first.
        java.util.concurrent.ConcurrentLinkedQueue<String> toBuild = new java.util.concurrent.ConcurrentLinkedQueue<>(indexes);
        inParallel(List.of(1, 2), builder -> {
            try (Connection connection = owner(); var statement = connection.createStatement()) {
                statement.execute("set maintenance_work_mem = '1GB'");
                for (String index = toBuild.poll(); index != null; index = toBuild.poll()) {
                    statement.execute(index);
                }
            }
        });
        double indexed = (System.nanoTime() - started) / 1e9;
        try (Connection connection = owner(); var statement = connection.createStatement()) {
            // The conversations are vacuumed as autovacuum would after such a load: the inbox reads them from its
            // indexes alone once the visibility map says their pages are all visible.
            statement.execute("vacuum (analyze) conversation");
            // The COPY above ran without triggers (replica role): the unread counters are built from the rows as
            // V32 builds them for existing data; from here on the triggers keep them.
            statement.execute("select unread_counters_rebuild()");
            statement.execute("analyze patient");
            statement.execute("analyze message");
        }
        double generated = (System.nanoTime() - started) / 1e9;

        // 300 rounds even in a small run: a p99 from 100 samples is the second-worst request. -Dbench.rounds=N
        // for more (a steadier p99, and a warm JIT at --small; enough samples for a profile of the pages).
        int rounds = Integer.getInteger("bench.rounds", bench.small ? 300 : 1000);
        StaffAgent agent = bench.signedIn(org);
        Random random = new Random(42);
        List<UUID> sample = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            int k = random.nextInt(perOrg);
            sample.add(conversation(k));
            samples.add(new Sample(conversation(k), patient(k), "+1" + (2_000_000_000L + k)));
        }
        // The pages are measured with the harness's blocking client on the agent's session (LoopbackHttp: one
        // kept-alive connection, the exchange done on the measuring thread), as the ceiling's JDBC client is blocking
        // on one thread; java.net.http's client (StaffAgent) gets a short pass of its own after them, for comparison.
        LoopbackHttp http = LoopbackHttp.signedInAs(bench.base(), agent);
        // Once, the pages read whole and looked at: both are complete documents.
        for (String path : List.of("/inbox", "/inbox/c/" + sample.getFirst())) {
            var page = http.get(path);
            if (page.status() != 200 || !page.text().contains("</html>")) {
                throw new IllegalStateException(path + " was answered " + page + " without a whole page");
            }
        }
        // Warm-up rounds before the measured ones, until the JIT compilers settle (see warmUp), or exactly
        // -Dbench.warmup=N rounds.
        Integer fixedWarmup = Integer.getInteger("bench.warmup");
        long warmStarted = System.nanoTime();
        JitWarmUp.Result warmed = fixedWarmup != null ? warmUp(http, sample, fixedWarmup, fixedWarmup, 0)
                : warmUp(http, sample, WARM_UP_BLOCK, WARM_UP_MAX_ROUNDS, WARM_UP_SETTLED);
        double warmSeconds = (System.nanoTime() - warmStarted) / 1e9;

        Histogram inboxSql = Latencies.histogram();
        Histogram conversationSql = Latencies.histogram();
        // The agent's session, as Spring Session loads and saves it on each request.
        var session = bench.jdbc().sql("select primary_id, session_id, max_inactive_interval, principal_name "
                + "from spring_session order by last_access_time desc limit 1").query().singleRow();
        Session ours = new Session(String.valueOf(session.get("primary_id")), String.valueOf(session.get("session_id")),
                ((Number) session.get("max_inactive_interval")).intValue(), (String) session.get("principal_name"));
        Connection ceiling = bench.dataSource.getConnection();
        // The ceiling is warmed with a whole pass of its rounds, as the pages were.
        for (int i = 0; i < rounds; i++) {
            inboxStatements(ceiling, ours, orgId, user);
            conversationStatements(ceiling, ours, orgId, user, team, number, samples.get(i));
        }
        // The measured rounds: each round of the pages over HTTP is followed by the same round of the ceiling's
        // statements through JDBC, on the same thread, so that both are measured on the machine as it is at that
        // moment (a shared host's speed drifts by half within minutes: 2026-11-28 s9 saw the ceiling's own p50 go
        // from 0.9 to 2.1 ms between runs). The ceiling's client CPU time is read around each of its rounds.
        long[] ceilingCpu = {0};
        CeilingRound ceilingRound = i -> {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            inboxStatements(ceiling, ours, orgId, user);
            long u = System.nanoTime();
            conversationStatements(ceiling, ours, orgId, user, team, number, samples.get(i));
            long v = System.nanoTime();
            ceilingCpu[0] += THREADS.getCurrentThreadCpuTime() - cpu;
            inboxSql.recordValue(Math.max(1, (u - t) / 1000));
            conversationSql.recordValue(Math.max(1, (v - u) / 1000));
        };
        long connectionsBefore = http.connections();
        long bytesBefore = http.bytesRead();
        long pagesCpu = processCpuNanos();
        java.util.Map<String, long[]> threadsCpu = osThreads();
        Rounds measured = onHarnessThread(() -> rounds(rounds, sample, true,
                path -> http.get(path, LoopbackHttp.Body.DISCARD).status() == 200, ceilingRound));
        pagesCpu = processCpuNanos() - pagesCpu - ceilingCpu[0];
        String cpuByThread = cpuByThread(threadsCpu, pagesCpu, rounds, measured.clientCpu() - ceilingCpu[0]);
        double bytesPerRound = (http.bytesRead() - bytesBefore) / (double) rounds;
        long reconnects = http.connections() - connectionsBefore;
        http.close();
        Histogram inboxPage = measured.inbox();
        Histogram conversationPage = measured.conversation();
        int errors = measured.errors();
        String gcSummary = measured.gc();

        // The comparison pass: the same rounds with java.net.http's client (StaffAgent, the harness's client until
        // session 8), after a warm-up of its own, so that the report shows what the client alone moves.
        int compareRounds = Integer.getInteger("bench.compare.rounds", 200);
        Rounds compared = null;
        long compareCpu = 0;
        String compareByThread = "";
        double compareJit = 0;
        int compareWarmed = 0;
        if (compareRounds > 0) {
            List<UUID> compareSample = sample.subList(0, Math.min(compareRounds, sample.size()));
            int n = compareSample.size();
            Operation viaStaffAgent = path -> agent.get(path).status() == 200;
            // Its own warm-up: blocks of n rounds until the compilers settle as for the measured rounds, at most 5
            // blocks (the application's paths are compiled already; java.net.http's are not).
            compareWarmed = JitWarmUp.run(n, 5 * n, JitWarmUp.SETTLED, (first, size) -> onHarnessThread(
                    () -> rounds(size, compareSample, false, viaStaffAgent, null))).rounds();
            long jit = JitWarmUp.compilerCpuNanos("self");
            compareCpu = processCpuNanos();
            java.util.Map<String, long[]> before = osThreads();
            long compareStarted = System.nanoTime();
            compared = onHarnessThread(() -> rounds(n, compareSample, false, viaStaffAgent, null));
            compareJit = (JitWarmUp.compilerCpuNanos("self") - jit) / (double) (System.nanoTime() - compareStarted);
            compareCpu = processCpuNanos() - compareCpu;
            compareByThread = cpuByThread(before, compareCpu, n, compared.clientCpu());
        }

        String inboxPlan;
        String messagesPlan;
        String unreadPlan;
        String visiblePlan;
        String namesPlan;
        String portalPlan;
        try (ceiling) {
            inboxPlan = explain(ceiling, INBOX, user, orgId, user, orgId, user, null, null);
            messagesPlan = explain(ceiling, CONTENTS, orgId, sample.getFirst(), orgId, sample.getFirst(), orgId,
                    sample.getFirst(), 3);
            unreadPlan = explain(ceiling, UNREAD, unreadParameters(orgId, user));
            visiblePlan = explain(ceiling, VISIBLE, user, sample.getFirst(), orgId, user, orgId, user);
            namesPlan = explain(ceiling, NAMES, orgId, ceiling.createArrayOf("uuid",
                    samples.stream().map(Sample::patient).distinct().limit(200).toArray()));
            portalPlan = explain(ceiling, PORTAL_STATE, orgId, sample.getFirst(), orgId, sample.getFirst());
        }

        Latencies inboxApp = Latencies.of(inboxPage, 1);
        Latencies inboxRaw = Latencies.of(inboxSql, 1);
        Latencies conversationApp = Latencies.of(conversationPage, 1);
        Latencies conversationRaw = Latencies.of(conversationSql, 1);
        Report report = bench.report;
        report.section(BloomTextBenchmarks.f("3. Inbox and conversation: %d organizations, %,d conversations, %,d messages",
                ORGANIZATIONS, conversations, conversations * MESSAGES_PER_CONVERSATION));
        report.line("Generated with COPY in %.0f s (rows loaded in %.0f s, %d secondary indexes built after the load in %.0f s, "
                + "then vacuum and analyze). The measured staff member's team holds %,d conversations "
                + "(%,d messages). %d rounds of GET /inbox then GET /inbox/c/{random conversation}, one after another, "
                + "%d errors%s. Each round is followed on the same thread by the same round of the pages' statements "
                + "through JDBC (the ceiling, warmed with a whole pass of its own first), so that the pages and their "
                + "ceiling are measured on the machine as it is at the same moment.", generated, loaded, indexes.size(),
                indexed - loaded, perOrg, perOrg * MESSAGES_PER_CONVERSATION,
                rounds, errors, measured.firstError() == null ? "" : " (the first: " + measured.firstError() + ")");
        report.line("");
        report.line("Before them, %,d warm-up rounds in %.0f s (%s); in the last %d of them the JIT compilers' threads used "
                + "%.0f%% of the time the rounds took.", warmed.rounds(), warmSeconds,
                fixedWarmup != null ? "-Dbench.warmup" : BloomTextBenchmarks.f("until the compilers' share of %d blocks of %,d "
                        + "rounds in a row fell below %.0f%%, at most %,d rounds", JitWarmUp.CALM_BLOCKS, WARM_UP_BLOCK,
                        100 * WARM_UP_SETTLED, WARM_UP_MAX_ROUNDS),
                warmed.lastBlock(), 100 * warmed.lastShare());
        report.line("");
        report.line("- inbox page over HTTP: %s; the %d statements it runs (session load, the signed-in check, "
                + "live position, scope, inbox list, the user's teams, names, unread counts, the audit insert; the session "
                + "save only once in 30 s), one after "
                + "another through JDBC: %s",
                inboxApp.summary(), INBOX_STATEMENTS, inboxRaw.summary());
        report.line("- conversation page over HTTP: %s; the %d statements it runs (session load, the signed-in "
                + "check, visible with whether the user's read mark is current, the audit insert (with the read mark in one "
                + "transaction only when it is not current: never in these rounds, whose conversations the warm-up opened), "
                + "patient, team, plan with usage, consent, "
                + "live position, messages with their attachments and notices, receipt with link, staff names; whether "
                + "replies are allowed comes with visible), "
                + "through JDBC: %s",
                conversationApp.summary(), CONVERSATION_STATEMENTS, conversationRaw.summary());
        report.line("- CPU time of this JVM (the application, its collector and the harness's HTTP client; the database's "
                + "processes not included) per round of both pages: %.2f ms over HTTP, %.2f ms for the ceiling's JDBC client. "
                + "Steadier than latency on a shared machine for comparing runs of the application.",
                pagesCpu / 1e6 / rounds, ceilingCpu[0] / 1e6 / rounds);
        report.line("- the pages' CPU time per round by OS thread (names as Linux shows them, 15 characters, without their "
                + "numbers; requests run on Tomcat's http-nio-* threads, or with request threads virtual in their carriers, "
                + "ForkJoinPool workers; C1/C2 CompilerThre are the JIT "
                + "compilers, GC Thread and G1 ones the garbage collector; `bench-pages` is the harness's blocking HTTP "
                + "client, which writes each request and reads the whole answer on that thread): %s", cpuByThread);
        report.line("- the harness's client read %.1f KB per round (both pages: heads, bodies and chunk framing) over %d "
                + "new connections in %d rounds (Tomcat closes a kept-alive connection after 100 requests)",
                bytesPerRound / 1e3, reconnects, rounds);
        if (compared != null) {
            Latencies inboxOld = Latencies.of(compared.inbox(), 1);
            Latencies conversationOld = Latencies.of(compared.conversation(), 1);
            report.line("- with java.net.http's client (`StaffAgent`, the harness's client before 2026-11-28 s8), %d rounds "
                    + "after %d of its own warm-up, %d errors: inbox %s (p99 %.1fx the ceiling's), conversation %s (%.1fx); "
                    + "CPU time of this JVM per round %.2f ms (the JIT compilers' threads used %.0f%% of the pass's time), by "
                    + "OS thread (`bench-pages` here is the thread that waits for java.net.http's answers and reads "
                    + "their bodies as text, as `StaffAgent` does): %s", compared.count(), compareWarmed, compared.errors(), inboxOld.summary(),
                    inboxOld.p99() / inboxRaw.p99(), conversationOld.summary(), conversationOld.p99() / conversationRaw.p99(),
                    compareCpu / 1e6 / compared.count(), 100 * compareJit, compareByThread);
        }
        report.line("- garbage collection while the pages were measured (this JVM: the application and the harness's "
                + "HTTP client): %s", gcSummary);
        report.line("");
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the inbox query:");
        report.code("", inboxPlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the inbox's unread counts:");
        report.code("", unreadPlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the inbox's patient names (up to 200 of the sampled patients):");
        report.code("", namesPlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the conversation's visibility check:");
        report.code("", visiblePlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the conversation's read receipt and secure link:");
        report.code("", portalPlan);
        report.line("`EXPLAIN (ANALYZE, BUFFERS)` of the conversation's messages, attachments and notices:");
        report.code("", messagesPlan);
        row(report, "3. open the inbox (" + perOrg + " conversations in the team)", inboxApp, inboxRaw);
        row(report, "3. open a conversation (" + MESSAGES_PER_CONVERSATION + " messages)", conversationApp, conversationRaw);
    }

    /**
     * Each OS thread of this JVM (Linux's /proc/self/task: the JIT compilers and the garbage collector's threads
     * too, which Java's thread beans do not list): its name and CPU time in nanoseconds. Empty elsewhere.
     */
    private static java.util.Map<String, long[]> osThreads() {
        java.util.Map<String, long[]> threads = new java.util.HashMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return threads;
        }
        long tick = 10_000_000L; // USER_HZ 100
        try (var list = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : list.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * tick;
                    threads.put(task.getFileName().toString(), new long[] {cpu, name.hashCode()});
                    THREAD_NAMES.put(name.hashCode(), name);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return threads;
        }
        return threads;
    }

    private static final java.util.Map<Integer, String> THREAD_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The CPU time this JVM's OS threads used since {@code before}, grouped by name without numbers, per round; with the
     * CPU time of the harness's {@code bench-pages} thread, which ended before this was read (it measured itself): shown
     * under its name instead of among the threads that ended meanwhile.
     */
    private static String cpuByThread(java.util.Map<String, long[]> before, long total, int rounds, long benchPages) {
        java.util.Map<String, long[]> after = osThreads();
        if (after.isEmpty()) {
            return "(no /proc/self/task here)";
        }
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        long threads = 0;
        for (var entry : after.entrySet()) {
            long[] was = before.get(entry.getKey());
            long used = entry.getValue()[0] - (was == null ? 0 : was[0]);
            String name = THREAD_NAMES.getOrDefault((int) entry.getValue()[1], "?").replaceAll("[0-9]+", "N");
            // The harness's thread measured itself (below); its OS thread can outlive its join for a moment, and was
            // then counted twice (2026-11-28 s9).
            if (used <= 0 || (benchPages > 0 && name.equals("bench-pages"))) {
                continue;
            }
            threads += used;
            byName.merge(name, used, Long::sum);
        }
        if (benchPages > 0) {
            byName.merge("bench-pages", benchPages, Long::sum);
            threads += benchPages;
        }
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(entry -> entry.getValue() / 1e6 / rounds >= 0.05)
                .forEach(entry -> out.append(BloomTextBenchmarks.f("%s %.2f ms, ", entry.getKey(), entry.getValue() / 1e6 / rounds)));
        out.append(BloomTextBenchmarks.f("threads that ended meanwhile %.2f ms", Math.max(0, total - threads) / 1e6 / rounds));
        return out.toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Warm-up rounds per block, the compilers' share of a block under which it is calm, and at most
     * ({@link JitWarmUp}). Blocks of 1,000 rounds under 3% (2026-11-28 s9): with blocks of 200 rounds under 10%, the
     * warm-up stopped after 1,600 to 7,200 rounds, and the compilers then used 1.1 ms of every measured round (about a
     * fifth of its time), compiling once-per-request methods (Tomcat's Http11Processor.service, the observation
     * filter, the pages' controllers) with C2 as they reached its thresholds in waves. A JIT log of a 20,000-round
     * warm-up showed the compilations dying down after about 13,000 rounds; after it, 0.07 ms per round.
     */
    static final int WARM_UP_BLOCK = 1_000;
    static final double WARM_UP_SETTLED = 0.03;
    static final int WARM_UP_MAX_ROUNDS = 30_000;

    /**
     * The pages, one after the other as measured, until the JIT has compiled what they run ({@link JitWarmUp}). The
     * ceiling is warmed with a whole pass of its rounds for the same reason.
     */
    private static JitWarmUp.Result warmUp(LoopbackHttp http, List<UUID> sample, int block, int max, double settled)
            throws Exception {
        return JitWarmUp.run(block, max, settled, (first, size) -> {
            for (int i = first; i < first + size; i++) {
                http.get("/inbox", LoopbackHttp.Body.DISCARD);
                http.get("/inbox/c/" + sample.get(i % sample.size()), LoopbackHttp.Body.DISCARD);
            }
        });
    }

    /** The ceiling's round {@code i}, run right after the pages' round {@code i} in the measured pass. */
    interface CeilingRound {
        void run(int i) throws Exception;
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One page request: true when it was answered 200. */
    interface Operation {
        boolean get(String path) throws Exception;
    }

    /** The pages' latencies in a pass of rounds, its errors (and the first), and its collections when watched. */
    private record Rounds(Histogram inbox, Histogram conversation, int errors, String firstError, String gc,
            long clientCpu) {

        long count() {
            return inbox.getTotalCount();
        }

        /** The same, with the CPU time of the thread that ran them (nanoseconds). */
        Rounds ranOn(long cpu) {
            return new Rounds(inbox, conversation, errors, firstError, gc, cpu);
        }
    }

    /**
     * {@code count} rounds of GET /inbox then GET /inbox/c/{sample i}, each request timed, each round followed by the
     * ceiling's when one is given; a request that throws counts as an error (the client starts the next on a fresh
     * connection). With {@code watchGc}, the collections meanwhile.
     */
    private static Rounds rounds(int count, List<UUID> sample, boolean watchGc, Operation page, CeilingRound ceiling)
            throws Exception {
        Histogram inboxPage = Latencies.histogram();
        Histogram conversationPage = Latencies.histogram();
        int[] errors = {0};
        String[] firstError = {null};
        // Each request's start and end, to count the ones a garbage collection's pause overlapped.
        long[] inboxAt = new long[2 * count];
        long[] conversationAt = new long[2 * count];
        GcPauses gc = watchGc ? new GcPauses() : null;
        try {
            for (int i = 0; i < count; i++) {
                timed(page, "/inbox", inboxPage, inboxAt, i, errors, firstError);
                timed(page, "/inbox/c/" + sample.get(i), conversationPage, conversationAt, i, errors, firstError);
                if (ceiling != null) {
                    ceiling.run(i);
                }
            }
            return new Rounds(inboxPage, conversationPage, errors[0], firstError[0],
                    gc == null ? null : gcSummary(gc, count, inboxAt, conversationAt), 0);
        } finally {
            if (gc != null) {
                gc.close();
            }
        }
    }

    private static void timed(Operation page, String path, Histogram histogram, long[] at, int i, int[] errors,
            String[] firstError) {
        long t = System.nanoTime();
        boolean ok;
        try {
            ok = page.get(path);
            if (!ok && firstError[0] == null) {
                firstError[0] = "an answer other than 200";
            }
        } catch (Exception e) {
            ok = false;
            if (firstError[0] == null) {
                firstError[0] = Latencies.describe(e);
            }
        }
        long u = System.nanoTime();
        histogram.recordValue(Math.max(1, (u - t) / 1000));
        at[2 * i] = t;
        at[2 * i + 1] = u;
        errors[0] += ok ? 0 : 1;
    }

    /**
     * Runs the work on a platform thread named {@code bench-pages}, so that the report's CPU by OS thread shows the
     * harness's client apart from the test's main thread (the thread's own CPU time, read as it ends, comes with the
     * result); its failure is thrown here.
     */
    private static Rounds onHarnessThread(java.util.concurrent.Callable<Rounds> work) throws Exception {
        var result = new java.util.concurrent.atomic.AtomicReference<Rounds>();
        var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
        Thread thread = Thread.ofPlatform().name("bench-pages").start(() -> {
            try {
                Rounds done = work.call();
                result.set(done.ranOn(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
            } catch (Exception e) {
                failure.set(e);
            }
        });
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** The measured rounds' collections: their pauses, the requests they overlapped, the bytes allocated per round. */
    private static String gcSummary(GcPauses gc, int rounds, long[] inboxAt, long[] conversationAt) {
        long allocated = gc.allocated();
        StringBuilder out = new StringBuilder(gc.describe());
        out.append(BloomTextBenchmarks.f("; %.2f MB allocated per round (both pages and the client)",
                allocated / 1e6 / rounds));
        for (var page : List.of(java.util.Map.entry("inbox", inboxAt), java.util.Map.entry("conversation", conversationAt))) {
            long[] at = page.getValue();
            Histogram clear = Latencies.histogram();
            int overlapped = 0;
            for (int i = 0; i < rounds; i++) {
                if (gc.overlapsPause(gc.uptime(at[2 * i]), gc.uptime(at[2 * i + 1]))) {
                    overlapped++;
                } else {
                    clear.recordValue((at[2 * i + 1] - at[2 * i]) / 1000);
                }
            }
            out.append(BloomTextBenchmarks.f("; %s: %d of %d requests overlapped a pause, the others %s", page.getKey(),
                    overlapped, rounds, Latencies.of(clear, 1).summary()));
        }
        return out.toString();
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

    /** A connection as the owner, with the foreign-key triggers off (the data is consistent by construction). */
    private Connection owner() throws Exception {
        Connection connection = java.sql.DriverManager.getConnection(bench.jdbcUrl(), "postgres", null);
        connection.setAutoCommit(true);
        try (var statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
        }
        return connection;
    }

    interface Part<T> {
        void run(T part) throws Exception;
    }

    /** Runs each part on its own thread and waits for all; the first failure is thrown. */
    private static <T> void inParallel(List<T> parts, Part<T> work) throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(parts.size())) {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (T part : parts) {
                running.add(pool.submit(() -> {
                    work.run(part);
                    return null;
                }));
            }
            for (var future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }

    private static void copy(PGConnection pg, String sql, int from, int to, IntFunction<String> row) throws Exception {
        CopyIn copy = pg.getCopyAPI().copyIn(sql);
        StringBuilder chunk = new StringBuilder(1 << 20);
        for (int k = from; k < to; k++) {
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

    /** The agent's Spring Session row. */
    private record Session(String primaryId, String sessionId, int maxInactive, String principal) {
    }

    /** A sampled conversation with its patient's phone. */
    private record Sample(UUID conversation, UUID patient, String phone) {
    }

    /** Without the session save, which runs once in 30 s (see {@link #saveSession}). */
    static final int INBOX_STATEMENTS = 9;
    /** With a current read mark (every measured round); 13 when the page writes the read mark too. */
    static final int CONVERSATION_STATEMENTS = 12;

    /** GET /inbox, statement for statement (InboxController.inbox, InboxView.page). */
    private static void inboxStatements(Connection connection, Session session, UUID org, UUID user) throws Exception {
        loadSession(connection, session);
        query(connection, STAFF, user, org);
        query(connection, LIVE_FROM);
        query(connection, SCOPE, user, org);
        List<UUID> patients = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(INBOX)) {
            bind(statement, user, org, user, org, user, null, null);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rs.getObject("id", UUID.class);
                    patients.add(rs.getObject("patient_id", UUID.class));
                    rs.getObject("team_id", UUID.class);
                    rs.getTimestamp("last_message_at");
                    rs.getString("last_mode");
                    rs.getTimestamp("read_at");
                }
            }
        }
        // The user's teams label the rows and the scope menu (since session 8; the organization's teams no longer).
        query(connection, MY_TEAMS, org, org, user);
        try (PreparedStatement statement = connection.prepareStatement(NAMES)) {
            statement.setObject(1, org);
            statement.setArray(2, connection.createArrayOf("uuid", patients.toArray()));
            drain(statement);
        }
        query(connection, UNREAD, unreadParameters(org, user));
        audit(connection, org, user, "INBOX_VIEWED", null, null, null, patients.size() + " conversations shown");
        saveSession(connection, session);
    }

    /** GET /inbox/c/{id}, statement for statement (InboxController.conversation and page, ConversationLines). */
    private static void conversationStatements(Connection connection, Session session, UUID org, UUID user, UUID team,
            String ourNumber, Sample sample) throws Exception {
        loadSession(connection, session);
        query(connection, STAFF, user, org);
        boolean readMarkCurrent;
        try (PreparedStatement statement = connection.prepareStatement(VISIBLE)) {
            bind(statement, user, sample.conversation(), org, user, org, user);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                readMarkCurrent = rs.getBoolean("read_current");
            }
        }
        // As the page: the read mark and the audit insert in one transaction, or the audit insert alone when the
        // user's read mark already covers the last message (every measured round: the warm-up opened them all).
        if (!readMarkCurrent) {
            connection.setAutoCommit(false);
            update(connection, MARK_READ, sample.conversation(), user, Timestamp.from(Instant.now()));
        }
        audit(connection, org, user, "CONVERSATION_VIEWED", "conversation", sample.conversation().toString(),
                sample.patient(), null);
        if (!readMarkCurrent) {
            connection.commit();
            connection.setAutoCommit(true);
        }
        query(connection, PATIENT, org, sample.patient());
        query(connection, TEAM, org, team);
        query(connection, PLAN_AND_USAGE, org, org, java.sql.Date.valueOf(java.time.LocalDate.now().withDayOfMonth(1)));
        query(connection, CONSENT, ourNumber, sample.phone());
        query(connection, LIVE_FROM);
        query(connection, CONTENTS, org, sample.conversation(), org, sample.conversation(), org, sample.conversation(), 3);
        query(connection, PORTAL_STATE, org, sample.conversation(), org, sample.conversation());
        query(connection, STAFF_NAMES, org);
        saveSession(connection, session);
    }

    /**
     * Spring Session's load, in the transaction of its own that JdbcIndexedSessionRepository runs it in (its
     * commit is a round trip of the page's; the ceiling ran the select alone until session 5).
     */
    private static void loadSession(Connection connection, Session session) throws Exception {
        connection.setAutoCommit(false);
        query(connection, SESSION_LOAD, session.sessionId());
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** When the ceiling last wrote the session row (as the application would have). */
    private static long sessionWritten;

    /**
     * Spring Session's save, as the application runs it: the session row is written back only once its last
     * access has moved by 30 s (QuietStreamSessions.TOUCH_STEP), so most requests do not write it.
     */
    private static void saveSession(Connection connection, Session session) throws Exception {
        long now = System.currentTimeMillis();
        if (now - sessionWritten < 30_000) {
            return;
        }
        sessionWritten = now;
        update(connection, SESSION_SAVE, session.sessionId(), now, session.maxInactive(),
                now + session.maxInactive() * 1000L, session.principal(), session.primaryId());
    }

    private static void query(Connection connection, String sql, Object... params) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            drain(statement);
        }
    }

    private static void update(Connection connection, String sql, Object... params) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            statement.executeUpdate();
        }
    }

    /** The audit insert, bound as AuditLog binds it (see {@link #AUDIT}). */
    private static void audit(Connection connection, UUID org, UUID user, String action, String targetType,
            String targetId, UUID patient, String detail) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(AUDIT)) {
            Object[] text = {org, user, null, action, targetType, targetId, patient, "SUCCESS", detail, "127.0.0.1"};
            for (int i = 0; i < text.length; i++) {
                if (text[i] == null) {
                    statement.setNull(i + 1, java.sql.Types.VARCHAR);
                } else {
                    statement.setString(i + 1, text[i].toString());
                }
            }
            statement.setObject(11, Timestamp.from(Instant.now()));
            statement.executeUpdate();
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
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rs.getObject(c);
                }
            }
        }
    }
}
