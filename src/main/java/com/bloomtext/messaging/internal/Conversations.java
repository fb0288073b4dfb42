package com.bloomtext.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bloomtext.messaging.ConversationChanged;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Conversations as a staff user may see them: a team's to its current members, a personal one to its
 * participants. Every lookup starts from that, so an outsider gets "not found" by construction.
 */
@Service
public class Conversations {

    /** Conversations the user (:user) of the organization (:org) may see now. */
    /** The inbox shows at most this many conversations, the most recent first (its live updates keep to it). */
    public static final int INBOX_LIMIT = 200;

    static final String VISIBLE = """
            c.organization_id = :org and (
                (c.team_id is not null and exists (select 1 from team_member m
                    where m.team_id = c.team_id and m.user_id = :user and m.organization_id = :org))
                or (c.team_id is null and exists (select 1 from conversation_participant p
                    where p.conversation_id = c.id and p.user_id = :user)))""";

    private final JdbcClient jdbc;
    private final TeamAccess teams;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Conversations(JdbcClient jdbc, TeamAccess teams, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.teams = teams;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A conversation as a member sees its header, with whether the patient may reply in the portal (read with
     * it: the page needs both).
     */
    public record Conversation(UUID id, OrgId organization, PatientId patient, TeamId team, boolean repliesAllowed) {

        public boolean personal() {
            return team == null;
        }
    }

    /** A line of the inbox. */
    public record InboxRow(UUID id, PatientId patient, TeamId team, Instant lastMessageAt, String lastMode,
            boolean unread) {
    }

    public List<InboxRow> inbox(Actor actor) {
        return inbox(actor, null);
    }

    /** The inbox in a scope: every conversation the user may see (scope null), or one team's. */
    public List<InboxRow> inbox(Actor actor, TeamId scope) {
        return jdbc.sql("select c.id, c.patient_id, c.team_id, c.last_message_at, c.last_mode, "
                        + "(select r.read_at from conversation_read r where r.conversation_id = c.id and r.user_id = :user) as read_at "
                        + "from conversation c where " + VISIBLE
                        + " and (cast(:scope as uuid) is null or c.team_id = :scope) order by c.last_message_at desc limit " + INBOX_LIMIT)
                .param("org", actor.orgId().value())
                .param("user", actor.userId().value())
                .param("scope", scope == null ? null : scope.value())
                .query((rs, n) -> inboxRow(rs))
                .list();
    }

    static InboxRow inboxRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        Instant last = rs.getTimestamp("last_message_at").toInstant();
        UUID team = rs.getObject("team_id", UUID.class);
        return new InboxRow(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                team == null ? null : new TeamId(team), last, rs.getString("last_mode"),
                read == null || read.toInstant().isBefore(last));
    }

    /** How many conversations the user has not read since their last message, in each inbox scope. */
    public record UnreadCounts(int all, Map<TeamId, Integer> byTeam) {

        public int of(TeamId team) {
            return team == null ? all : byTeam.getOrDefault(team, 0);
        }
    }

    /**
     * Unread counts by the rule: a conversation the user may see ({@link #VISIBLE}) is unread when they have
     * no read mark on it or their mark is older than its last message. Read from counters the database keeps in
     * the same transaction as every change (V32's triggers): a team's unread count is how many conversations the
     * team has ({@code team_conversation_count}) minus how many of them the user's read marks show read since the
     * last message ({@code team_read_count}), one row each per member and team; personal conversations (few, the
     * user's own) are counted directly. The same statement serves one user and the live frames' batch of users.
     */
    static final String UNREAD_COUNTS = """
            select m.user_id, m.team_id, coalesce(t.conversations, 0) - coalesce(r.current_marks, 0) as unread
            from team_member m join staff_user u on u.id = m.user_id
                left join team_conversation_count t on t.organization_id = :org and t.team_id = m.team_id
                left join team_read_count r on r.user_id = m.user_id and r.organization_id = :org and r.team_id = m.team_id
            where m.organization_id = :org and u.organization_id = :org and m.user_id in (:users)
            union all
            select p.user_id, null, count(*) from conversation_participant p join staff_user u on u.id = p.user_id
                join conversation c on c.id = p.conversation_id
                left join conversation_read r on r.conversation_id = c.id and r.user_id = p.user_id
            where p.user_id in (:users) and u.organization_id = :org and c.organization_id = :org and c.team_id is null
              and (r.read_at is null or r.read_at < c.last_message_at)
            group by p.user_id""";

    public UnreadCounts unreadCounts(Actor actor) {
        return unreadCounts(actor.orgId(), Set.of(actor.userId())).get(actor.userId());
    }

    /**
     * One conversation's inbox line as it reads for everyone who may see it (unread false: that part is each
     * user's, see {@link #readMarks}). For live updates, after the audience has been checked.
     */
    public Optional<InboxRow> inboxRow(OrgId org, UUID id) {
        return jdbc.sql("select c.id, c.patient_id, c.team_id, c.last_message_at, c.last_mode, null as read_at "
                        + "from conversation c where c.id = :id and c.organization_id = :org")
                .param("id", id).param("org", org.value())
                .query((rs, n) -> inboxRow(rs))
                .optional()
                .map(row -> new InboxRow(row.id(), row.patient(), row.team(), row.lastMessageAt(), row.lastMode(), false));
    }

