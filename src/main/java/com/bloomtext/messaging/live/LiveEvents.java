package com.bloomtext.messaging.live;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bloomtext.messaging.ConversationChanged;
import com.bloomtext.numbers.TeamMemberAdded;
import com.bloomtext.numbers.TeamMemberRemoved;
import com.bloomtext.shared.Failures;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live-update log. A change is recorded once the transaction that made it has committed (a rolled-back
 * send shows nowhere), in a short transaction of its own that appends the row and NOTIFYs every node. That
 * transaction holds one advisory lock from before the id is drawn until it commits, so ids become visible in
 * id order: a stream that has seen id N and asks for "after N" can never miss a row that committed late.
 * <p>
 * A change whose transaction commits but whose node dies before recording it shows on the next page load,
 * not live: the log is for screens, the database tables stay the record.
 */
@Service
public class LiveEvents {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    /** The advisory lock that orders the log's inserts ("live" in ASCII). */
    private static final long ORDERING_LOCK = 0x6C697665L;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final LiveProperties properties;
    private final Clock clock;

    LiveEvents(JdbcClient jdbc, PlatformTransactionManager transactions, LiveProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    void on(ConversationChanged change) {
        afterCommit(new Waiting(change, () -> insertConversation(change)));
    }

    @EventListener
    void on(TeamMemberRemoved removed) {
        afterCommit(new Waiting(null, () -> insertAccessChange(removed.organization(), removed.team(), removed.user())));
    }

    @EventListener
    void on(TeamMemberAdded added) {
        afterCommit(new Waiting(null, () -> insertAccessChange(added.organization(), added.team(), null)));
    }

    /** The newest id in the log now (0 when empty): where a page just rendered starts listening. */
    public long latestId() {
        return jdbc.sql("select coalesce(max(id), 0) from live_event").query(Long.class).single();
    }

    /**
     * The teams this user was removed from after this id (their pages drawn at that id still show those teams'
     * conversations: a stream opened for such a page tells it of the removal).
     */
    public Set<TeamId> teamsLeftAfter(OrgId org, UserId user, long id) {
        return Set.copyOf(jdbc.sql("""
                        select distinct team_id from live_event
                        where organization_id = :org and id > :after and kind = :kind and removed_user_id = :user""")
                .param("org", org.value()).param("after", id).param("kind", LiveEvent.ACCESS_CHANGED)
                .param("user", user.value())
                .query((rs, n) -> new TeamId(rs.getObject("team_id", UUID.class))).list());
    }

    /** The organization's rows after this id, oldest first. */
    List<LiveEvent> after(OrgId org, long id, int limit) {
        return jdbc.sql("select * from live_event where organization_id = :org and id > :after order by id limit :limit")
                .param("org", org.value()).param("after", id).param("limit", limit)
                .query(LiveEvents::map).list();
    }

    /** Every organization's rows after this id, oldest first: a node's catch-up after its listener reconnects. */
    List<LiveEvent> after(long id, int limit) {
        return jdbc.sql("select * from live_event where id > :after order by id limit :limit")
                .param("after", id).param("limit", limit)
                .query(LiveEvents::map).list();
    }

    @Scheduled(fixedDelayString = "${bloomtext.messaging.live.prune-every:1h}", initialDelayString = "1m")
    void prune() {
        jdbc.sql("delete from live_event where occurred_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(properties.retention())))
                .update();
    }

    /**
     * What follows the insert of a row (a CTE named {@code appended}) so that the same statement NOTIFYs the nodes
     * with the row's payload, as {@link LiveEvent#parse} reads it (ids separated by spaces, "-" for none): one round
     * trip a row instead of two.
     */
    private static final String NOTIFY_APPENDED = """
            select pg_notify(:channel, id || ' ' || organization_id || ' ' || coalesce(team_id::text, '-') || ' '
                                       || coalesce(conversation_id::text, '-') || ' ' || kind)
            from appended""";

    /** Appends a conversation's change and notifies the nodes (inside the writer's transaction). */
    private void insertConversation(ConversationChanged change) {
        jdbc.sql("""
                        with appended as (
                            insert into live_event (organization_id, team_id, conversation_id, kind, occurred_at)
                            select c.organization_id, c.team_id, c.id, :kind, :at from conversation c
                            where c.id = :conversation and c.organization_id = :org
                            returning id, organization_id, team_id, conversation_id, kind)
                        """ + NOTIFY_APPENDED)
                .param("kind", change.kind().name()).param("at", Timestamp.from(clock.instant()))
                .param("conversation", change.conversation()).param("org", change.organization().value())
                .param("channel", properties.channel())
                .query().listOfRows();
    }

    /**
     * Appends a change of a team's membership and notifies the nodes (inside the writer's transaction); a removal
     * names who left, so that a page drawn before it can still be told when its stream connects afterwards.
     */
    private void insertAccessChange(OrgId org, TeamId team, UserId removed) {
        jdbc.sql("""
                        with appended as (
                            insert into live_event (organization_id, team_id, kind, occurred_at, removed_user_id)
                            values (:org, :team, :kind, :at, :removed)
                            returning id, organization_id, team_id, conversation_id, kind)
                        """ + NOTIFY_APPENDED)
                .param("org", org.value()).param("team", team.value()).param("kind", LiveEvent.ACCESS_CHANGED)
                .param("removed", removed == null ? null : removed.value())
                .param("at", Timestamp.from(clock.instant()))
                .param("channel", properties.channel())
                .query().listOfRows();
    }

    /**
     * Writes what is waiting in one short transaction: the ordering lock once, each row and its NOTIFY in the
     * order the changes committed (the nodes are told at commit, in that order). A burst of sends costs one
     * transaction and one pooled connection, not one each, so the last send of a burst is not queued behind
     * every other's round trips. Should one row fail, the batch is written again one row per transaction, so
     * that only that row is lost.
     */
    private void write(List<Runnable> inserts) {
        try {
            ownTransaction.executeWithoutResult(status -> {
                takeOrderingLock();
                inserts.forEach(Runnable::run);
            });
        } catch (RuntimeException batchFailed) {
            if (inserts.size() == 1) {
                log.warn("A live update was not recorded: {}", Failures.describe(batchFailed));
                return;
            }
            for (Runnable insert : inserts) {
                write(List.of(insert));
            }
        }
    }

    private void takeOrderingLock() {
        jdbc.sql("select pg_advisory_xact_lock(:lock)").param("lock", ORDERING_LOCK).query().listOfRows();
    }


    /**
     * After the surrounding transaction commits (at once when there is none), on the log's own writer
     * thread. The change itself is committed by then: a log that cannot be written costs live screens an
     * update, never the caller its answer. Not on the committing thread: that one still holds its
     * connection until after its synchronizations, so writing there took a second connection per change,
     * and a burst of changes (webhook retries) starved the pool. One writer also means the ordering lock
     * is never waited on while holding a connection; it writes everything waiting at once ({@link #write}).
     */
    private void afterCommit(Waiting insert) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            enqueue(insert);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                enqueue(insert);
            }
        });
    }

    /** The most rows one transaction of the writer appends. */
    private static final int WRITE_BATCH = 200;

    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    private void enqueue(Waiting insert) {
        waiting.add(insert);
        if (writing.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException e) {
                writing.set(false); // shutting down
            }
        }
    }

    /** The writer: takes everything waiting, a batch at a time, until nothing is left. */
    private void drain() {
        do {
            for (List<Runnable> batch = take(); !batch.isEmpty(); batch = take()) {
                write(batch);
            }
            writing.set(false);
        } while (!waiting.isEmpty() && writing.compareAndSet(false, true));
    }

    /** The next batch: up to {@link #WRITE_BATCH} waiting changes, less those another of them stands for. */
    private List<Runnable> take() {
        List<Waiting> batch = new ArrayList<>();
        while (batch.size() < WRITE_BATCH) {
            Waiting next = waiting.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return withoutRepeats(batch).stream().map(Waiting::insert).toList();
    }

    /**
     * The batch with the changes to a conversation that another row of the same batch already stands for left out:
     * a second change of the same kind, and a delivery state or read receipt beside any other change of the
     * conversation. Every row of a batch becomes visible at its commit, after every change in it has committed, and
     * screens render a conversation as it is when they read it, so the first row shows the later changes too (a
     * conversation page re-renders for any row of its conversation; an inbox ignores delivery states and read
     * receipts). A sent text's "sent" and "delivered" that wait together are one row.
     */
    static List<Waiting> withoutRepeats(List<Waiting> batch) {
        List<Waiting> kept = new ArrayList<>(batch.size());
        Map<ConversationKey, Set<ConversationChanged.Kind>> written = new HashMap<>();
        for (Waiting next : batch) {
            ConversationChanged change = next.change();
            if (change != null) {
                Set<ConversationChanged.Kind> kinds = written.computeIfAbsent(
                        new ConversationKey(change.organization(), change.conversation()),
                        key -> EnumSet.noneOf(ConversationChanged.Kind.class));
                boolean shownByAnother = kinds.contains(change.kind()) || (!kinds.isEmpty()
                        && (change.kind() == ConversationChanged.Kind.DELIVERY_CHANGED
                                || change.kind() == ConversationChanged.Kind.READ_RECEIPT));
                if (shownByAnother) {
                    continue;
                }
                kinds.add(change.kind());
            }
            kept.add(next);
        }
        return kept;
    }

    /** A change waiting for the writer: a conversation's (then {@code change} names it) or a team's membership. */
    record Waiting(ConversationChanged change, Runnable insert) {
    }

    private record ConversationKey(OrgId organization, UUID conversation) {
    }

    /**
     * A platform thread (daemon, so it never holds the JVM up): on a virtual thread each of the writer's round trips
     * (lock, rows, commit) woke up behind whatever virtual threads were waiting for the two carriers, an event's 500
     * stream workers among them, so one event's fan-out delayed the next event's row and NOTIFY.
     */
    private final ExecutorService writer =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("live-log").factory());

    @jakarta.annotation.PreDestroy
    void stopWriting() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static LiveEvent map(ResultSet rs, int row) throws SQLException {
        UUID team = rs.getObject("team_id", UUID.class);
        return new LiveEvent(rs.getLong("id"), new OrgId(rs.getObject("organization_id", UUID.class)),
                team == null ? null : new TeamId(team), rs.getObject("conversation_id", UUID.class), rs.getString("kind"));
    }

    static Optional<LiveEvent> parse(String payload) {
        try {
            return Optional.of(LiveEvent.parse(payload));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
