package com.bloomtext.messaging.live;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.Failures;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * This node's open streams. Each has a virtual thread of its own that replays what the page missed, then
 * takes the events the listener hands it, checks them against the user's access as it is now (the same
 * rule as the pages: one door), asks the page's view for a frame and writes it. A slow browser holds up
 * only its own stream.
 */
@Service
public class LiveStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    private static final int REPLAY_BATCH = 500;
    /** Past this many waiting events a stream is too far behind: it ends, and the browser reconnects and replays. */
    private static final int MAX_WAITING = 10_000;

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private final LiveEvents events;
    private final Conversations conversations;
    private final TeamAccess teams;
    private final LiveProperties properties;

    LiveStreams(LiveEvents events, Conversations conversations, TeamAccess teams, LiveProperties properties) {
        this.events = events;
        this.conversations = conversations;
        this.teams = teams;
        this.properties = properties;
    }

    /**
     * Opens a stream for this user and page, starting after the given event id: what was logged since is
     * replayed first, then events arrive as they happen.
     */
    public SseEmitter open(Actor actor, LiveView view, long after) {
        SseEmitter emitter = new SseEmitter(properties.streamLifetime().toMillis());
        Stream stream = new Stream(actor, view, emitter, after);
        emitter.onTimeout(stream::end);
        emitter.onCompletion(stream::closed);
        emitter.onError(failure -> stream.closed());
        open.add(stream);
        stream.thread = Thread.ofVirtual().name("live-stream").start(stream::run);
        return emitter;
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown waits for open requests: browsers
     * reconnect (to another node, behind a load balancer) and catch up from their Last-Event-ID.
     */
    @Override
    public void stop() {
        running = false;
        open.forEach(Stream::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void dispatch(LiveEvent event) {
        for (Stream stream : open) {
            if (stream.actor.orgId().equals(event.organization())) {
                stream.offer(event);
            }
        }
    }

    /** The one access rule for streams: the conversation as the pages see it, or membership of the team. */
    private boolean visible(Actor actor, LiveEvent event) {
        if (event.conversation() != null) {
            return conversations.visible(actor, event.conversation()).isPresent();
        }
        return event.team() != null && teams.isMember(actor.orgId(), event.team(), actor.userId());
    }

    private final class Stream {

        private final Actor actor;
        private final LiveView view;
        private final SseEmitter emitter;
        private final BlockingQueue<LiveEvent> waiting = new LinkedBlockingQueue<>();
        /** The newest event this stream has dealt with, sent or not: replays and live events meet here once. */
        private long handled;
        private volatile boolean closed;
        private Thread thread;

        Stream(Actor actor, LiveView view, SseEmitter emitter, long after) {
            this.actor = actor;
            this.view = view;
            this.emitter = emitter;
            this.handled = after;
        }

        void offer(LiveEvent event) {
            if (waiting.size() >= MAX_WAITING) {
                end();
                return;
            }
            waiting.offer(event);
        }

        void run() {
            try {
                emitter.send(SseEmitter.event().reconnectTime(2000).comment("live"));
                for (List<LiveEvent> missed = events.after(actor.orgId(), handled, REPLAY_BATCH); !missed.isEmpty() && !closed;
                        missed = events.after(actor.orgId(), handled, REPLAY_BATCH)) {
                    for (LiveEvent event : missed) {
                        handle(event);
                    }
                }
                while (!closed) {
                    LiveEvent event = waiting.poll(properties.heartbeat().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (event == null) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else {
                        handle(event);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | IllegalStateException e) {
                // The browser went away (or the response was completed): nothing to tell it any more.
                closed();
            } catch (RuntimeException e) {
                log.warn("A live stream failed: {}", Failures.describe(e));
                end();
            } finally {
                open.remove(this);
            }
        }

        private void handle(LiveEvent event) throws IOException {
            if (closed || event.id() <= handled) {
                return;
            }
            handled = event.id();
            var frame = view.frame(event, visible(actor, event));
            if (frame.isEmpty()) {
                return;
            }
            emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(frame.get().name())
                    .data(frame.get().html()));
            if (frame.get().last()) {
                end();
            }
        }

        /** Ends the response normally: the browser reconnects with Last-Event-ID unless the page said not to. */
        void end() {
            if (!closed) {
                closed = true;
                open.remove(this);
                try {
                    emitter.complete();
                } catch (RuntimeException e) {
                    // already completed
                }
                if (thread != null && Thread.currentThread() != thread) {
                    thread.interrupt();
                }
            }
        }

        void closed() {
            closed = true;
            open.remove(this);
            if (thread != null && Thread.currentThread() != thread) {
                thread.interrupt();
            }
        }
    }
}
