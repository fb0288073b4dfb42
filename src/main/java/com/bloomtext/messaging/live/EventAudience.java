package com.bloomtext.messaging.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
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
 * The work itself runs under one of the hub's permits for shared work, so that the event's streams, which
 * render from it without a permit of their own, still leave the connection pool to the requests.
 */
public final class EventAudience {

    private final Set<UserId> users;
    private final ConcurrentHashMap<String, Once<?>> results = new ConcurrentHashMap<>();
    private final Semaphore work;

    EventAudience(Set<UserId> users, Semaphore work) {
        this.users = Set.copyOf(users);
        this.work = work;
    }

    /** The users who may see the event now and have a stream of this node open (a replaying stream: its user). */
    public Set<UserId> users() {
        return users;
    }

    /** The result of the work under this key, done by the first stream that asks and reused by the others. */
    @SuppressWarnings("unchecked")
    public <T> T once(String key, Supplier<T> work) {
        Once<T> once = (Once<T>) results.computeIfAbsent(key, k -> new Once<>(work));
        return once.get(this.work);
    }

    /** Whether this thread runs shared work now (and holds a permit for it). */
    private static final ThreadLocal<Boolean> HOLDING = ThreadLocal.withInitial(() -> false);

    private static final class Once<T> {

        private Supplier<T> work;
        private T result;

        Once(Supplier<T> work) {
            this.work = work;
        }

        synchronized T get(Semaphore permits) {
            if (work != null) {
                // Work nested in other work (a row rendered while the frame that holds it is put together) runs
                // under the permit its thread already holds: taking a second could wait for itself.
                boolean take = !HOLDING.get();
                if (take) {
                    permits.acquireUninterruptibly();
                    HOLDING.set(true);
                }
                try {
                    result = work.get();
                } finally {
                    if (take) {
                        HOLDING.set(false);
                        permits.release();
                    }
                }
                work = null;
            }
            return result;
        }
    }
}
