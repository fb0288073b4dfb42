package com.bloomtext.carrier.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.bloomtext.shared.E164;
import com.bloomtext.testing.PatientHandset;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio, on a loopback port: the REST paths, form fields, Basic auth and JSON of
 * the real API for number search, purchase, release and sending, and, like Twilio, it calls back: each
 * accepted text gets signed "sent" then "delivered" status callbacks at the URL the request named, and
 * the patient's answers arrive as signed inbound webhooks at the number's SmsUrl.
 */
public final class LocalTwilio implements PatientHandset, AutoCloseable {

    public static final String ACCOUNT_SID = "AC" + "0".repeat(32);

    private static final Pattern ACCOUNT_PATH = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})(/.*)");

    private final String authToken;
    private final HttpServer server;
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> smsUrls = new ConcurrentHashMap<>();
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final List<String> rejectedCallbacks = new CopyOnWriteArrayList<>();
    /** Message SIDs by the sender's Idempotency-Key: a repeated key gets the first answer again. */
    private final Map<String, String> sidsByKey = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger sendRequests = new java.util.concurrent.atomic.AtomicInteger();

    public LocalTwilio(String authToken) {
        this.authToken = authToken;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** X-Twilio-Signature: HMAC-SHA1 over the URL called and the sorted parameters, base64. */
    public static String sign(String url, Map<String, String> params, String token) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> textsTo(E164 patient) {
        return List.copyOf(received.getOrDefault(patient.value(), List.of()));
    }

    @Override
    public void reply(E164 patient, E164 practice, String text) {
        String url = smsUrls.get(practice.value());
        if (url == null) {
            throw new IllegalStateException("no number " + practice.value() + " was bought from this Twilio");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + randomHex());
        params.put("AccountSid", ACCOUNT_SID);
        params.put("From", patient.value());
        params.put("To", practice.value());
        params.put("Body", text);
        params.put("NumMedia", "0");
        params.put("NumSegments", "1");
        int status = post(url, params);
        if (status != 200) {
            throw new IllegalStateException("BloomText answered the inbound webhook with " + status);
        }
    }

    /** Callbacks BloomText refused (a wrong signature would show here). */
    public List<String> rejectedCallbacks() {
        return List.copyOf(rejectedCallbacks);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = ACCOUNT_PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches() || !authorized(exchange, path.group(1))) {
                error(exchange, 401, 20003, "Authenticate");
                return;
            }
            String resource = path.group(2);
            String method = exchange.getRequestMethod();
            Map<String, String> form = form(exchange.getRequestBody());
            if (method.equals("GET") && resource.equals("/AvailablePhoneNumbers/US/Local.json")) {
                availableNumbers(exchange, query(exchange.getRequestURI().getRawQuery()).getOrDefault("AreaCode", "415"));
            } else if (method.equals("POST") && resource.equals("/IncomingPhoneNumbers.json")) {
                purchase(exchange, form);
            } else if (method.equals("DELETE") && resource.startsWith("/IncomingPhoneNumbers/")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (method.equals("POST") && resource.equals("/Messages.json")) {
                send(exchange, form);
            } else {
                error(exchange, 404, 20404, "The requested resource was not found");
            }
        }
    }

    private boolean authorized(HttpExchange exchange, String accountSid) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        return accountSid.equals(ACCOUNT_SID) && expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void availableNumbers(HttpExchange exchange, String areaCode) throws IOException {
        List<String> numbers = new ArrayList<>();
        for (int line = 40; line < 100 && numbers.size() < 5; line++) {
            String number = "+1" + areaCode + "55501" + line;
            if (smsUrls.containsKey(number)) {
                continue; // sold: as on Twilio, a bought number is no longer offered
            }
            numbers.add("""
                    {"friendly_name": "(%1$s) 555-01%2$d", "phone_number": "%3$s", "locality": "Local", "region": "CA",
                     "iso_country": "US", "address_requirements": "none", "beta": false,
                     "capabilities": {"voice": true, "SMS": true, "MMS": true}}""".formatted(areaCode, line, number));
        }
        json(exchange, 200, "{\"available_phone_numbers\": [" + String.join(",", numbers) + "], \"page\": 0, \"page_size\": 5}");
    }

    private void purchase(HttpExchange exchange, Map<String, String> form) throws IOException {
        String number = form.get("PhoneNumber");
        if (number == null || form.get("SmsUrl") == null) {
            error(exchange, 400, 21421, "PhoneNumber is required.");
            return;
        }
        if (smsUrls.putIfAbsent(number, form.get("SmsUrl")) != null) {
            error(exchange, 400, 21422, "PhoneNumber is not available");
            return;
        }
        json(exchange, 201, """
                {"sid": "PN%s", "account_sid": "%s", "phone_number": "%s", "friendly_name": "%s", "sms_url": "%s",
                 "sms_method": "POST", "status_callback": "%s"}""".formatted(randomHex(), ACCOUNT_SID, number, number,
                form.get("SmsUrl"), form.getOrDefault("StatusCallback", "")));
    }

    /** What a misbehaving carrier does to a send request. */
    public enum Fault {
        /** 500 with Twilio's error body. */
        SERVER_ERROR,
        /** The answer comes after the caller gave up: the text was taken nonetheless. */
        TIMEOUT,
        /** The connection is closed without an answer. */
        CONNECTION_RESET
    }

    private final java.util.concurrent.atomic.AtomicInteger faultsLeft = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger faultsInjected = new java.util.concurrent.atomic.AtomicInteger();
    private volatile List<Fault> faultCycle = List.of();
    private volatile Duration slowness = Duration.ZERO;

    /**
     * The next {@code requests} send requests meet these faults in turn; a timeout answers after
     * {@code slowness}, which should exceed the caller's timeout.
     */
    public void misbehave(int requests, Duration slowness, Fault... cycle) {
        this.slowness = slowness;
        this.faultCycle = List.of(cycle);
        faultsLeft.set(requests);
    }

    public int faultsInjected() {
        return faultsInjected.get();
    }

    private void send(HttpExchange exchange, Map<String, String> form) throws IOException {
        int left = faultsLeft.getAndDecrement();
        if (left > 0 && !faultCycle.isEmpty()) {
            Fault fault = faultCycle.get(faultsInjected.getAndIncrement() % faultCycle.size());
            switch (fault) {
                case SERVER_ERROR -> {
                    error(exchange, 500, 20500, "Internal Server Error");
                    return;
                }
                case CONNECTION_RESET -> {
                    exchange.close(); // before any response header: the server drops the connection
                    return;
                }
                case TIMEOUT -> {
                    try {
                        Thread.sleep(slowness.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } else {
            faultsLeft.set(0);
        }
        String to = form.get("To");
        String from = form.get("From");
        String body = form.get("Body");
        if (to == null || from == null || body == null) {
            error(exchange, 400, 21604, "A 'To' phone number is required.");
            return;
        }
        if (!smsUrls.containsKey(from)) {
            error(exchange, 400, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account");
            return;
        }
        sendRequests.incrementAndGet();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String sid = "SM" + randomHex();
        if (key != null) {
            String first = sidsByKey.putIfAbsent(key, sid);
            if (first != null) {
                json(exchange, 201, messageJson(first, to, from, body));
                return;
            }
        }
        received.computeIfAbsent(to, k -> new CopyOnWriteArrayList<>()).add(body);
        json(exchange, 201, messageJson(sid, to, from, body));
        String callback = form.get("StatusCallback");
        if (callback != null) {
            callbacks.submit(() -> {
                for (String status : List.of("sent", "delivered")) {
                    Thread.sleep(50);
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put("MessageSid", sid);
                    params.put("MessageStatus", status);
                    params.put("AccountSid", ACCOUNT_SID);
                    params.put("From", from);
                    params.put("To", to);
                    int answer = post(callback, params);
                    if (answer != 200) {
                        rejectedCallbacks.add(status + " " + answer);
                    }
                }
                return null;
            });
        }
    }

    private static String messageJson(String sid, String to, String from, String body) {
        return """
                {"sid": "%s", "account_sid": "%s", "to": "%s", "from": "%s", "body": "%s", "status": "queued",
                 "num_segments": "1", "direction": "outbound-api"}""".formatted(sid, ACCOUNT_SID, to, from,
                body.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"));
    }

    /** The Idempotency-Keys of the texts accepted. */
    public java.util.Set<String> idempotencyKeys() {
        return java.util.Set.copyOf(sidsByKey.keySet());
    }

    /** Texts accepted, one per distinct Idempotency-Key. */
    public int textsAccepted() {
        return received.values().stream().mapToInt(List::size).sum();
    }

    /** Send requests received, repeats included. */
    public int sendRequests() {
        return sendRequests.get();
    }

    private int post(String url, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", sign(url, params, authToken))
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        json(exchange, status, "{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": %d}"
                .formatted(code, message, code, status));
    }

    private static Map<String, String> form(InputStream body) throws IOException {
        return query(new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        callbacks.shutdownNow();
    }
}
