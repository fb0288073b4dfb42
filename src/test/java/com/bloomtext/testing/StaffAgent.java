package com.bloomtext.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser without the rendering: real HTTP against the running app, cookies kept, redirects
 * not followed (so tests see where they lead), and the CSRF token taken from the last page, as a form would.
 */
public final class StaffAgent {

    /** What a browser asks for when it follows a link. */
    private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private final String base;
    private String csrf;
    private String clientAddress;

    public StaffAgent(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * This browser's requests arrive through the trusted proxy (loopback) as from {@code address}: the per-address
     * throttles count them apart from every other test's, so a test that fails on purpose pauses nobody else.
     */
    public StaffAgent from(String address) {
        this.clientAddress = address;
        return this;
    }

    /** This agent's cookies on its node (its session among them), name to value: for another client of the same session. */
    public Map<String, String> cookies() {
        Map<String, String> named = new LinkedHashMap<>();
        cookies.getCookieStore().get(URI.create(base)).forEach(cookie -> named.put(cookie.getName(), cookie.getValue()));
        return named;
    }

    /** The CSRF token of the last page this agent saw (fetching one if it saw none), as its forms send it. */
    public String csrfToken() {
        if (csrf == null) {
            get("/sign-in");
        }
        return csrf;
    }

    private HttpRequest addressed(HttpRequest request) {
        if (clientAddress == null) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).header("X-Forwarded-For", clientAddress).build();
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", HTML).GET().build());
    }

    /** Opens a server-sent event stream on this agent's node, as a page's EventSource would. */
    public EventStream stream(String path) {
        return stream(base, path, null);
    }

    /**
     * Opens a server-sent event stream with this agent's session, possibly on another node of the same
     * database ({@code otherBase}), resuming after {@code lastEventId} when it is not null.
     */
    public EventStream stream(String otherBase, String path, String lastEventId) {
        return EventStream.open(http, URI.create(otherBase + path), lastEventId);
    }

    /** Submits a form with the CSRF token of the last page this agent saw (fetching one if it saw none). */
    public Page post(String path, Map<String, String> fields) {
        if (csrf == null) {
            get("/sign-in");
        }
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", csrf);
        return postRaw(path, withToken);
    }

    /**
     * Submits a form as a hostile client may: fields in this order, a name repeated or missing as it comes,
     * with this agent's CSRF token.
     */
    public Page postPairs(String path, java.util.List<Map.Entry<String, String>> pairs) {
        if (csrf == null) {
            get("/sign-in");
        }
        String body = java.util.stream.Stream.concat(pairs.stream(), java.util.stream.Stream.of(Map.entry("_csrf", csrf)))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", HTML)
                .timeout(java.time.Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public Page post(String path, String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return post(path, fields);
    }

    /** A file upload (multipart/form-data), the CSRF token among the form's fields as the page sends it. */
    public Page upload(String path, String field, String fileName, String contentType, byte[] content) {
        return upload(path, Map.of(), field, fileName, contentType, content);
    }

    /** A form with a file and other fields, as a multipart form sends them. */
    public Page upload(String path, Map<String, String> fields, String field, String fileName, String contentType,
            byte[] content) {
        if (csrf == null) {
            get("/sign-in");
        }
        String boundary = "----bloomtext" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", HTML)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    /**
     * The status, headers and body of a GET or a POST (an empty form with this agent's CSRF token); an
     * event stream's body is left unread, so this fits any route.
     */
    public Peek peek(String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", HTML)
                .timeout(java.time.Duration.ofSeconds(20));
        if (method.equals("GET")) {
            request.GET();
        } else {
            if (csrf == null) {
                get("/sign-in");
            }
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString("_csrf=" + encode(csrf)));
        }
        try {
            HttpResponse<java.io.InputStream> response = http.send(addressed(request.build()), HttpResponse.BodyHandlers.ofInputStream());
            String body = "";
            try (java.io.InputStream in = response.body()) {
                if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                    body = new String(in.readNBytes(4_000_000), StandardCharsets.UTF_8);
                }
            }
            return new Peek(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.headers().map(), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response's status and headers. */
    public record Peek(int status, String location, Map<String, java.util.List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }
    }

    /** A download: the body as bytes, not text. */
    public Download download(String path) {
        try {
            HttpResponse<byte[]> response = http.send(addressed(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", HTML)
                    .GET().build()), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A downloaded file as the tests look at it. */
    public record Download(int status, byte[] body, Map<String, java.util.List<String>> headers) {

        /** Every value of the header, joined as a client would read them. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).collect(Collectors.joining(", "));
        }
    }

    /** A form post as a forger would send it: no CSRF token. */
    public Page postWithoutCsrf(String path, Map<String, String> fields) {
        return postRaw(path, fields);
    }

    public Page follow(Page redirect) {
        URI target = URI.create(redirect.location());
        return get(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }

    private Page postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", HTML)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(addressed(request), HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return new Page(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null), response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A response as the tests look at it. */
    public record Page(int status, String body, String location, Map<String, java.util.List<String>> headers) {

        public boolean redirectsTo(String path) {
            return (status == 302 || status == 303) && location != null
                    && URI.create(location).getPath().equals(path);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "Page[" + status + (location == null ? "" : " -> " + location) + "]";
        }
    }
}
