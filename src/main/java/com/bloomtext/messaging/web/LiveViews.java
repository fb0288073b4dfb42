package com.bloomtext.messaging.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.bloomtext.messaging.ConversationChanged;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.InboxScopes;
import com.bloomtext.messaging.live.EventAudience;
import com.bloomtext.messaging.live.LiveEvent;
import com.bloomtext.messaging.live.LiveView;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;
import com.bloomtext.ui.PageBytes;

import gg.jte.TemplateEngine;

import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * What the inbox and a conversation page make of live events: the same partials the pages include, rendered
 * for the stream's user as things are now. The access check has been made by the hub before a view is asked.
 */
@Component
class LiveViews {

    /** The SSE event names the pages' {@code sse-swap} attributes listen for. */
    static final String INBOX_EVENT = "inbox";
    static final String MESSAGES_EVENT = "messages";
    static final String ACCESS_REMOVED_EVENT = "access-removed";
    /** The key of an inbox frame's shared reads in its {@link EventAudience}. */
    private static final String ROW_FACTS = "inbox-row-facts";

    private final TemplateEngine templates;
    private final InboxView inboxView;
    private final ConversationLines lines;
    private final Conversations conversations;
    private final PatientDirectory patients;
    private final TeamAccess teams;
    private final InboxScopes scopes;

    LiveViews(TemplateEngine templates, InboxView inboxView, ConversationLines lines, Conversations conversations,
            PatientDirectory patients, TeamAccess teams, InboxScopes scopes) {
        this.scopes = scopes;
        this.templates = templates;
        this.inboxView = inboxView;
        this.lines = lines;
        this.conversations = conversations;
        this.patients = patients;
        this.teams = teams;
    }

    /**
     * The inbox changes one conversation's row for each event of a conversation the user may see that changes
     * it (a delivery state or a patient's read receipt shows on the conversation page, not in the list): out of
     * band, the row leaves its place and comes back at the top of the list (for a new message or conversation;
     * other changes replace it where it is), and the unread counts are updated. Users whose inbox scope leaves
     * the conversation out get the counts only. Everything that reads the same for the event's users is read and
     * rendered once per event for all of them (see {@link #rowFrame}).
     * <p>
     * An event of a team the user was on when the stream opened, and is not any more, tells the page so once,
     * and redraws the list without that team's conversations; after that the team's events are dropped unseen.
     * Joining a team redraws the list with the team's conversations. The teams the user {@code left} after the page
     * was drawn (before its stream opened) count as teams the user was on: the page still shows them.
     */
    LiveView inbox(Actor actor, Set<TeamId> left) {
        Set<TeamId> onTeams = teams.teamsOf(actor.orgId(), actor.userId()).stream().map(TeamRef::id)
                .collect(Collectors.toCollection(ConcurrentHashMap::newKeySet));
        onTeams.addAll(left);
        return new LiveView() {
            @Override
            public Optional<LiveView.Frame> frame(LiveEvent event, boolean visible, EventAudience audience) {
                if (visible) {
                    boolean joined = event.team() != null && onTeams.add(event.team());
                    if (event.conversation() == null) {
                        return joined ? LiveView.Frame.of(INBOX_EVENT, () -> inboxFragment(actor)) : Optional.empty();
                    }
                    if (!changesInbox(event)) {
                        return Optional.empty();
                    }
                    return LiveView.Frame.shared(INBOX_EVENT, INBOX_EVENT + ":" + event.conversation(),
                            () -> rowFrame(actor, event, audience));
                }
                if (event.team() != null && onTeams.remove(event.team())) {
                    return LiveView.Frame.once(ACCESS_REMOVED_EVENT,
                            () -> notice("You were removed from a team: its conversations are no longer in your inbox.")
                                    + inboxFragment(actor));
                }
                return Optional.empty();
            }

            /**
             * A team conversation's change the list shows: its facts (the row, and the marks, scopes and counts of the
             * event's users) start being read while the hub reads who may see it. Not for a personal conversation,
             * which few of the organization's streams see (their reads would mostly be for nobody).
             */
            @Override
            public void prepare(LiveEvent event, EventAudience audience) {
                if (event.conversation() != null && event.team() != null && changesInbox(event)) {
                    audience.prepare(ROW_FACTS, () -> facts(event, audience));
                }
            }

            /**
             * A delivery state or a read receipt: the list shows neither. Nor does the page need it to learn of a lost
             * access: a removal from a team is an event of its own (above), and so is joining one.
             */
            @Override
            public boolean ignores(LiveEvent event) {
                return event.conversation() != null && !changesInbox(event);
            }
        };
    }

