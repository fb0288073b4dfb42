package com.bloomtext.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent event stream read the way a browser's EventSource reads it, over java.net.http with a
 * streaming body: events are parsed on a virtual thread and waited for with bounded timeouts.
 */
public final class EventStream implements AutoCloseable {

    /** How long a test waits for the next event before it fails (the machine is small and shared). */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    /** One event: its id (null when it had none), name ("message" by default) and data lines joined by "\n". */
    public record Event(String id, String name, String data) {
    }

    private final int status;
    private final String contentType;
    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<Event> received = new ArrayList<>();

    private EventStream(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        Thread.ofVirtual().name("test-event-stream").start(this::read);
    }

    static EventStream open(HttpClient http, URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(20))
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStream(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    public boolean isEventStream() {
        return status == 200 && contentType.startsWith("text/event-stream");
    }

    /** The next event, waiting at most {@link #PATIENCE}; fails the test when none comes. */
    public Event next() {
        try {
            Event event = events.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("No event within " + PATIENCE + "; received so far: " + names());
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event of this name, failing the test if another event comes first. */
    public Event next(String name) {
        Event event = next();
        if (!name.equals(event.name())) {
            throw new AssertionError("Expected a \"" + name + "\" event, got " + event.name() + " (id " + event.id() + ")");
        }
        return event;
    }

    /**
     * The next event of this name whose data contains {@code text}, passing over at most {@code earlier} events of
     * the same name before it (frames of the same view rendered before the change arrived); fails the test if an
     * event of another name comes first.
     */
    public Event nextContaining(String name, String text, int earlier) {
        for (int passed = 0; ; passed++) {
            Event event = next(name);
            if (event.data().contains(text)) {
                return event;
            }
            if (passed == earlier) {
                throw new AssertionError("No \"" + name + "\" event with the expected text after " + (earlier + 1)
                        + " of them (last id " + event.id() + ")");
            }
        }
    }

    /** Whether the server ended the stream, waiting at most {@link #PATIENCE}. */
    public boolean endsWithin() {
        try {
            return ended.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events parsed but not yet taken with {@link #next()}. */
    public List<Event> pending() {
        return List.copyOf(events);
    }

    private synchronized List<String> names() {
        return received.stream().map(event -> event.name() + "#" + event.id()).toList();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Event event = new Event(id, name == null ? "message" : name, data.toString());
                        synchronized (this) {
                            received.add(event);
                        }
                        events.add(event);
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
