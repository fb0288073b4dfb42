package com.bloomtext.messaging.live;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A debugging instrument, off unless the logger {@code com.bloomtext.messaging.live.timeline} is at DEBUG: the
 * wall-clock moments ({@link System#nanoTime()}, which on Linux is the machine's monotonic clock, so another process
 * on the machine can line them up with its own) at which one event passed each step of this node's hand-out, logged
 * as one line once every stream it was handed to has dealt with it. The benchmark's scenario 5 reads these lines
 * from the application's log and joins them with when its clients read each frame. Ids and times only.
 */
final class LiveTimeline {

    private static final Logger log = LoggerFactory.getLogger("com.bloomtext.messaging.live.timeline");

    /** The stamps of an event nobody measures: every call does nothing. */
    static final LiveTimeline OFF = new LiveTimeline(0, 0);

    private final long id;
    private final long received;
    private volatile long audienceRead;
    private volatile long handStarted;
    private volatile long handEnded;
    private volatile long sharedStarted;
    private volatile long strandEnded;
    private volatile long sharedEnded;
    private long[] started;
    private long[] rendered;
    private long[] written;
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    private LiveTimeline(long id, long received) {
        this.id = id;
        this.received = received;
    }

    /** A timeline for this event, received now from the listener, or {@link #OFF} when nobody measures. */
    static LiveTimeline of(LiveEvent event) {
        return log.isDebugEnabled() ? new LiveTimeline(event.id(), System.nanoTime()) : OFF;
    }

    private boolean on() {
        return this != OFF;
    }

    void audienceRead() {
        if (on()) {
            audienceRead = System.nanoTime();
        }
    }

    /** The hand-out begins passing the event to this many streams. */
    void handing(int streams) {
        if (on()) {
            started = new long[streams];
            rendered = new long[streams];
            written = new long[streams];
            handStarted = System.nanoTime();
        }
    }

    void handed() {
        if (on()) {
            handEnded = System.nanoTime();
        }
    }

    /** The event's shared reads (an inbox frame's facts) began. */
    void sharedStarted() {
        if (on()) {
            sharedStarted = System.nanoTime();
        }
    }

    /** A strand the shared reads ran beside their own (an inbox frame's row and its names, marks, scopes) ended: the last one counts. */
    synchronized void strandEnded() {
        if (on()) {
            strandEnded = Math.max(strandEnded, System.nanoTime());
        }
    }

    /** The event's shared reads ended (all their strands). */
    void sharedEnded() {
        if (on()) {
            sharedEnded = System.nanoTime();
        }
    }

    /** A slot for one stream's stamps. */
    int slot() {
        return on() ? slots.getAndIncrement() : -1;
    }

    void started(int slot) {
        if (on() && slot >= 0 && slot < started.length) {
            started[slot] = System.nanoTime();
        }
    }

    void rendered(int slot, long at) {
        if (on() && slot >= 0 && slot < rendered.length) {
            rendered[slot] = at;
        }
    }

    /** The stream wrote (or dropped) what it made of the event; the last stream to do so logs the line. */
    void written(int slot) {
        if (!on() || slot < 0 || slot >= written.length) {
            return;
        }
        written[slot] = System.nanoTime();
        if (done.incrementAndGet() == written.length) {
            log.debug("timeline id={} streams={} received={} audience={} handStart={} handEnd={} start={} rendered={} written={} "
                    + "shared={}/{}/{}", id, written.length, received, audienceRead, handStarted, handEnded, spread(started),
                    spread(rendered), spread(written), sharedStarted, strandEnded, sharedEnded);
        }
    }

    /** min/p50/p90/max of the stamps that were made. */
    private static String spread(long[] stamps) {
        long[] made = Arrays.stream(stamps).filter(s -> s != 0).sorted().toArray();
        if (made.length == 0) {
            return "-";
        }
        return made[0] + "/" + made[made.length / 2] + "/" + made[(int) (made.length * 0.9)] + "/" + made[made.length - 1];
    }
}