    /**
     * What an event's users have in common, read once for all of them: the row and what it shows (as read; the
     * unread one differs only in its mark), and each user's read mark, scope and counts.
     */
    private record RowFacts(Optional<Conversations.InboxRow> row, Optional<InboxPages.InboxRow> shown,
            Map<UserId, Instant> readMarks, Map<UserId, TeamId> scopes, Map<UserId, Conversations.UnreadCounts> unread) {

        boolean unread(UserId user) {
            Instant read = readMarks.get(user);
            return row.map(r -> read == null || read.isBefore(r.lastMessageAt())).orElse(false);
        }

        /** Whether the user's inbox, in the scope they chose, lists the conversation. */
        boolean listed(UserId user) {
            TeamId scope = scopes.get(user);
            return row.isPresent() && (scope == null || scope.equals(row.get().team()));
        }

        Conversations.UnreadCounts counts(UserId user) {
            return unread.getOrDefault(user, new Conversations.UnreadCounts(0, Map.of()));
        }
    }

    /** The conversation's row and what it shows, read together on a thread of its own (see {@link #facts}). */
    private record Shown(Optional<Conversations.InboxRow> row, Optional<InboxPages.InboxRow> shown) {
    }

    /**
     * The event's facts in strands side by side (each when a renderer's permit is free for it, else in turn on this
     * thread), since they do not depend on each other: the conversation's row and then its names (the patient, the
     * team's label: three reads); the users' read marks; their scopes; their unread counts. The frames wait for the
     * longest strand, not for all of them in a row. (Until 2026-11-28 marks, scopes and counts were one strand, one read
     * after the other: the longer strand, about 24 ms at p50 at 1,000 streams on a loaded machine against 16 for the
     * row's.)
     */
    private RowFacts facts(LiveEvent event, EventAudience audience) {
        Set<UserId> users = audience.users();
        CompletableFuture<Shown> shown = audience.alongside(() -> {
            Optional<Conversations.InboxRow> row = conversations.inboxRow(event.organization(), event.conversation());
            return new Shown(row, row.map(line -> inboxView.rows(event.organization(), List.of(line)).getFirst()));
        });
        CompletableFuture<Map<UserId, Instant>> marks =
                audience.alongside(() -> conversations.readMarks(event.organization(), event.conversation(), users));
        CompletableFuture<Map<UserId, TeamId>> chosen = audience.alongside(() -> scopes.chosen(event.organization(), users));
        Map<UserId, Conversations.UnreadCounts> unread = conversations.unreadCounts(event.organization(), users);
        Shown row = shown.join();
        return new RowFacts(row.row(), row.shown(), marks.join(), chosen.join(), unread);
    }

    /**
     * One user's frame for a change of a conversation they may see. The batch reads (seven queries, in four strands)
     * and the frame are shared by the event's streams: users whose frame reads the same (listed or not, read or
     * not, the same three counts) get the same string, rendered once; the row itself is rendered once for users
     * who have read it and once for those who have not (nothing else in a row differs between users who may see it).
     */
    private String rowFrame(Actor actor, LiveEvent event, EventAudience audience) {
        RowFacts facts = audience.read(ROW_FACTS, () -> facts(event, audience));
        UserId user = actor.userId();
        boolean listed = facts.listed(user);
        boolean unread = listed && facts.unread(user);
        Conversations.UnreadCounts counts = facts.counts(user);
        TeamId scope = facts.scopes().get(user);
        TeamId team = facts.row().map(Conversations.InboxRow::team).orElse(null);
        int current = counts.of(scope);
        int all = counts.all();
        int ofTeam = team == null ? 0 : counts.of(team);
        return audience.once("inbox-frame:" + listed + ":" + unread + ":" + current + ":" + all + ":" + ofTeam, () -> {
            StringBuilder html = new StringBuilder();
            if (listed) {
                html.append(audience.once("inbox-row:" + (unread ? "unread" : "read"), () -> {
                    InboxPages.InboxRow shown = facts.shown().orElseThrow();
                    InboxPages.InboxRow row = new InboxPages.InboxRow(shown.id(), shown.patient(), shown.sentFrom(),
                            shown.when(), shown.mode(), unread);
                    if (!movesUp(event)) {
                        return render("messaging/inbox-row.jte", Map.of("row", row, "swapOob", "true"));
                    }
                    return "<li id=\"conversation-" + row.id() + "\" hx-swap-oob=\"delete\"></li>"
                            + "<ul id=\"conversation-rows\" hx-swap-oob=\"afterbegin\">"
                            + render("messaging/inbox-row.jte", Map.of("row", row)) + "</ul>";
                }));
            }
            html.append(count("unread-current", current, audience));
            html.append(count(new InboxPages.ScopeChoice(InboxPages.ScopeChoice.ALL, "", 0, false).countId(), all, audience));
            if (team != null) {
                html.append(count(new InboxPages.ScopeChoice(team.toString(), "", 0, false).countId(), ofTeam, audience));
            }
            return html.toString();
        });
    }

