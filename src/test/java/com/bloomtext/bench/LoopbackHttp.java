package com.bloomtext.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.bloomtext.testing.StaffAgent;

/**
 * A plain blocking HTTP/1.1 client for the benchmark harness, as plain as the ceilings' JDBC client: one keep-alive
 * connection (TCP_NODELAY), the calling thread writes the request and reads the whole response, nothing handed to
 * other threads (what wrk, ab and pgbench do). {@code java.net.http}'s client passes each exchange across its
 * selector and worker threads, whose CPU the application then lacks on a 2-core machine.
 * <p>
 * GET and form POST, with a signed-in {@link StaffAgent}'s cookies and CSRF token ({@link #signedInAs}); a
 * Set-Cookie on a response replaces that cookie (one host on loopback: paths, domains and expiry dates other than
 * removal are not kept apart). Reads the status line, the headers, and the whole body by Content-Length, chunked
 * transfer-encoding, or up to the connection's close; a {@code Connection: close} answer closes the connection and
 * the next request opens a new one (Tomcat closes a keep-alive connection after 100 requests). A response that does
 * not parse fails with {@link MalformedResponse}; a server that stops answering fails the exchange after the read
 * timeout. After any failure the connection is dropped, so the next exchange starts clean.
 * <p>
 * One exchange at a time per client: the methods are synchronized (an open loop's overlapping requests for one
 * worker wait their turn, and their latency counts it).
 */
final class LoopbackHttp implements AutoCloseable {

    /** What a browser asks for when it follows a link, as {@link StaffAgent} sends it. */
    static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A connection idle this long is closed before the next request instead of reused: the server may have closed it
     * meanwhile (Tomcat's keep-alive timeout), and a POST on such a connection cannot be sent again safely.
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(10);
    /** Longest status line or header line accepted. */
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    /** A response: its status, its Location header (or null), and its body when it was kept (else null). */
    record Response(int status, String location, byte[] body, long bodyBytes) {

        String text() {
            if (body == null) {
                throw new IllegalStateException("the body was read and dropped (Body.DISCARD)");
            }
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A 302 or 303 whose Location (absolute or not) has this path. */
        boolean redirectsTo(String path) {
            return (status == 302 || status == 303) && location != null && path.equals(URI.create(location).getPath());
        }

        @Override
        public String toString() {
            return "Response[" + status + (location == null ? "" : " -> " + location) + ", " + bodyBytes + " body bytes]";
        }
    }

    /** Whether the caller wants the body's bytes, or only that it was read whole (counted, then dropped). */
    enum Body {
        KEEP, DISCARD
    }

    /** The response did not follow HTTP/1.1; says what was wrong and where. */
    static final class MalformedResponse extends IOException {
        MalformedResponse(String message) {
            super(message);
        }
    }

    private final String host;
    private final int port;
    private final String hostHeader;
    private final Duration readTimeout;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String csrf;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** When the current connection's last exchange ended (System.nanoTime). */
    private long idleSince;
    private long connections;
    private long exchanges;
    private long bytesRead;
    private long bytesWritten;
    /** Where a dropped body is read to. */
    private final byte[] scratch = new byte[16 * 1024];

    /** A client of {@code base} (http://host:port), without cookies. */
    LoopbackHttp(String base) {
        this(base, READ_TIMEOUT);
    }

    LoopbackHttp(String base, Duration readTimeout) {
        URI uri = URI.create(base);
        if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException("expected http://host:port, got " + base);
        }
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.hostHeader = host + ":" + port;
        this.readTimeout = readTimeout;
    }

    /** A client with the signed-in agent's cookies (its session) and CSRF token, on the agent's node {@code base}. */
    static LoopbackHttp signedInAs(String base, StaffAgent agent) {
        LoopbackHttp http = new LoopbackHttp(base);
        http.cookies.putAll(agent.cookies());
        http.csrf = agent.csrfToken();
        return http;
    }

    /** A header sent with every request of this client (e.g. X-Forwarded-For). */
    synchronized LoopbackHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    synchronized Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    synchronized Response get(String path) throws IOException {
        return get(path, Body.KEEP);
    }

    synchronized Response get(String path, Body body) throws IOException {
        return exchange("GET", path, null, Map.of(), body);
    }

    /** A form POST with this client's CSRF token added, as the page's form sends it. */
    synchronized Response post(String path, Body body, String... namesAndValues) throws IOException {
        if (csrf == null) {
            throw new IllegalStateException("no CSRF token: make this client with signedInAs");
        }
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(encode(namesAndValues[i])).append('=').append(encode(namesAndValues[i + 1])).append('&');
        }
        form.append("_csrf=").append(encode(csrf));
        return postForm(path, form.toString(), Map.of(), body);
    }

    /** A form POST of an encoded body as it is, with extra headers (e.g. a webhook's signature). */
    synchronized Response postForm(String path, String form, Map<String, String> extraHeaders, Body body)
            throws IOException {
        return exchange("POST", path, form.getBytes(StandardCharsets.UTF_8), extraHeaders, body);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Connections opened so far (the first included). */
    synchronized long connections() {
        return connections;
    }

    /** Exchanges completed so far. */
    synchronized long exchanges() {
        return exchanges;
    }

    /** Bytes read from the server so far (heads and bodies, chunk framing included). */
    synchronized long bytesRead() {
        return bytesRead;
    }

    /** Bytes written to the server so far. */
    synchronized long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }

