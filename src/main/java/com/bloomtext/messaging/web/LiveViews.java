package com.bloomtext.messaging.web;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.bloomtext.messaging.ConversationChanged;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.live.LiveEvent;
import com.bloomtext.messaging.live.LiveView;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.TeamId;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

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

    private final TemplateEngine templates;
    private final InboxView inboxView;
    private final ConversationLines lines;
    private final Conversations conversations;
    private final PatientDirectory patients;
    private final TeamAccess teams;

    LiveViews(TemplateEngine templates, InboxView inboxView, ConversationLines lines, Conversations conversations,
            PatientDirectory patients, TeamAccess teams) {
        this.templates = templates;
        this.inboxView = inboxView;
        this.lines = lines;
        this.conversations = conversations;
        this.patients = patients;
        this.teams = teams;
    }

    /**
     * The inbox re-renders its list and unread counts for any event the user may see that changes them (a
     * delivery state or a patient's read receipt shows on the conversation page, not in the list). An event of a
     * team the user was on when the stream opened, and is not any more, tells the page so once, and redraws the
     * list without that team's conversations; after that the team's events are dropped unseen.
     */
    LiveView inbox(Actor actor) {
        Set<TeamId> onTeams = teams.teamsOf(actor.orgId(), actor.userId()).stream().map(TeamRef::id)
                .collect(Collectors.toCollection(ConcurrentHashMap::newKeySet));
        return (event, visible) -> {
            if (visible) {
                if (event.team() != null) {
                    onTeams.add(event.team());
                }
                if (!changesInbox(event)) {
                    return Optional.empty();
                }
                return LiveView.Frame.of(INBOX_EVENT, () -> inboxFragment(actor, false));
            }
            if (event.team() != null && onTeams.remove(event.team())) {
                return LiveView.Frame.once(ACCESS_REMOVED_EVENT,
                        () -> notice("You were removed from a team: its conversations are no longer in your inbox.")
                                + inboxFragment(actor, true));
            }
            return Optional.empty();
        };
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
        return (event, visible) -> {
            boolean ours = conversation.id().equals(event.conversation())
                    || (event.conversation() == null && Objects.equals(event.team(), conversation.team()));
            if (!ours) {
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
        };
    }

    private String inboxFragment(Actor actor, boolean outOfBand) {
        var page = inboxView.page(actor);
        StringBuilder html = new StringBuilder();
        String list = render("messaging/inbox-list.jte", Map.of("page", page));
        html.append(outOfBand ? "<div id=\"inbox-list\" hx-swap-oob=\"innerHTML\">" + list + "</div>" : list);
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
        StringOutput output = new StringOutput();
        templates.render(template, params, output);
        return output.toString();
    }
}