    /** When each of these users last read the conversation (users who never did are absent), in one query. */
    public Map<UserId, Instant> readMarks(OrgId org, UUID id, Set<UserId> users) {
        Map<UserId, Instant> marks = new HashMap<>();
        if (users.isEmpty()) {
            return marks;
        }
        jdbc.sql("select r.user_id, r.read_at from conversation_read r join conversation c on c.id = r.conversation_id "
                        + "where r.conversation_id = :id and c.organization_id = :org and r.user_id in (:users)")
                .param("id", id).param("org", org.value())
                .param("users", users.stream().map(UserId::value).toList())
                .query(rs -> {
                    marks.put(new UserId(rs.getObject("user_id", UUID.class)), rs.getTimestamp("read_at").toInstant());
                });
        return marks;
    }

    /**
     * {@link #unreadCounts(Actor)} for each of these users of the organization, in one query for all of them
     * (users with nothing unread get zeros).
     */
    public Map<UserId, UnreadCounts> unreadCounts(OrgId org, Set<UserId> users) {
        Map<UserId, Map<TeamId, Integer>> byTeam = new HashMap<>();
        Map<UserId, Integer> all = new HashMap<>();
        if (!users.isEmpty()) {
            jdbc.sql(UNREAD_COUNTS)
                    .param("org", org.value())
                    .param("users", users.stream().map(UserId::value).toList())
                    .query(rs -> {
                        UserId user = new UserId(rs.getObject("user_id", UUID.class));
                        UUID team = rs.getObject("team_id", UUID.class);
                        int unread = rs.getInt("unread");
                        all.merge(user, unread, Integer::sum);
                        if (team != null && unread > 0) {
                            byTeam.computeIfAbsent(user, u -> new HashMap<>()).put(new TeamId(team), unread);
                        }
                    });
        }
        Map<UserId, UnreadCounts> counts = new HashMap<>();
        for (UserId user : users) {
            counts.put(user, new UnreadCounts(all.getOrDefault(user, 0), Map.copyOf(byTeam.getOrDefault(user, Map.of()))));
        }
        return counts;
    }

    public Optional<Conversation> visible(Actor actor, UUID id) {
        return jdbc.sql("select c.id, c.organization_id, c.patient_id, c.team_id, c.replies_allowed from conversation c "
                        + "where c.id = :id and " + VISIBLE)
                .param("id", id)
                .param("org", actor.orgId().value())
                .param("user", actor.userId().value())
                .query((rs, n) -> map(rs))
                .optional();
    }

    /**
     * Everyone of the organization who may see this conversation now, by the same rule as {@link #visible}
     * (one query for every open stream of an event, instead of one per stream). Empty for another
     * organization's conversation or one that does not exist.
     */
    public Set<UserId> audience(OrgId org, UUID id) {
        return Set.copyOf(jdbc.sql("select u.id from staff_user u where u.organization_id = :org and exists ("
                        + "select 1 from conversation c where c.id = :id and "
                        + VISIBLE.replace(":user", "u.id") + ")")
                .param("id", id)
                .param("org", org.value())
                .query((rs, n) -> new UserId(rs.getObject("id", UUID.class)))
                .list());
    }