    private Response exchange(String method, String path, byte[] content, Map<String, String> extraHeaders, Body body)
            throws IOException {
        byte[] request = request(method, path, content, extraHeaders);
        if (socket != null && System.nanoTime() - idleSince > MAX_IDLE.toNanos()) {
            disconnect();
        }
        boolean reused = socket != null;
        try {
            return attempt(method, request, body);
        } catch (StaleConnection stale) {
            disconnect();
            // The server closed a kept-alive connection before answering: a GET is safe to send again; a POST may
            // or may not have been processed, so it fails rather than risk sending a text twice.
            if (reused && method.equals("GET")) {
                try {
                    return attempt(method, request, body);
                } catch (IOException | RuntimeException e) {
                    disconnect();
                    throw e;
                }
            }
            throw new EOFException(stale.getMessage() + ": " + method + " " + path
                    + (reused ? " (on a kept-alive connection; the request may have been processed)" : ""));
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    /** The connection ended (closed or reset) before the first byte of the response. */
    private static final class StaleConnection extends IOException {
        StaleConnection(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Response attempt(String method, byte[] request, Body keep) throws IOException {
        if (socket == null) {
            connect();
        }
        int first;
        try {
            out.write(request);
            out.flush();
            bytesWritten += request.length;
            first = in.read();
        } catch (java.net.SocketException reset) {
            throw new StaleConnection("the connection was reset before the response began", reset);
        }
        if (first < 0) {
            throw new StaleConnection("the server closed the connection before answering", null);
        }
        bytesRead++;
        String statusLine = line(first);
        int status = status(statusLine);
        while (status >= 100 && status < 200 && status != 101) {
            // An interim answer (100 Continue, 103 Early Hints): its headers, then the real one.
            headers(false);
            statusLine = line(-1);
            status = status(statusLine);
        }
        if (status == 101) {
            throw new MalformedResponse("unexpected 101 Switching Protocols: this client asks for no upgrade");
        }
        Head head = headers(true);
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
        ByteArrayOutputStream kept = keep == Body.KEEP && !noBody ? new ByteArrayOutputStream(
                head.contentLength > 0 ? (int) Math.min(head.contentLength, 1 << 24) : 8192) : null;
        long bodyBytes = 0;
        boolean closeAfter = head.close;
        if (noBody) {
            // no body, whatever Content-Length says
        } else if (head.chunked) {
            bodyBytes = chunked(kept);
        } else if (head.contentLength >= 0) {
            bodyBytes = fixed(head.contentLength, kept);
        } else {
            // Neither length nor chunks: the body runs to the connection's close (RFC 9112 6.3).
            bodyBytes = toClose(kept);
            closeAfter = true;
        }
        exchanges++;
        idleSince = System.nanoTime();
        if (closeAfter) {
            disconnect();
        }
        return new Response(status, head.location, kept == null ? null : kept.toByteArray(), bodyBytes);
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            opened.setSoTimeout((int) readTimeout.toMillis());
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream(), 64 * 1024);
        out = opened.getOutputStream();
        connections++;
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    private byte[] request(String method, String path, byte[] content, Map<String, String> extraHeaders) {
        if (!path.startsWith("/") || path.indexOf(' ') >= 0 || path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a request path: " + path);
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: bloomtext-bench\r\n")
                .append("Accept: ").append(HTML).append("\r\n");
        if (!cookies.isEmpty()) {
            head.append("Cookie: ");
            String separator = "";
            for (var cookie : cookies.entrySet()) {
                head.append(separator).append(cookie.getKey()).append('=').append(cookie.getValue());
                separator = "; ";
            }
            head.append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        extraHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (content != null) {
            head.append("Content-Type: application/x-www-form-urlencoded\r\n")
                    .append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (content == null) {
            return headBytes;
        }
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    private static int status(String line) throws MalformedResponse {
        // HTTP-version SP 3DIGIT SP [reason]; Tomcat sends no reason ("HTTP/1.1 200 ").
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new MalformedResponse("malformed status line: \"" + shown(line) + "\"");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponse("malformed status code in status line: \"" + shown(line) + "\"");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new MalformedResponse("status code out of range in status line: \"" + shown(line) + "\"");
        }
        return status;
    }

    /** What a response's head says about its body and the connection. */
    private record Head(long contentLength, boolean chunked, boolean close, String location) {
    }

    /** Header lines up to the empty line; Set-Cookie applied when {@code apply} (not for interim answers). */
    private Head headers(boolean apply) throws IOException {
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        String location = null;
        for (int count = 0;; count++) {
            String line = line(-1);
            if (line.isEmpty()) {
                break;
            }
            if (count == MAX_HEADERS) {
                throw new MalformedResponse("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(colon - 1) == ' ') {
                throw new MalformedResponse("malformed header line: \"" + shown(line) + "\"");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                long length;
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    length = -1;
                }
                if (length < 0 || (contentLength >= 0 && contentLength != length)) {
                    throw new MalformedResponse("malformed Content-Length: \"" + shown(value) + "\"");
                }
                contentLength = length;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                String last = value.substring(value.lastIndexOf(',') + 1).strip();
                if (!last.equalsIgnoreCase("chunked")) {
                    throw new MalformedResponse("unsupported Transfer-Encoding: \"" + shown(value) + "\"");
                }
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                for (String option : value.split(",")) {
                    close |= option.strip().equalsIgnoreCase("close");
                }
            } else if (name.equalsIgnoreCase("Location")) {
                location = value;
            } else if (apply && name.equalsIgnoreCase("Set-Cookie")) {
                setCookie(value);
            }
        }
        if (chunked && contentLength >= 0) {
            throw new MalformedResponse("both Content-Length and Transfer-Encoding: chunked");
        }
        return new Head(contentLength, chunked, close, location);
    }

    /** NAME=VALUE; attributes: the value replaces the cookie's, or removes it when it expires now (Max-Age=0). */
    private void setCookie(String header) throws MalformedResponse {
        int semicolon = header.indexOf(';');
        String pair = semicolon < 0 ? header : header.substring(0, semicolon);
        int equals = pair.indexOf('=');
        if (equals <= 0) {
            throw new MalformedResponse("malformed Set-Cookie: no NAME=VALUE");
        }
        String name = pair.substring(0, equals).strip();
        String value = pair.substring(equals + 1).strip();
        boolean removed = false;
        if (semicolon >= 0) {
            for (String attribute : header.substring(semicolon + 1).split(";")) {
                String a = attribute.strip().toLowerCase(java.util.Locale.ROOT);
                if (a.startsWith("max-age=")) {
                    try {
                        removed = Long.parseLong(a.substring(8).strip()) <= 0;
                    } catch (NumberFormatException e) {
                        throw new MalformedResponse("malformed Set-Cookie: Max-Age is not a number");
                    }
                } else if (a.startsWith("expires=thu, 01 jan 1970") || a.startsWith("expires=thu, 01-jan-1970")) {
                    removed = true;
                }
            }
        }
        if (removed) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    /** The body's Content-Length bytes. */
    private long fixed(long length, ByteArrayOutputStream kept) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                throw new MalformedResponse("the connection closed after " + (length - left) + " of the body's " + length
                        + " bytes (Content-Length)");
            }
            bytesRead += n;
            left -= n;
            if (kept != null) {
                kept.write(scratch, 0, n);
            }
        }
        return length;
    }

    /** Chunks until the last (size 0), then the trailer's lines up to the empty line. */
    private long chunked(ByteArrayOutputStream kept) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = line(-1);
            int end = sizeLine.indexOf(';');
            String hex = (end < 0 ? sizeLine : sizeLine.substring(0, end)).strip();
            long size;
            try {
                if (hex.isEmpty() || hex.length() > 15 || hex.startsWith("+") || hex.startsWith("-")) {
                    throw new NumberFormatException();
                }
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedResponse("malformed chunk size line after " + total + " body bytes: \""
                        + shown(sizeLine) + "\"");
            }
            if (size == 0) {
                while (!line(-1).isEmpty()) {
                    // trailer fields: not used
                }
                return total;
            }
            fixed(size, kept);
            total += size;
            int cr = in.read();
            int lf = in.read();
            if (cr != '\r' || lf != '\n') {
                throw new MalformedResponse("a chunk of " + size + " bytes is not followed by CRLF (after " + total
                        + " body bytes)");
            }
            bytesRead += 2;
        }
    }

    /** Everything up to the connection's close. */
    private long toClose(ByteArrayOutputStream kept) throws IOException {
        long total = 0;
        for (int n = in.read(scratch); n >= 0; n = in.read(scratch)) {
            bytesRead += n;
            total += n;
            if (kept != null) {
                kept.write(scratch, 0, n);
            }
        }
        return total;
    }

    /** One line ending in CRLF (a bare LF is accepted), without it; {@code first} is its first byte, or -1. */
    private String line(int first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c = first >= 0 ? first : readByte(line);
        while (c != '\n') {
            if (c == '\r') {
                c = readByte(line);
                if (c != '\n') {
                    throw new MalformedResponse("a bare CR in a response line: \"" + shown(line.toString()) + "\"");
                }
                break;
            }
            if (line.length() == MAX_LINE) {
                throw new MalformedResponse("a response line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
            c = readByte(line);
        }
        return line.toString();
    }

    private int readByte(CharSequence soFar) throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new MalformedResponse("the connection closed in the middle of the response's head"
                    + (soFar.isEmpty() ? "" : " (line so far: \"" + shown(soFar.toString()) + "\")"));
        }
        bytesRead++;
        return c;
    }

    /** A line as an error message shows it: at most 80 characters, control characters escaped. */
    private static String shown(String line) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(line.length(), 80); i++) {
            char c = line.charAt(i);
            shown.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return line.length() > 80 ? shown + "..." : shown.toString();
    }
}
