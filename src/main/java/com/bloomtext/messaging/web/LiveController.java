package com.bloomtext.messaging.web;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.live.LiveEvents;
import com.bloomtext.messaging.live.LiveStreams;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.TeamId;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The live streams of the inbox and of a conversation page (server-sent events for htmx's SSE extension).
 * A stream starts after the browser's Last-Event-ID when it reconnects, else after the live event its page
 * was drawn at, so nothing logged in between is lost. A conversation stream opens only for a conversation
 * the user may see now, or one whose team they were removed from since the page was drawn (the stream only
 * tells the page so): anyone else gets the same 404 as the page.
 */
@Controller
class LiveController {

    private final LiveStreams streams;
    private final LiveEvents events;
    private final LiveViews views;
    private final Conversations conversations;

    LiveController(LiveStreams streams, LiveEvents events, LiveViews views, Conversations conversations) {
        this.streams = streams;
        this.events = events;
        this.views = views;
        this.conversations = conversations;
    }

    @GetMapping(MessagingRoutes.INBOX_LIVE)
    void inbox(@AuthenticationPrincipal Actor actor,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        noBuffering(response);
        Optional<Long> page = cursor(lastEventId).or(() -> cursor(after));
        Set<TeamId> left = page.map(id -> events.teamsLeftAfter(actor.orgId(), actor.userId(), id)).orElse(Set.of());
        streams.open(actor, session(request), views.inbox(actor, left), start(lastEventId, after), request, response);
    }

    @GetMapping(MessagingRoutes.INBOX + "/c/{id}/live")
    void conversation(@AuthenticationPrincipal Actor actor, @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UUID conversationId = NotFoundException.idOf(id, "Conversation");
        Conversations.Conversation conversation = conversations.visible(actor, conversationId)
                .or(() -> removedSincePage(actor, conversationId, cursor(lastEventId).or(() -> cursor(after))))
                .orElseThrow(() -> new NotFoundException("Conversation"));
        noBuffering(response);
        streams.open(actor, session(request), views.conversation(actor, conversation), start(lastEventId, after), request,
                response);
    }

    /**
     * A conversation its page showed the user, who was removed from its team after the page's event: the stream
     * opens so that its replay tells the page (the view shows nothing of a conversation the user may not see,
     * only the notice, and ends the stream). Anyone else, and a stream without the page's event, is refused.
     */
    private Optional<Conversations.Conversation> removedSincePage(Actor actor, UUID conversation, Optional<Long> page) {
        return page.flatMap(after -> conversations.inOrganization(actor.orgId(), conversation)
                .filter(found -> found.team() != null
                        && events.teamsLeftAfter(actor.orgId(), actor.userId(), after).contains(found.team())));
    }

    /** The sign-in the stream lives on: it ends when that session does. (Signed in means there is one.) */
    private static String session(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            throw new NotFoundException("Session");
        }
        return session.getId();
    }

    private long start(String lastEventId, String after) {
        return cursor(lastEventId).or(() -> cursor(after)).orElseGet(events::latestId);
    }

    private static Optional<Long> cursor(String text) {
        if (text == null || !text.strip().matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text.strip()));
    }

    /** Proxies that buffer responses (nginx) would hold the events back. */
    private static void noBuffering(HttpServletResponse response) {
        response.setHeader("X-Accel-Buffering", "no");
    }
}
