package com.bloomtext.messaging.live;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one open page makes of an event, once the hub has checked the user's access to it now. Views render
 * the current state of the page or of one part of it (a conversation's row; never a diff), so a frame sent
 * twice or late shows the same thing, and of several such frames of one part waiting on one stream only the
 * newest needs rendering.
 */
public interface LiveView {

    /**
     * Decides, cheaply and in event order, what the page makes of the event; the frame's HTML is rendered
     * later, and only if no newer frame of the same name replaces it first.
     *
     * @param visible  whether the stream's user may see the event's conversation (or is on its team) now
     * @param audience what the event's streams share: views do a batch read or a render there once, for every
     *                 stream of the event that needs it, instead of once per stream
     * @return the frame to send, or empty to send nothing
     */
    Optional<Frame> frame(LiveEvent event, boolean visible, EventAudience audience);

    /**
     * Starts the shared work this page's frame of the event will need ({@link EventAudience#prepare}), while the hub
     * still reads who may see the event: asked on the listener's thread for every stream the event is handed to, before
     * anyone's access to it is known, so it must be quick, start only work that is the same whoever sees the event, and
     * show nothing to anyone (the frame is still only made once the stream's user is found to see it).
     */
    default void prepare(LiveEvent event, EventAudience audience) {
    }

    /**
     * Whether {@link #frame} would make nothing of the event whoever may see it, and the page need note nothing of
     * it: the hub then does not hand the event to the stream at all, and asks nobody's access to it when no stream
     * wants it (most events of a busy team are delivery reports, which an inbox does not show). Asked in event order
     * on the listener's thread; an answer of false is always safe.
     */
    default boolean ignores(LiveEvent event) {
        return false;
    }

    /**
     * A server-sent event: its name (what the page's {@code sse-swap} listens for) and an HTML fragment.
     *
     * @param key         what part of the page the frame shows (its name when it shows the whole page)
     * @param last        the stream ends after this frame (the page lost access to what it shows)
     * @param replaceable it shows the current state of what its key names and nothing else, so a newer
     *                    replaceable frame of the same key right after it makes it unnecessary
     * @param shared      its HTML is put together only from what the event's streams share ({@link EventAudience#read},
     *                    which takes one of the hub's permits for its reads, and {@link EventAudience#once}): the stream
     *                    takes no permit of its own, so thousands of streams of one event do not queue for four permits
     */
    record Frame(String name, String key, Supplier<String> html, boolean last, boolean replaceable, boolean shared) {

        /** The page's current state: replaceable by a newer one. */
        public static Optional<Frame> of(String name, Supplier<String> html) {
            return of(name, name, html);
        }

        /** The current state of one part of the page (one conversation's row): replaceable by a newer one of that part. */
        public static Optional<Frame> of(String name, String key, Supplier<String> html) {
            return Optional.of(new Frame(name, key, html, false, true, false));
        }

        /** As {@link #of(String, String, Supplier)}, the HTML put together only from the event audience's shared work. */
        public static Optional<Frame> shared(String name, String key, Supplier<String> html) {
            return Optional.of(new Frame(name, key, html, false, true, true));
        }

        /** Something the page must be told once (a notice), whatever follows. */
        public static Optional<Frame> once(String name, Supplier<String> html) {
            return Optional.of(new Frame(name, name, html, false, false, false));
        }

        public static Optional<Frame> closing(String name, Supplier<String> html) {
            return Optional.of(new Frame(name, name, html, true, false, false));
        }
    }
}
