package com.bloomtext.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 5's stream clients: plain non-blocking sockets, a few selector threads for thousands of streams. Each
 * thread reads whatever arrived and parses it where it is read (HTTP/1.1 response head, chunked transfer coding,
 * server-sent event lines), so an event's arrival is the moment its bytes were read from the socket, with no
 * hand-off to another thread in between. A browser's EventSource does the same parsing; {@code java.net.http}
 * did too, but passed every chunk through its executor and a line subscriber first, on the same two cores as the
 * application, which put the harness's own queueing into the measured latency.
 */
final class SseReaders implements AutoCloseable {

    /** What a reader tells its stream: the stream started (its first comment), an event arrived, the stream ended. */
    interface Listener {
        void started();

        void event(long id, long arrivedNanos);

        void ended();
    }

    private final InetSocketAddress server;
    private final List<Loop> loops = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    SseReaders(String host, int port, int threads) throws IOException {
        this.server = new InetSocketAddress(host, port);
        for (int i = 0; i < threads; i++) {
            Loop loop = new Loop(Selector.open());
            loops.add(loop);
            loop.thread = Thread.ofPlatform().daemon().name("sse-reader-" + i).start(loop::run);
        }
    }

    /** Opens a GET of this path with these request headers (name, value, ...) and reads its events. */
    void open(String path, Listener listener, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(server.getHostString()).append(':').append(server.getPort()).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(server);
        Loop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        loop.pending.add(new Connection(channel, ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.US_ASCII)), listener));
        loop.selector.wakeup();
    }

    /** The CPU time the reader threads have used so far (nanoseconds; -1 when the JVM cannot tell). */
    long cpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Loop loop : loops) {
            long used = threads.getThreadCpuTime(loop.thread.threadId());
            if (used < 0) {
                return -1;
            }
            total += used;
        }
        return total;
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.running = false;
            try {
                loop.selector.wakeup();
                loop.thread.join(5_000);
                for (SelectionKey key : loop.selector.keys()) {
                    key.channel().close();
                }
                loop.selector.close();
            } catch (IOException | ClosedSelectorException e) {
                // closing anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Loop {

        final Selector selector;
        final ConcurrentLinkedQueue<Connection> pending = new ConcurrentLinkedQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        volatile boolean running = true;
        Thread thread;

        Loop(Selector selector) {
            this.selector = selector;
        }

        void run() {
            while (running) {
                try {
                    selector.select(1_000);
                } catch (IOException | ClosedSelectorException e) {
                    return;
                }
                for (Connection connection = pending.poll(); connection != null; connection = pending.poll()) {
                    try {
                        connection.channel.register(selector, SelectionKey.OP_CONNECT, connection);
                    } catch (IOException e) {
                        connection.end();
                    }
                }
                for (var keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            connection.channel.finishConnect();
                            key.interestOps(SelectionKey.OP_WRITE);
                        } else if (key.isWritable()) {
                            connection.channel.write(connection.request);
                            if (!connection.request.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (key.isReadable()) {
                            buffer.clear();
                            int read = connection.channel.read(buffer);
                            long now = System.nanoTime();
                            if (read < 0) {
                                key.cancel();
                                connection.end();
                                continue;
                            }
                            buffer.flip();
                            if (!connection.parse(buffer, now)) {
                                key.cancel();
                                connection.end();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        key.cancel();
                        connection.end();
                    }
                }
            }
        }
    }

    /** One stream: its socket and where its parser is (response head, chunk size, chunk data, event lines). */
    private static final class Connection {

        private static final int HEAD = 0;
        private static final int SIZE = 1;
        private static final int DATA = 2;
        private static final int DATA_END = 3;

        final SocketChannel channel;
        final ByteBuffer request;
        final Listener listener;
        private int state = HEAD;
        private final StringBuilder head = new StringBuilder();
        private boolean chunked;
        private long chunkLeft;
        private int dataEndLeft;
        private long chunkSize;
        private boolean sizeRead;
        /** The current event line: its first bytes (enough to tell a comment and an id line) and an id's digits. */
        private int lineLength;
        private boolean idLine;
        private long lineId;
        private long id = -1;
        private final byte[] lineStart = new byte[3];
        private boolean ended;

        Connection(SocketChannel channel, ByteBuffer request, Listener listener) {
            this.channel = channel;
            this.request = request;
            this.listener = listener;
        }

        void end() {
            if (!ended) {
                ended = true;
                try {
                    channel.close();
                } catch (IOException e) {
                    // gone anyway
                }
                listener.ended();
            }
        }

        /** Parses what was read; false when the response is not an event stream or has ended. */
        boolean parse(ByteBuffer bytes, long now) {
            while (bytes.hasRemaining()) {
                byte b = bytes.get();
                switch (state) {
                    case HEAD -> {
                        head.append((char) (b & 0xff));
                        if (b == '\n' && head.length() >= 4 && head.charAt(head.length() - 3) == '\n' && head.charAt(head.length() - 2) == '\r') {
                            String text = head.toString();
                            if (!text.startsWith("HTTP/1.1 200")) {
                                return false;
                            }
                            chunked = text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                            head.setLength(0);
                            head.trimToSize();
                            state = chunked ? SIZE : DATA;
                            chunkLeft = Long.MAX_VALUE;
                        }
                    }
                    case SIZE -> {
                        if (b == '\n') {
                            if (chunkSize == 0) {
                                return false; // the last chunk: the server ended the stream
                            }
                            chunkLeft = chunkSize;
                            chunkSize = 0;
                            sizeRead = false;
                            state = DATA;
                        } else if (!sizeRead) {
                            int digit = Character.digit(b, 16);
                            if (digit < 0) {
                                sizeRead = true; // the size ends at CR or at a chunk extension's ';'
                            } else {
                                chunkSize = chunkSize * 16 + digit;
                            }
                        }
                    }
                    case DATA -> {
                        eventByte(b, now);
                        if (chunked && --chunkLeft == 0) {
                            state = DATA_END;
                            dataEndLeft = 2;
                        }
                    }
                    case DATA_END -> {
                        if (--dataEndLeft == 0) {
                            state = SIZE;
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return true;
        }

        /** One byte of the event stream, as an EventSource reads it: a blank line dispatches the event, with its id. */
        private void eventByte(byte b, long now) {
            if (b == '\r') {
                return;
            }
            if (b == '\n') {
                if (lineLength == 0) {
                    if (id >= 0) {
                        listener.event(id, now);
                        id = -1;
                    }
                } else if (lineStart[0] == ':') {
                    listener.started();
                } else if (idLine) {
                    id = lineId;
                }
                lineLength = 0;
                idLine = false;
                lineId = 0;
                return;
            }
            if (lineLength < 3) {
                lineStart[lineLength] = b;
                if (lineLength == 2 && lineStart[0] == 'i' && lineStart[1] == 'd' && lineStart[2] == ':') {
                    idLine = true;
                }
            } else if (idLine) {
                if (b >= '0' && b <= '9') {
                    lineId = lineId * 10 + (b - '0');
                } else if (b != ' ') {
                    idLine = false; // not a number: not an id this harness knows
                }
            }
            lineLength++;
        }
    }
}
