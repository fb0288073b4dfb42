package com.bloomtext.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's blocking HTTP client against a scripted server on loopback: each response is written byte for
 * byte as given, so the codings, the connection handling and the malformed answers are exactly those under test.
 */
class LoopbackHttpTest {

    private final Server server = new Server();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void readsAContentLengthBodyAndKeepsTheConnectionForTheNextRequests() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.answer("HTTP/1.1 200 \r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        }
        try (LoopbackHttp http = server.client()) {
            for (int i = 0; i < 3; i++) {
                var response = http.get("/page/" + i);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("hello");
                assertThat(response.bodyBytes()).isEqualTo(5);
            }
            assertThat(http.connections()).isEqualTo(1);
            assertThat(http.exchanges()).isEqualTo(3);
        }
        assertThat(server.connectionsAccepted()).isEqualTo(1);
        assertThat(server.requests()).extracting(Request::line)
                .containsExactly("GET /page/0 HTTP/1.1", "GET /page/1 HTTP/1.1", "GET /page/2 HTTP/1.1");
        assertThat(server.requests().getFirst().header("Host")).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailersThenReusesTheConnection() throws Exception {
        server.answer("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\n<htm\r\n" + "1A;name=value\r\nl><body>abcdefghijklmnopqr\r\n" + "0\r\nX-Trailer: yes\r\n\r\n");
        server.answer("HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok");
        try (LoopbackHttp http = server.client()) {
            var page = http.get("/inbox");
            assertThat(page.text()).isEqualTo("<html><body>abcdefghijklmnopqr");
            assertThat(page.bodyBytes()).isEqualTo(30);
            assertThat(http.get("/next").text()).isEqualTo("ok");
            assertThat(http.connections()).isEqualTo(1);
        }
    }

    @Test
    void aDroppedBodyIsStillReadWholeAndCounted() throws Exception {
        String big = "x".repeat(100_000);
        server.answer("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length()) + "\r\n"
                + big + "\r\n0\r\n\r\n");
        server.answer("HTTP/1.1 200 \r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
        server.answer("HTTP/1.1 204 \r\n\r\n");
        try (LoopbackHttp http = server.client()) {
            var chunked = http.get("/a", LoopbackHttp.Body.DISCARD);
            assertThat(chunked.body()).isNull();
            assertThat(chunked.bodyBytes()).isEqualTo(100_000);
            assertThat(http.get("/b", LoopbackHttp.Body.DISCARD).bodyBytes()).isEqualTo(100_000);
            assertThat(http.get("/c").status()).isEqualTo(204);
            assertThat(http.connections()).isEqualTo(1);
            assertThat(http.bytesRead()).isGreaterThan(200_000);
        }
    }

    @Test
    void aRedirectsLocationIsReturnedAndTheFormIsPostedWithItsLength() throws Exception {
        server.answer("HTTP/1.1 302 \r\nLocation: http://127.0.0.1/inbox/c/42\r\nContent-Length: 0\r\n\r\n");
        try (LoopbackHttp http = server.client()) {
            var sent = http.postForm("/inbox/c/42/messages", "mode=SMS&body=Hi+there", Map.of("X-Twilio-Signature", "abc="),
                    LoopbackHttp.Body.DISCARD);
            assertThat(sent.redirectsTo("/inbox/c/42")).isTrue();
            assertThat(sent.redirectsTo("/inbox")).isFalse();
            assertThat(sent.location()).isEqualTo("http://127.0.0.1/inbox/c/42");
        }
        Request posted = server.requests().getFirst();
        assertThat(posted.line()).isEqualTo("POST /inbox/c/42/messages HTTP/1.1");
        assertThat(posted.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(posted.header("Content-Length")).isEqualTo("22");
        assertThat(posted.header("X-Twilio-Signature")).isEqualTo("abc=");
        assertThat(posted.body()).isEqualTo("mode=SMS&body=Hi+there");
    }

    @Test
    void connectionCloseIsHonouredByReconnectingForTheNextRequest() throws Exception {
        server.answer("HTTP/1.1 200 \r\nContent-Length: 3\r\nConnection: close\r\n\r\none", true);
        server.answer("HTTP/1.1 200 \r\nContent-Length: 3\r\n\r\ntwo");
        try (LoopbackHttp http = server.client()) {
            assertThat(http.get("/1").text()).isEqualTo("one");
            assertThat(http.get("/2").text()).isEqualTo("two");
            assertThat(http.connections()).isEqualTo(2);
        }
        assertThat(server.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void aBodyWithoutLengthRunsToTheConnectionsClose() throws Exception {
        server.answer("HTTP/1.1 200 \r\nContent-Type: text/plain\r\n\r\nuntil the end", true);
        server.answer("HTTP/1.1 200 \r\nContent-Length: 4\r\n\r\nnext");
        try (LoopbackHttp http = server.client()) {
            assertThat(http.get("/1").text()).isEqualTo("until the end");
            assertThat(http.get("/2").text()).isEqualTo("next");
            assertThat(http.connections()).isEqualTo(2);
        }
    }

    @Test
    void setCookieReplacesTheCookieSentWithTheNextRequestsAndMaxAgeZeroRemovesIt() throws Exception {
        server.answer("HTTP/1.1 200 \r\nSet-Cookie: BLOOMTEXT_SESSION=rotated; Path=/; HttpOnly; SameSite=Lax\r\n"
                + "Set-Cookie: other=1\r\nContent-Length: 0\r\n\r\n");
        server.answer("HTTP/1.1 200 \r\nSet-Cookie: other=; Max-Age=0; Path=/\r\nContent-Length: 0\r\n\r\n");
        server.answer("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
        try (LoopbackHttp http = server.client()) {
            http.get("/a");
            assertThat(http.cookies()).containsExactlyInAnyOrderEntriesOf(Map.of("BLOOMTEXT_SESSION", "rotated", "other", "1"));
            http.get("/b");
            http.get("/c");
            assertThat(http.cookies()).containsExactlyEntriesOf(Map.of("BLOOMTEXT_SESSION", "rotated"));
        }
        assertThat(server.requests().get(0).header("Cookie")).isNull();
        assertThat(server.requests().get(1).header("Cookie")).isEqualTo("BLOOMTEXT_SESSION=rotated; other=1");
        assertThat(server.requests().get(2).header("Cookie")).isEqualTo("BLOOMTEXT_SESSION=rotated");
    }

    @Test
    void anInterimContinueIsSkipped() throws Exception {
        server.answer("HTTP/1.1 100 \r\n\r\nHTTP/1.1 201 \r\nContent-Length: 2\r\n\r\nok");
        try (LoopbackHttp http = server.client()) {
            var created = http.get("/x");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.text()).isEqualTo("ok");
        }
    }

    @Test
    void aMalformedStatusLineIsAClearErrorAndTheNextRequestStartsOnANewConnection() throws Exception {
        server.answer("HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n");
        server.answer("HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok");
        try (LoopbackHttp http = server.client()) {
            assertThatThrownBy(() -> http.get("/x")).isInstanceOf(LoopbackHttp.MalformedResponse.class)
                    .hasMessage("malformed status line: \"HTTP/1.1 OK\"");
            assertThat(http.get("/y").text()).isEqualTo("ok");
            assertThat(http.connections()).isEqualTo(2);
        }
    }

    @Test
    void otherMalformedResponsesAreClearErrors() throws Exception {
        assertMalformed("SSH-2.0-OpenSSH_9.2\r\n", "malformed status line: \"SSH-2.0-OpenSSH_9.2\"");
        assertMalformed("HTTP/1.1 200 \r\nno colon here\r\n\r\n", "malformed header line: \"no colon here\"");
        assertMalformed("HTTP/1.1 200 \r\nContent-Length: ten\r\n\r\n", "malformed Content-Length: \"ten\"");
        assertMalformed("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "malformed chunk size line after 0 body bytes: \"zz\"");
        assertMalformed("HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY0\r\n\r\n",
                "a chunk of 2 bytes is not followed by CRLF (after 2 body bytes)");
        assertMalformed("HTTP/1.1 200 \r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding: \"gzip\"");
        assertMalformed("HTTP/1.1 200 \r\nContent-Length: 10\r\n\r\nshort", "the connection closed after 5 of the body's 10 "
                + "bytes (Content-Length)");
        assertMalformed("HTTP/1.1 200 \r\nContent-Le", "the connection closed in the middle of the response's head "
                + "(line so far: \"Content-Le\")");
    }

    private void assertMalformed(String response, String message) throws Exception {
        server.answer(response, true);
        try (LoopbackHttp http = server.client()) {
            assertThatThrownBy(() -> http.get("/x")).isInstanceOf(LoopbackHttp.MalformedResponse.class).hasMessage(message);
        }
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsAClearError() throws Exception {
        server.answer("", true);
        try (LoopbackHttp http = server.client()) {
            assertThatThrownBy(() -> http.postForm("/x", "a=b", Map.of(), LoopbackHttp.Body.KEEP))
                    .isInstanceOf(java.io.EOFException.class)
                    .hasMessage("the server closed the connection before answering: POST /x");
        }
    }

    @Test
    void aServerThatNeverAnswersFailsTheExchangeAfterTheReadTimeout() throws Exception {
        server.answerNothing();
        try (LoopbackHttp http = new LoopbackHttp("http://127.0.0.1:" + server.port(), Duration.ofMillis(200))) {
            assertThatThrownBy(() -> http.get("/x")).isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** What the server received: the request line, the headers as sent, the body. */
    record Request(String line, List<String> headers, String body) {

        String header(String name) {
            return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(h -> h.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }
    }

    /** A loopback server that answers each request with the next scripted bytes, closing after those that say so. */
    static final class Server implements AutoCloseable {

        private record Answer(byte[] bytes, boolean close, boolean silent) {
        }

        private final ServerSocket socket;
        private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        private final List<Request> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Server() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            acceptor = Thread.ofPlatform().daemon().name("loopback-http-test").start(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        LoopbackHttp client() {
            return new LoopbackHttp("http://127.0.0.1:" + port());
        }

        void answer(String response) {
            answer(response, false);
        }

        void answer(String response, boolean close) {
            answers.add(new Answer(response.getBytes(StandardCharsets.ISO_8859_1), close, false));
        }

        /** The next request is read and never answered. */
        void answerNothing() {
            answers.add(new Answer(new byte[0], false, true));
        }

        int connectionsAccepted() {
            return accepted.size();
        }

        List<Request> requests() {
            return new ArrayList<>(requests);
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.add(connection);
                    Thread.ofPlatform().daemon().start(() -> converse(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void converse(Socket connection) {
            try (connection; InputStream in = connection.getInputStream()) {
                while (true) {
                    Request request = read(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    Answer answer = answers.poll(10, TimeUnit.SECONDS);
                    if (answer == null || answer.silent()) {
                        Thread.sleep(10_000);
                        return;
                    }
                    connection.getOutputStream().write(answer.bytes());
                    connection.getOutputStream().flush();
                    if (answer.close()) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException ended) {
                // the client went away, or the test ended
            }
        }

        private static Request read(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return null;
                }
                if (c == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                    line.reset();
                    if (text.isEmpty()) {
                        break;
                    }
                    lines.add(text);
                } else {
                    line.write(c);
                }
            }
            Request head = new Request(lines.getFirst(), lines.subList(1, lines.size()), "");
            String length = head.header("Content-Length");
            String body = length == null ? "" : new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
            return new Request(head.line(), head.headers(), body);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
            acceptor.interrupt();
        }
    }
}
