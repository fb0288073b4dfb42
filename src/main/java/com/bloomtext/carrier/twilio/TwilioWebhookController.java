package com.bloomtext.carrier.twilio;

import java.util.Map;
import java.util.TreeMap;

import com.bloomtext.carrier.CarrierProperties;
import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.InboundTexts;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.web.PublicBaseUrl;
import com.twilio.security.RequestValidator;

import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's webhooks: the status callback and inbound SMS. Each is verified with the SDK's
 * {@link RequestValidator} against the public URL Twilio called (the configured base URL, so it works
 * behind a proxy and for numbers in a Messaging Service), kept in one short transaction, and answered
 * at once with empty TwiML; messaging applies it after commit. A rejected request is logged without
 * its content and counted.
 */
@RestController
class TwilioWebhookController {

    static final String STATUS = "/webhooks/twilio/status";
    static final String INBOUND = "/webhooks/twilio/inbound";
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);

    private final String authToken;
    private final PublicBaseUrl publicBaseUrl;
    private final InboundTexts inbound;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    TwilioWebhookController(CarrierProperties properties, PublicBaseUrl publicBaseUrl, InboundTexts inbound,
            ApplicationEventPublisher events, TransactionTemplate transaction, MeterRegistry meters) {
        this.authToken = properties.twilio().authToken();
        this.publicBaseUrl = publicBaseUrl;
        this.inbound = inbound;
        this.events = events;
        this.transaction = transaction;
        this.meters = meters;
    }

    @PostMapping(path = STATUS, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> status(HttpServletRequest request,
            @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
        Map<String, String> params = params(request);
        ResponseEntity<String> refused = verify(request, params, signature, "status");
        if (refused != null) {
            return refused;
        }
        String sid = params.get("MessageSid");
        String status = params.get("MessageStatus");
        if (sid != null && status != null) {
            String reason = TwilioErrors.reason(params.get("ErrorCode"));
            transaction.executeWithoutResult(tx -> events.publishEvent(
                    new DeliveryStatusReported(TwilioCarrier.NAME, sid, status, reason)));
        }
        return twiml();
    }

    @PostMapping(path = INBOUND, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> inbound(HttpServletRequest request,
            @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
        Map<String, String> params = params(request);
        ResponseEntity<String> refused = verify(request, params, signature, "inbound");
        if (refused != null) {
            return refused;
        }
        try {
            if (params.getOrDefault("MessageSid", "").isBlank()) {
                // Without it the text cannot be stored (nor told apart from a redelivery): malformed, like a bad number.
                throw new IllegalArgumentException("no MessageSid");
            }
            inbound.receive(TwilioCarrier.NAME, params.get("MessageSid"), new E164(params.get("From")),
                    new E164(params.get("To")), params.getOrDefault("Body", ""), media(params));
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("A signed Twilio inbound webhook lacked MessageSid, From or To in E.164; ignored");
            meters.counter("bloomtext.webhooks.rejected", "carrier", "twilio", "reason", "malformed").increment();
        }
        return twiml();
    }

    /** MediaUrl0..N with MediaContentType0..N, as many as NumMedia says (10 at most). */
    private static java.util.List<InboundTexts.Media> media(Map<String, String> params) {
        int count;
        try {
            count = Math.min(10, Integer.parseInt(params.getOrDefault("NumMedia", "0").strip()));
        } catch (NumberFormatException e) {
            count = 0;
        }
        java.util.List<InboundTexts.Media> media = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = params.get("MediaUrl" + i);
            if (url != null) {
                media.add(new InboundTexts.Media(url, params.getOrDefault("MediaContentType" + i, "application/octet-stream")));
            }
        }
        return media;
    }

    private ResponseEntity<String> verify(HttpServletRequest request, Map<String, String> params, String signature,
            String kind) {
        if (authToken == null || authToken.isBlank()) {
            return ResponseEntity.notFound().build();
        }
        String url = publicBaseUrl.link(request.getRequestURI().substring(request.getContextPath().length())
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        if (signature == null || !new RequestValidator(authToken).validate(url, params, signature)) {
            log.warn("Rejected a Twilio {} webhook: the signature does not match {}", kind, request.getRequestURI());
            meters.counter("bloomtext.webhooks.rejected", "carrier", "twilio", "reason", "signature").increment();
            return ResponseEntity.status(403).build();
        }
        return null;
    }

    /** The POST's form fields (not the query string's, which the URL already carries into the signature). */
    private static Map<String, String> params(HttpServletRequest request) {
        Map<String, String> params = new TreeMap<>();
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0 && !query.contains(name + "=")) {
                params.put(name, values[0]);
            }
        });
        return params;
    }

    private static ResponseEntity<String> twiml() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }
}
