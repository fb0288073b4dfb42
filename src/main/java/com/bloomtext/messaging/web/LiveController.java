package com.bloomtext.messaging.web;

import java.util.Optional;

import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.live.LiveEvents;
import com.bloomtext.messaging.live.LiveStreams;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live streams of the inbox and of a conversation page (server-sent events for htmx's SSE extension).
 * A stream starts after the browser's Last-Event-ID when it reconnects, else after the live event its page
 * was drawn at, so nothing logged in between is lost. A conversation stream opens only for a conversation
 * the user may see now: anyone else gets the same 404 as the page.
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
    @ResponseBody
    SseEmitter inbox(@AuthenticationPrincipal Actor actor,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after, HttpServletRequest request, HttpServletResponse response) {
        noBuffering(response);
        return streams.open(actor, session(request), views.inbox(actor), start(lastEventId, after));
    }

    @GetMapping(MessagingRoutes.INBOX + "/c/{id}/live")
    @ResponseBody
    SseEmitter conversation(@AuthenticationPrincipal Actor actor, @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after, HttpServletRequest request, HttpServletResponse response) {
        Conversations.Conversation conversation = conversations.require(actor, NotFoundException.idOf(id, "Conversation"));
        noBuffering(response);
        return streams.open(actor, session(request), views.conversation(actor, conversation), start(lastEventId, after));
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
