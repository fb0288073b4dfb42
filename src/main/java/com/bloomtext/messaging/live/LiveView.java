package com.bloomtext.messaging.live;

import java.util.Optional;

/**
 * What one open page makes of an event, once the hub has checked the user's access to it now. Views render
 * the page's current state (never a diff), so a frame sent twice or late shows the same thing.
 */
public interface LiveView {

    /**
     * @param visible whether the stream's user may see the event's conversation (or is on its team) now
     * @return the frame to send, or empty to send nothing
     */
    Optional<Frame> frame(LiveEvent event, boolean visible);

    /**
     * A server-sent event: its name (what the page's {@code sse-swap} listens for) and an HTML fragment.
     *
     * @param last the stream ends after this frame (the page lost access to what it shows)
     */
    record Frame(String name, String html, boolean last) {

        public static Optional<Frame> of(String name, String html) {
            return Optional.of(new Frame(name, html, false));
        }

        public static Optional<Frame> closing(String name, String html) {
            return Optional.of(new Frame(name, html, true));
        }
    }
}
