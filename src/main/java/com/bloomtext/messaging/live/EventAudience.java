package com.bloomtext.messaging.live;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.bloomtext.shared.UserId;

/**
 * What one event's streams on this node share: the users it goes to (who may see it now and have a stream
 * of this node open), and what views worked out once for all of them (batch reads, renders of a fragment that
 * reads the same for several users). It lives as long as the event's deliveries and belongs to one event of
 * one organization, so nothing in it is ever shown to a user of another organization or for another event.
 * Views key what they keep here by what makes two users' views differ: a render is shared only between users
 * who see the same thing.
 * <p>
 * Reads run under one of the hub's renderer permits, so that the event's streams, which render from them
 * without a permit of their own, still leave the connection pool to the requests.
 */
public final class EventAudience {

    /** Whether this thread holds one of the hub's permits now (runs shared work, or renders a stream's own frame). */
    private static final ThreadLocal<Boolean> HOLDING = ThreadLocal.withInitial(() -> false);

    private final Set<UserId> users;
    private final ConcurrentHashMap<String, Once<?>> results = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private final Executor hub;
    private final LiveTimeline timeline;

    /**
     * @param users   whose frames the shared work is for (see {@link #users})
     * @param permits the hub's renderers: everything that may query the database for a frame (shared work, a
     *                strand beside it, a stream's own render) holds one, so a burst leaves the pool to the requests
     * @param hub     the hub's own threads, for work started beside the caller's ({@link #prepare}, {@link #alongside})
     */
    EventAudience(Set<UserId> users, Semaphore permits, Executor hub) {
        this(users, permits, hub, LiveTimeline.OFF);
    }

    EventAudience(Set<UserId> users, Semaphore permits, Executor hub, LiveTimeline timeline) {
        this.users = Set.copyOf(users);
        this.permits = permits;
        this.hub = hub;
        this.timeline = timeline;
    }

    /**
     * The users of this node's streams the event was handed to: every user who may see it and has a stream here open
     * is among them (a replaying stream: its user, or nobody when the user may not see it). Since 2026-11-28 the
     * shared work starts while the event's audience is still being read ({@link #prepare}), so the set is the users
     * of the organization's streams that want the event, and may hold users who turn out not to see it: shared work
     * reads for them too, and a stream's frame is made from it only once the hub has found its user may see the
     * event (a frame of shared work is only asked for a visible event), so nothing read for another user reaches one.
     */
    public Set<UserId> users() {
        return users;
    }

    /**
     * Starts the {@link #read} under this key now, on one of the hub's threads, when one of its permits is free: the
     * hub asks this while the event's audience is still being read, so that the frames' shared reads run beside that
     * query instead of after it. Streams that ask for the key later wait for this run's result; when no permit is free
     * nothing starts, and the first stream to ask does the work as before.
     */
    @SuppressWarnings("unchecked")
    public <T> void prepare(String key, Supplier<T> work) {
        Once<T> once = (Once<T>) results.computeIfAbsent(key, k -> new Once<>(stamped(work)));
        if (once.isClaimed() || !permits.tryAcquire()) {
            return;
        }
        try {
            hub.execute(() -> {
                HOLDING.set(true);
                try {
                    // Only if no stream has claimed it meanwhile: waiting here for a stream's run while holding a
                    // permit could leave that stream waiting for the permit.
                    once.runUnlessClaimed();
                } finally {
                    HOLDING.set(false);
                    permits.release();
                }
            });
        } catch (RejectedExecutionException e) {
            permits.release();
        }
    }

    /**
     * The result of the work under this key, done by the first stream that asks and reused by the others: for work
     * that only puts together what is at hand (a render). Work that reads the database is {@link #read}.
     */
    @SuppressWarnings("unchecked")
    public <T> T once(String key, Supplier<T> work) {
        Once<T> once = (Once<T>) results.computeIfAbsent(key, k -> new Once<>(work));
        return once.get(null);
    }

    /**
     * As {@link #once}, for work that reads the database: it runs under one of the hub's permits. Ask for it from a
     * frame directly, never from inside other work of this audience (the key's first caller waits for a permit).
     */
    @SuppressWarnings("unchecked")
    public <T> T read(String key, Supplier<T> work) {
        Once<T> once = (Once<T>) results.computeIfAbsent(key, k -> new Once<>(stamped(work)));
        return once.get(this);
    }

    /** The work with its start and end on the event's timeline (when one is kept). */
    private <T> Supplier<T> stamped(Supplier<T> work) {
        return () -> {
            timeline.sharedStarted();
            T result = work.get();
            timeline.sharedEnded();
            return result;
        };
    }

    /**
     * Work that does not depend on what the caller does next, started beside it on a thread of its own when one of
     * the hub's permits is free, else done at once on the caller's thread (it never waits for a permit). Join it.
     */
    public <T> CompletableFuture<T> alongside(Supplier<T> work) {
        if (!permits.tryAcquire()) {
            T result = work.get();
            timeline.strandEnded();
            return CompletableFuture.completedFuture(result);
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    T result = work.get();
                    timeline.strandEnded();
                    return result;
                } finally {
                    permits.release();
                }
            }, hub);
        } catch (RejectedExecutionException e) {
            permits.release();
            return CompletableFuture.completedFuture(work.get());
        }
    }

    /** A frame's text as the wire carries it, encoded once for every stream of the event that sends the same. */
    private record Wire(long id, String name, String html) {
    }

    private final ConcurrentHashMap<Wire, byte[]> wires = new ConcurrentHashMap<>();

    /**
     * The server-sent event with this id, name and HTML in UTF-8, encoded by the first stream that sends it: users who
     * see the event alike get the same HTML from {@link #once}, so an event's 500 streams encode a few frames, not 500.
     */
    byte[] wire(long id, String name, String html) {
        return wires.computeIfAbsent(new Wire(id, name, html), wire -> {
            StringBuilder text = new StringBuilder(html.length() + 64);
            LiveStreams.appendEvent(text, id, name, html);
            return text.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** Runs this under one of the hub's permits, unless this thread holds one already (taking a second could wait for itself). */
    <T> T underPermit(Supplier<T> work) {
        if (HOLDING.get()) {
            return work.get();
        }
        permits.acquireUninterruptibly();
        HOLDING.set(true);
        try {
            return work.get();
        } finally {
            HOLDING.set(false);
            permits.release();
        }
    }

    /**
     * Work done once for every stream of the event that asks. The first caller does it; callers that come while it runs
     * wait for its result together and are all woken when it is there, and later callers read it without waiting for
     * anything. (A monitor around the work, as before 2026-11-27 22:00, woke its waiters one after another: each had to
     * get a carrier thread, take the monitor, read the result and let go before the next could, so an event's 500
     * streams passed their frame on one by one, about 70 microseconds each on a loaded machine.) When the work fails,
     * every caller gets the failure: its stream ends, and the browser reconnects and replays the event.
     */
    private static final class Once<T> {

        private final Supplier<T> work;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Once(Supplier<T> work) {
            this.work = work;
        }

        boolean isClaimed() {
            return claimed.get();
        }

        /** Does the work now unless a caller has claimed it already; a failure reaches every caller of {@link #get}. */
        void runUnlessClaimed() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }
        }

        /** The result, worked out now by the first caller (under a permit of this audience's, if given). */
        T get(EventAudience permits) {
            if (!result.isDone() && claimed.compareAndSet(false, true)) {
                try {
                    result.complete(permits == null ? work.get() : permits.underPermit(work));
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                    throw e;
                }
            }
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw e;
            }
        }
    }
}
