package com.bloomtext.messaging.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.bloomtext.accounts.SignedInSessions;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.Failures;
import com.bloomtext.shared.UserId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * This node's open streams. An open stream holds no thread: the listener hands each event to the streams of
 * its organization together with who may see it now (one query per event, the same rule as the pages: one
 * door), and a stream with something waiting gets a virtual thread until its queue is empty. That thread
 * takes everything waiting at once, asks the page's view what each event means, renders only the newest of
 * several frames in a row that each show the current state of the same thing, and writes. What an event's
 * frames have in common (batch reads, a row rendered for everyone who sees it alike) is worked out once per
 * event, not per stream ({@link EventAudience}). At most
 * {@code bloomtext.messaging.live.renderers} renders (a stream's own, an event's shared work, a strand beside it)
 * query the database at once, so a burst leaves the connection pool to the requests that make the events; a frame
 * made only of its event's shared work takes no permit of its own. A stream is not woken at all for an event its page
 * ignores (an inbox and a delivery report). A slow browser holds up only its own stream.
 * <p>
 * A stream ends when its lifetime is over (the browser reconnects with Last-Event-ID), when its page lost
 * access, and when its sign-in ended: sessions are checked every {@code session-check}, so a timed-out,
 * signed-out or deactivated user's streams close within that long. Streams never touch the session (see
 * the accounts module): an open page is not activity.
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
    private final SignedInSessions sessions;
    private final LiveProperties properties;
    private final Semaphore rendering;
    /**
     * The audience queries' threads: enough that a burst of events is not queued one query after another (half the
     * renderers, at least one), taken in event order. Platform threads, as {@link #hub}'s.
     */
    private final ExecutorService lookups;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("live-stream").factory());
    /**
     * The hub's own work on an event's way to its streams (the audience query, the shared reads started beside it, the
     * hand-out): platform threads, at most {@code renderers} (each holds a permit) and the hand-out at once. On virtual
     * threads that work queued for the two carriers behind every stream worker already waiting (an event's 500 streams
     * each write a frame), so one event's fan-out delayed the next event's reads; the operating system schedules these
     * threads beside the carriers instead.
     */
    private final ExecutorService hub = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("live-hub-", 0).factory());
    private ScheduledExecutorService ticker;

    LiveStreams(LiveEvents events, Conversations conversations, TeamAccess teams, SignedInSessions sessions,
            LiveProperties properties) {
        this.events = events;
        this.conversations = conversations;
        this.teams = teams;
        this.sessions = sessions;
        this.properties = properties;
        // Not fair: a stream that renders from what its event's first stream read takes a free permit at
        // once instead of queueing behind every other stream of the event for a hand-over each.
        this.rendering = new Semaphore(properties.renderers(), false);
        this.lookups = Executors.newFixedThreadPool(Math.max(1, properties.renderers() / 2),
                Thread.ofPlatform().daemon().name("live-audience-", 0).factory());
    }

    /** The stream's first bytes: the browser's reconnect delay, and a comment that tells a client the stream is open. */
    private static final byte[] OPENING = "retry:2000\n:live\n\n".getBytes(StandardCharsets.UTF_8);

    /**
     * Opens a stream for this user, signed in with this session, and page, starting after the given event id, as the
     * answer to this request: what was logged since is replayed first, then events arrive as they happen.
     * <p>
     * The response is a server-sent event stream on the servlet's own asynchronous mode. Its head and first bytes are
     * written here, on the request's thread and through the filters' response wrappers, so that their headers and the
     * session's commit happen as for any response; after that a stream writes its frames' bytes straight to the
     * connector's output stream, one write and one flush each. (Until 2026-11-27 22:30 frames went through Spring's
     * {@code SseEmitter}: a converter lookup and a String's encoding per frame, and every flush through five response
     * wrappers, per stream: the bulk of a frame's own cost when one event goes to 500 streams at once.)
     */
    public void open(Actor actor, String session, LiveView view, long after, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(properties.streamLifetime().toMillis());
        Stream stream = new Stream(actor, session, view, async, connectorResponse(response), after);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                stream.end();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.end();
            }

            @Override
            public void onComplete(AsyncEvent event) {
                stream.closed();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        try {
            ServletOutputStream body = response.getOutputStream();
            body.write(OPENING);
            response.flushBuffer();
        } catch (IOException e) {
            stream.end();
            throw e;
        }
        open.add(stream);
        stream.schedule();
    }

    /** The connector's own response under the filters' wrappers: written to once the response is committed. */
    private static ServletResponse connectorResponse(ServletResponse response) {
        ServletResponse inner = response;
        while (inner instanceof ServletResponseWrapper wrapper) {
            inner = wrapper.getResponse();
        }
        return inner;
    }

    /** How many streams are open on this node. */
    public int openStreams() {
        return open.size();
    }

    @Override
    public void start() {
        running = true;
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("live-ticker").factory());
        long heartbeat = Math.max(1, properties.heartbeat().toMillis());
        ticker.scheduleWithFixedDelay(() -> guarded(this::heartbeats), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long check = Math.max(100, properties.sessionCheck().toMillis());
        ticker.scheduleWithFixedDelay(() -> guarded(this::endSignedOut), check, check, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every open stream before the web server's graceful shutdown waits for open requests: browsers
     * reconnect (to another node, behind a load balancer) and catch up from their Last-Event-ID.
     */
    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        open.forEach(Stream::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The hub's platform threads end with the application (another node in the same JVM, in tests, keeps its own). */
    @jakarta.annotation.PreDestroy
    void release() {
        lookups.shutdownNow();
        hub.shutdownNow();
    }

    /**
     * Hands the event to this node's streams of its organization that want it (see {@link LiveView#ignores}), with
     * who may see it now; when none wants it, nobody's access is asked. Called by the
     * listener in id order; returns at once: the audience query runs on one of the {@link #lookups} threads, so that
     * the next events' queries run meanwhile instead of queueing behind it, and one hand-out thread passes the events on
     * to the streams in the order they came. The frames' shared reads start beside the audience query
     * ({@link LiveView#prepare}; before 2026-11-28 the first stream started them once the audience was known).
     */
    void dispatch(LiveEvent event) {
        List<Stream> streams = new ArrayList<>();
        for (Stream stream : open) {
            if (stream.actor.orgId().equals(event.organization()) && !stream.view.ignores(event)) {
                streams.add(stream);
            }
        }
        if (streams.isEmpty()) {
            return;
        }
        LiveTimeline timeline = LiveTimeline.of(event);
        CompletableFuture<Set<UserId>> audience;
        try {
            audience = CompletableFuture.supplyAsync(() -> lookUp(event, timeline), lookups);
        } catch (RejectedExecutionException e) {
            return; // shutting down
        }
        // The frames' shared reads start now, beside the audience query, for the users of the streams it goes to;
        // each stream's frame is still made only once its user is found among those who may see the event.
        Set<UserId> users = new HashSet<>();
        for (Stream stream : streams) {
            users.add(stream.actor.userId());
        }
        EventAudience shared = new EventAudience(users, rendering, hub, timeline);
        for (Stream stream : streams) {
            stream.view.prepare(event, shared);
        }
        dispatching.add(new Dispatch(event, streams, audience, shared, timeline));
        if (handingOut.compareAndSet(false, true)) {
            try {
                hub.execute(this::handOut);
            } catch (RejectedExecutionException e) {
                handingOut.set(false);
            }
        }
    }

    /** An event on its way to its streams: the streams of its organization when it came, and its audience query. */
    private record Dispatch(LiveEvent event, List<Stream> streams, CompletableFuture<Set<UserId>> audience,
            EventAudience shared, LiveTimeline timeline) {
    }

    private final ConcurrentLinkedQueue<Dispatch> dispatching = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handingOut = new AtomicBoolean();

    private Set<UserId> lookUp(LiveEvent event, LiveTimeline timeline) {
        Set<UserId> audience = audience(event);
        timeline.audienceRead();
        return audience;
    }

    /**
     * Passes the events on in the order the listener gave them, each once its audience is known. An event that
     * cannot be handed out ends its streams (their browsers reconnect and replay it) instead of ending the hand-out:
     * a failure that escaped here used to leave {@code handingOut} set with no thread behind it, and the node's
     * streams got nothing more, silently, until a restart.
     */
    private void handOut() {
        do {
            for (Dispatch next = dispatching.peek(); next != null; next = dispatching.peek()) {
                try {
                    hand(next);
                } catch (RuntimeException e) {
                    log.warn("A live event could not be handed out, its streams reconnect: {}", Failures.describe(e));
                    next.streams().forEach(Stream::end);
                }
                dispatching.poll();
            }
            handingOut.set(false);
        } while (!dispatching.isEmpty() && handingOut.compareAndSet(false, true));
    }

    private void hand(Dispatch dispatch) {
        Set<UserId> audience;
        try {
            audience = dispatch.audience().join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            // Who may see it is unknown: its streams end rather than guess, and their browsers reconnect with
            // Last-Event-ID, whose replay checks each missed event for its user.
            log.warn("A live event's audience could not be read, its streams reconnect: {}", Failures.describe(e));
            dispatch.streams().forEach(Stream::end);
            return;
        }
        EventAudience shared = dispatch.shared();
        LiveTimeline timeline = dispatch.timeline();
        timeline.handing(dispatch.streams().size());
        for (Stream stream : dispatch.streams()) {
            stream.offer(dispatch.event(), audience.contains(stream.actor.userId()), shared, timeline);
        }
        timeline.handed();
    }

    /** Who may see the event now: the conversation's audience as the pages see it, or the team's members. */
    private Set<UserId> audience(LiveEvent event) {
        if (event.conversation() != null) {
            return conversations.audience(event.organization(), event.conversation());
        }
        return event.team() == null ? Set.of() : Set.copyOf(teams.membersOf(event.organization(), event.team()));
    }

    /** The same rule for one user, for the events a stream replays when it opens. */
    private boolean visible(Actor actor, LiveEvent event) {
        if (event.conversation() != null) {
            return conversations.visible(actor, event.conversation()).isPresent();
        }
        return event.team() != null && teams.isMember(actor.orgId(), event.team(), actor.userId());
    }

    private void heartbeats() {
        long quiet = properties.heartbeat().toNanos();
        long now = System.nanoTime();
        for (Stream stream : open) {
            if (now - stream.lastWritten >= quiet) {
                stream.heartbeatDue.set(true);
                stream.schedule();
            }
        }
    }

    private void endSignedOut() {
        if (open.isEmpty()) {
            return;
        }
        Map<String, List<Stream>> bySession = new java.util.HashMap<>();
        for (Stream stream : open) {
            bySession.computeIfAbsent(stream.session, s -> new ArrayList<>()).add(stream);
        }
        Set<String> signedIn = sessions.stillSignedIn(bySession.keySet());
        bySession.forEach((session, streams) -> {
            if (!signedIn.contains(session)) {
                streams.forEach(Stream::end);
            }
        });
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("A live stream task failed: {}", Failures.describe(e));
        }
    }

    private static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    /** One server-sent event as the wire carries it (as SseEmitter writes one): every line of the data its own data: line. */
    static void appendEvent(StringBuilder text, long id, String name, String data) {
        text.append("id:").append(id).append("\nevent:").append(name).append('\n');
        int start = 0;
        String lines = data.indexOf('\r') < 0 ? data : data.replace("\r\n", "\n").replace('\r', '\n');
        for (int end = lines.indexOf('\n'); end >= 0; start = end + 1, end = lines.indexOf('\n', start)) {
            text.append("data:").append(lines, start, end).append('\n');
        }
        text.append("data:").append(lines, start, lines.length()).append("\n\n");
    }

    /** An event as it reached a stream: whether the stream's user may see it, decided when it was dispatched. */
    private record Delivery(LiveEvent event, boolean visible, EventAudience audience, LiveTimeline timeline, int slot) {
    }

    /** A frame decided on, with the id of the newest event it answers. */
    private record Pending(long id, LiveView.Frame frame, EventAudience audience) {
    }

    private final class Stream {

        private final Actor actor;
        private final String session;
        private final LiveView view;
        private final AsyncContext async;
        private final ServletResponse connector;
        /** Writes and the response's completion, one at a time (the servlet's output is not for two threads at once). */
        private final ReentrantLock writing = new ReentrantLock();
        private final ConcurrentLinkedQueue<Delivery> waiting = new ConcurrentLinkedQueue<>();
        private final AtomicInteger waitingCount = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean heartbeatDue = new AtomicBoolean();
        /** The newest event this stream has dealt with, sent or not: replays and live events meet here once. */
        private long handled;
        private boolean started;
        private volatile long lastWritten = System.nanoTime();
        private volatile boolean closed;
        /** When the frames of the last {@link #send} were rendered (for {@link LiveTimeline} only). */
        private long renderedAt;

        Stream(Actor actor, String session, LiveView view, AsyncContext async, ServletResponse connector, long after) {
            this.actor = actor;
            this.session = session;
            this.view = view;
            this.async = async;
            this.connector = connector;
            this.handled = after;
        }

        void offer(LiveEvent event, boolean visible, EventAudience audience, LiveTimeline timeline) {
            if (waitingCount.incrementAndGet() > MAX_WAITING) {
                end();
                return;
            }
            waiting.add(new Delivery(event, visible, audience, timeline, timeline.slot()));
            schedule();
        }

        /** Gives the stream a thread unless it has one: one at a time per stream, so frames keep their order. */
        void schedule() {
            if (!closed && scheduled.compareAndSet(false, true)) {
                try {
                    workers.execute(this::work);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false);
                }
            }
        }

        private void work() {
            try {
                do {
                    drain();
                    scheduled.set(false);
                } while (!closed && (!waiting.isEmpty() || heartbeatDue.get()) && scheduled.compareAndSet(false, true));
            } catch (IOException | IllegalStateException e) {
                // The browser went away (or the response was completed): nothing to tell it any more; the response is
                // completed so that the connector lets go of it now, not when its lifetime runs out.
                scheduled.set(false);
                end();
            } catch (InterruptedException e) {
                scheduled.set(false);
                end();
            } catch (RuntimeException e) {
                scheduled.set(false);
                log.warn("A live stream failed: {}", Failures.describe(e));
                end();
            }
        }

        private void drain() throws IOException, InterruptedException {
            if (closed) {
                return;
            }
            if (!started) {
                started = true; // its first bytes were written when it opened
                replay();
            }
            List<Delivery> batch = new ArrayList<>();
            for (Delivery next = waiting.poll(); next != null; next = waiting.poll()) {
                waitingCount.decrementAndGet();
                next.timeline().started(next.slot());
                batch.add(next);
            }
            List<Pending> frames = new ArrayList<>();
            for (Delivery delivery : batch) {
                if (decide(delivery.event(), delivery.visible(), delivery.audience(), frames)) {
                    break;
                }
            }
            send(frames);
            for (Delivery delivery : batch) {
                delivery.timeline().rendered(delivery.slot(), renderedAt);
                delivery.timeline().written(delivery.slot());
            }
            if (heartbeatDue.getAndSet(false) && !closed && System.nanoTime() - lastWritten >= properties.heartbeat().toNanos() / 2) {
                write(HEARTBEAT);
            }
        }

        /** What the page missed before it opened this stream (a reconnect, or events since the page was drawn). */
        private void replay() throws IOException, InterruptedException {
            for (List<LiveEvent> missed = events.after(actor.orgId(), handled, REPLAY_BATCH); !missed.isEmpty() && !closed;
                    missed = events.after(actor.orgId(), handled, REPLAY_BATCH)) {
                // One frame per missed event, none coalesced: a reconnect gets each id it missed, in order.
                for (LiveEvent event : missed) {
                    if (view.ignores(event)) {
                        handled = Math.max(handled, event.id());
                        continue; // nothing of it for this page: no access check either
                    }
                    List<Pending> frames = new ArrayList<>();
                    // Replayed for this stream alone: the event's audience, as far as this stream knows it, is its user or nobody.
                    boolean visible = visible(actor, event);
                    boolean last = decide(event, visible,
                            new EventAudience(visible ? Set.of(actor.userId()) : Set.of(), rendering, hub), frames);
                    send(frames);
                    if (last || closed) {
                        return;
                    }
                }
            }
        }

        /** Adds the event's frame, if any, replacing the frame before it when both show the current state of the same thing; true after a last frame. */
        private boolean decide(LiveEvent event, boolean visible, EventAudience audience, List<Pending> frames) {
            if (event.id() <= handled) {
                return false;
            }
            handled = event.id();
            Optional<LiveView.Frame> frame = view.frame(event, visible, audience);
            if (frame.isEmpty()) {
                return false;
            }
            Pending pending = new Pending(event.id(), frame.get(), audience);
            Pending previous = frames.isEmpty() ? null : frames.getLast();
            if (previous != null && previous.frame().replaceable() && pending.frame().replaceable()
                    && previous.frame().name().equals(pending.frame().name())
                    && previous.frame().key().equals(pending.frame().key())) {
                frames.set(frames.size() - 1, pending);
            } else {
                frames.add(pending);
            }
            return pending.frame().last();
        }

        /**
         * Renders the frames and writes them in one go: one write and one flush however many there are. A lone frame
         * made only of its event's shared work is encoded once for every stream that shows the same
         * ({@link EventAudience#wire}).
         */
        private void send(List<Pending> frames) throws IOException, InterruptedException {
            if (frames.size() == 1 && frames.getFirst().frame().shared() && !frames.getFirst().frame().last()) {
                Pending pending = frames.getFirst();
                String html = pending.frame().html().get();
                byte[] wire = pending.audience().wire(pending.id(), pending.frame().name(), html);
                renderedAt = System.nanoTime();
                if (!closed) {
                    write(wire);
                }
                return;
            }
            StringBuilder text = new StringBuilder();
            boolean last = false;
            for (Pending pending : frames) {
                if (closed) {
                    return;
                }
                String html = pending.frame().shared() ? pending.frame().html().get()
                        : pending.audience().underPermit(pending.frame().html());
                appendEvent(text, pending.id(), pending.frame().name(), html);
                if (pending.frame().last()) {
                    last = true;
                    break;
                }
            }
            renderedAt = System.nanoTime();
            if (!text.isEmpty() && !closed) {
                write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (last) {
                end();
            }
        }

        /** One write and one flush, straight to the connector (the response was committed when the stream opened). */
        private void write(byte[] events) throws IOException {
            writing.lock();
            try {
                if (closed) {
                    return;
                }
                ServletOutputStream body = connector.getOutputStream();
                body.write(events);
                body.flush();
            } finally {
                writing.unlock();
            }
            lastWritten = System.nanoTime();
        }

        /** Ends the response normally: the browser reconnects with Last-Event-ID unless the page said not to. */
        void end() {
            if (closed) {
                return;
            }
            writing.lock();
            try {
                if (!closed) {
                    closed = true;
                    open.remove(this);
                    try {
                        async.complete();
                    } catch (RuntimeException e) {
                        // already completed
                    }
                }
            } finally {
                writing.unlock();
            }
        }

        void closed() {
            closed = true;
            open.remove(this);
        }
    }
}
