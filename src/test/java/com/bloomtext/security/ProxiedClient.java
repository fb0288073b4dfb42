package com.bloomtext.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.bloomtext.reliability.ReliabilitySummary;

/**
 * A browser behind the production reverse proxy, as the application sees it: plain HTTP from a loopback
 * (trusted) address carrying {@code X-Forwarded-For: <client>} and, when the browser used HTTPS,
 * {@code X-Forwarded-Proto: https}. Cookies are kept by hand, Secure ones included (the proxy is where TLS
 * ends, so the browser would send them), and every {@code Set-Cookie} is kept for the tests to read. Every
 * request counts as an input tried in the reliability summary, every 5xx as a server error.
 */
final class ProxiedClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String clientAddress;
    private final boolean https;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    final List<String> setCookies = new ArrayList<>();
    private String csrf;

    ProxiedClient(String base, String clientAddress, boolean https) {
        this.base = base;
        this.clientAddress = clientAddress;
        this.https = https;
    }

    record Answer(int status, String location, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        List<String> all(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        boolean redirectsTo(String path) {
            return status / 100 == 3 && location != null && URI.create(location).getPath().equals(path);
        }
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    /** A form with the CSRF token of the last page seen. */
    Answer post(String path, String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        if (csrf != null) {
            fields.put("_csrf", csrf);
        }
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The attributes of the newest {@code Set-Cookie} for this cookie name, lower-cased, or null. */
    String cookieAttributes(String name) {
        for (int i = setCookies.size() - 1; i >= 0; i--) {
            String header = setCookies.get(i);
            if (header.startsWith(name + "=")) {
                return header;
            }
        }
        return null;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html")
                .header("X-Forwarded-For", clientAddress);
        if (https) {
            request.header("X-Forwarded-Proto", "https");
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, 1);
            if (response.statusCode() >= 500) {
                ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
            }
            for (String header : response.headers().allValues("Set-Cookie")) {
                setCookies.add(header);
                String pair = header.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