    /** A new message or conversation brings its row to the top; any other change leaves it where it is. */
    private static boolean movesUp(LiveEvent event) {
        return ConversationChanged.Kind.MESSAGE_ADDED.name().equals(event.kind())
                || ConversationChanged.Kind.STARTED.name().equals(event.kind());
    }

    private String count(String id, int unread, EventAudience audience) {
        return audience.once("count:" + id + ":" + unread, () -> render("messaging/scope-count.jte",
                Map.of("id", id, "unread", unread, "outOfBand", true)));
    }

    /** What the inbox list shows: a conversation's last message, its patient, who may see it; not delivery states. */
    private static boolean changesInbox(LiveEvent event) {
        return !ConversationChanged.Kind.DELIVERY_CHANGED.name().equals(event.kind())
                && !ConversationChanged.Kind.READ_RECEIPT.name().equals(event.kind());
    }

    /**
     * A conversation page re-renders its messages for each event of its conversation, and marks them read (they
     * are on the screen). Once the user may no longer see it, the page is told, its messages and composer are
     * taken away, and the stream ends.
     */
    LiveView conversation(Actor actor, Conversations.Conversation conversation) {
        return new LiveView() {
            @Override
            public Optional<LiveView.Frame> frame(LiveEvent event, boolean visible, EventAudience audience) {
                if (!ours(event)) {
                    return Optional.empty();
                }
                if (!visible) {
                    return LiveView.Frame.closing(ACCESS_REMOVED_EVENT, () -> notice("Your access to this conversation was removed.")
                                    + "<ol id=\"messages\" hx-swap-oob=\"innerHTML\"></ol>"
                                    + "<section id=\"composer\" hx-swap-oob=\"delete\"></section>");
                }
                if (event.conversation() == null) {
                    return Optional.empty();
                }
                return LiveView.Frame.of(MESSAGES_EVENT, () -> {
                    conversations.markRead(actor, conversation.id());
                    String patient = patients.get(actor.orgId(), conversation.patient()).map(PatientSummary::displayName)
                            .orElse("Archived patient");
                    return render("messaging/message-items.jte", Map.of("messages", lines.of(actor, conversation, patient)));
                });
            }

            /** Another conversation's event, or another team's: not this page's. */
            @Override
            public boolean ignores(LiveEvent event) {
                return !ours(event);
            }

            private boolean ours(LiveEvent event) {
                return conversation.id().equals(event.conversation())
                        || (event.conversation() == null && Objects.equals(event.team(), conversation.team()));
            }
        };
    }

    /** The whole list and every count, out of band (the inbox's live frames swap nothing else). */
    private String inboxFragment(Actor actor) {
        var page = inboxView.page(actor);
        StringBuilder html = new StringBuilder();
        String list = render("messaging/inbox-list.jte", Map.of("page", page));
        html.append("<div id=\"inbox-list\" hx-swap-oob=\"innerHTML\">" + list + "</div>");
        html.append(render("messaging/scope-count.jte",
                Map.of("id", "unread-current", "unread", page.scope().unread(), "outOfBand", true)));
        for (var scope : page.scopes()) {
            html.append(render("messaging/scope-count.jte",
                    Map.of("id", scope.countId(), "unread", scope.unread(), "outOfBand", true)));
        }
        return html.toString();
    }

    private static String notice(String text) {
        return HtmlUtils.htmlEscape(text);
    }

    private String render(String template, Map<String, Object> params) {
        // The templates' static parts are UTF-8 bytes (binary static content): StringOutput would decode each one.
        PageBytes output = new PageBytes(1024);
        templates.render(template, params, output);
        return output.toString();
    }
}