    /** The organization's conversation, whoever may see it: only for deciding what to tell a user who may not. */
    public Optional<Conversation> inOrganization(OrgId org, UUID id) {
        return jdbc.sql("select c.id, c.organization_id, c.patient_id, c.team_id, c.replies_allowed from conversation c "
                        + "where c.id = :id and c.organization_id = :org")
                .param("id", id).param("org", org.value())
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** A conversation the user opens, with whether their read mark already covers its last message. */
    public record Opened(Conversation conversation, boolean readMarkCurrent) {
    }

    /**
     * {@link #require}, for the conversation's page: the same visibility rule, and whether the user's read mark is
     * at or after the conversation's last message (then marking it read again would change nothing: not the unread
     * rule, not V32's counters).
     */
    public Opened open(Actor actor, UUID id) {
        return jdbc.sql("select c.id, c.organization_id, c.patient_id, c.team_id, c.replies_allowed, "
                        + "exists (select 1 from conversation_read r where r.conversation_id = c.id and r.user_id = :user "
                        + "and r.read_at >= c.last_message_at) as read_current from conversation c where c.id = :id and "
                        + VISIBLE)
                .param("id", id)
                .param("org", actor.orgId().value())
                .param("user", actor.userId().value())
                .query((rs, n) -> new Opened(map(rs), rs.getBoolean("read_current")))
                .optional()
                .orElseThrow(() -> new NotFoundException("Conversation"));
    }

    public Conversation require(Actor actor, UUID id) {
        return visible(actor, id).orElseThrow(() -> new NotFoundException("Conversation"));
    }

    /**
     * The conversation with this patient from the team (reused when there is one), or a personal one
     * of the user's. Sending from a team needs membership of it.
     */
    public UUID start(Actor actor, PatientId patient, TeamId team) {
        if (team != null && !teams.isMember(actor.orgId(), team, actor.userId())) {
            throw new NotFoundException("Team");
        }
        Optional<UUID> existing = team != null
                ? jdbc.sql("select id from conversation where organization_id = :org and team_id = :team and patient_id = :patient")
                        .param("org", actor.orgId().value()).param("team", team.value()).param("patient", patient.value())
                        .query(UUID.class).optional()
                : jdbc.sql("""
                                select c.id from conversation c join conversation_participant p on p.conversation_id = c.id
                                where c.organization_id = :org and c.team_id is null and c.patient_id = :patient and p.user_id = :user""")
                        .param("org", actor.orgId().value()).param("patient", patient.value())
                        .param("user", actor.userId().value())
                        .query(UUID.class).optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into conversation (id, organization_id, patient_id, team_id, created_by, created_at, last_message_at)
                        values (:id, :org, :patient, :team, :by, :at, :at)""")
                .param("id", id).param("org", actor.orgId().value()).param("patient", patient.value())
                .param("team", team == null ? null : team.value()).param("by", actor.userId().value()).param("at", now)
                .update();
        jdbc.sql("insert into conversation_participant (conversation_id, user_id) values (:id, :user)")
                .param("id", id).param("user", actor.userId().value()).update();
        events.publishEvent(new ConversationChanged(actor.orgId(), id, ConversationChanged.Kind.STARTED));
        return id;
    }

    /** The team's conversation with a patient, made when the patient writes first. */
    UUID forInbound(OrgId org, TeamId team, PatientId patient, UUID createdBy) {
        return jdbc.sql("select id from conversation where organization_id = :org and team_id = :team and patient_id = :patient")
                .param("org", org.value()).param("team", team.value()).param("patient", patient.value())
                .query(UUID.class).optional()
                .orElseGet(() -> {
                    UUID id = UUID.randomUUID();
                    jdbc.sql("""
                                    insert into conversation (id, organization_id, patient_id, team_id, created_by, created_at, last_message_at)
                                    values (:id, :org, :patient, :team, :by, :at, :at)""")
                            .param("id", id).param("org", org.value()).param("patient", patient.value())
                            .param("team", team.value()).param("by", createdBy).param("at", Timestamp.from(clock.instant()))
                            .update();
                    return id;
                });
    }

    /**
     * A message was added: the conversation moves up the inbox, and open screens hear of it. V32's trigger takes
     * the unread counter rows of the users whose read mark this message makes old (locked until the caller's
     * commit); call it before the audit log's insert, as every writer does.
     */
    public void touched(UUID conversation, String mode) {
        jdbc.sql("update conversation set last_message_at = :at, last_mode = :mode where id = :id returning organization_id")
                .param("at", Timestamp.from(clock.instant())).param("mode", mode).param("id", conversation)
                .query(UUID.class).optional()
                .ifPresent(org -> events.publishEvent(
                        new ConversationChanged(new OrgId(org), conversation, ConversationChanged.Kind.MESSAGE_ADDED)));
    }

    /**
     * The user has read the conversation now. V32's trigger locks the conversation's row in share mode (until the
     * caller's commit) to keep the unread counters exact: in a transaction that also writes the audit log, call this
     * first (every writer takes the conversation row before the organization's audit chain).
     */
    public void markRead(Actor actor, UUID conversation) {
        jdbc.sql("""
                        insert into conversation_read (conversation_id, user_id, read_at) values (:id, :user, :at)
                        on conflict (conversation_id, user_id) do update set read_at = excluded.read_at""")
                .param("id", conversation).param("user", actor.userId().value())
                .param("at", Timestamp.from(clock.instant())).update();
    }

    /** Whether the patient may reply in the portal; any staff user who sees the conversation may switch it. */
    public boolean repliesAllowed(Actor actor, UUID conversation) {
        return repliesAllowed(actor, require(actor, conversation));
    }

    /** The same for a conversation the caller has just found visible to the actor ({@link #require}): read with it. */
    public boolean repliesAllowed(Actor actor, Conversation conversation) {
        return conversation.repliesAllowed();
    }

    public void allowReplies(Actor actor, UUID conversation, boolean allowed) {
        require(actor, conversation);
        jdbc.sql("update conversation set replies_allowed = :allowed where organization_id = :org and id = :id")
                .param("allowed", allowed).param("org", actor.orgId().value()).param("id", conversation).update();
    }

    /** How the patient was told of a secure link here (the link itself is never kept). */
    public record Notice(String kind, Instant at) {
    }

    private static Conversation map(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID team = rs.getObject("team_id", UUID.class);
        return new Conversation(rs.getObject("id", UUID.class), new OrgId(rs.getObject("organization_id", UUID.class)),
                new PatientId(rs.getObject("patient_id", UUID.class)), team == null ? null : new TeamId(team),
                rs.getBoolean("replies_allowed"));
    }
}
