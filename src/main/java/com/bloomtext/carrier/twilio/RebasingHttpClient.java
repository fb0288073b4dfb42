package com.bloomtext.carrier.twilio;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.twilio.http.NetworkHttpClient;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.io.SocketConfig;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * Sends the SDK's requests for Twilio's hosts (api.twilio.com, numbers.twilio.com, ...) to another base
 * URL, keeping path and query. The SDK has no base-URL setting, and tests point it at a local server
 * this way.
 */
final class RebasingHttpClient extends NetworkHttpClient {

    /** Scheme, host, optional port, then everything from the path on. */
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)https?://([^/:?#]+)(?::\\d+)?(.*)");

    private final String base;

    RebasingHttpClient(String base, RequestConfig requests, SocketConfig sockets) {
        super(requests, sockets);
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public Response makeRequest(Request request) {
        return super.makeRequest(rebased(request));
    }

    /**
     * The same request aimed at the base URL. {@link Request}'s URL is final, hence the copy; region and
     * edge are left out on purpose, since they would rewrite the host of the base URL.
     */
    private Request rebased(Request request) {
        Matcher url = ABSOLUTE_URL.matcher(request.getUrl());
        if (!url.matches() || !isTwilio(url.group(1))) {
            return request;
        }
        Request copy = new Request(request.getMethod(), base + url.group(2));
        copyEach(request.getQueryParams(), copy::addQueryParam);
        copyEach(request.getPostParams(), copy::addPostParam);
        copyEach(request.getHeaderParams(), copy::addHeaderParam);
        if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        } else if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        }
        copy.setContentType(request.getContentType());
        copy.setBody(request.getBody());
        copy.setFormParameters(request.getFormParameters());
        copy.setUserAgentExtensions(request.getUserAgentExtensions());
        return copy;
    }

    private static boolean isTwilio(String host) {
        String lower = host.toLowerCase();
        return lower.equals("twilio.com") || lower.endsWith(".twilio.com");
    }

    private static void copyEach(Map<String, List<String>> parameters, BiConsumer<String, String> add) {
        parameters.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
    }
}
