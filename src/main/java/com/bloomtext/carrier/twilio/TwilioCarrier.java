package com.bloomtext.carrier.twilio;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.bloomtext.carrier.AreaCode;
import com.bloomtext.carrier.AvailableNumber;
import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.CarrierProperties;
import com.bloomtext.carrier.NumberProvisioning;
import com.bloomtext.carrier.NumberUnavailableException;
import com.bloomtext.carrier.Portability;
import com.bloomtext.carrier.PurchasedNumber;
import com.bloomtext.carrier.WebhookUrls;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.carrier.SentSms;
import com.bloomtext.carrier.SmsGateway;
import com.bloomtext.shared.E164;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.constant.EnumConstants;
import com.twilio.exception.RestException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.Domains;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local;
import com.twilio.rest.numbers.v1.PortingPortability;
import com.twilio.rest.numbers.v1.PortingPortability.NumberType;
import com.twilio.type.PhoneNumber;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * BloomText's Twilio account, both halves of it: the number desk (AvailablePhoneNumbers to search,
 * IncomingPhoneNumbers to buy and release, the Numbers v1 Porting Portability check) and Programmable
 * Messaging for sending, on one REST client. The webhooks are {@link TwilioWebhookController}'s. Twilio's refusals become {@link CarrierException}s written for
 * staff; logs carry Twilio's error code and HTTP status only, never its message.
 */
@Component
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "twilio")
class TwilioCarrier implements NumberProvisioning, SmsGateway {

    static final String NAME = "twilio";
    /** The header that carries BloomText's message id on each send (see {@link #send}). */
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String UNREACHABLE = "The carrier could not be reached. Try again in a moment.";
    static final String CREDENTIALS_REFUSED = "The carrier refused BloomText's credentials. Contact support.";
    static final String CARRIER_TROUBLE = "The carrier is having trouble right now. Try again in a moment.";

    private static final Logger log = LoggerFactory.getLogger(TwilioCarrier.class);

    private static final String TWILIO_API_BASE = "https://api.twilio.com";
    private static final String SEARCH_COUNTRY = "US";
    /** "PhoneNumber is not available" and "No phone numbers found": someone bought it since the search. */
    private static final Set<Integer> NUMBER_TAKEN = Set.of(21422, 21452);
    private static final int AUTHENTICATION_FAILED = 20003;
    private static final int RESOURCE_NOT_FOUND = 20404;

    private final TwilioRestClient client;

    TwilioCarrier(CarrierProperties properties) {
        this.client = restClient(properties.twilio());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean sandbox() {
        return false;
    }

    @Override
    public List<AvailableNumber> searchLocal(AreaCode areaCode, int limit) {
        List<AvailableNumber> found = new ArrayList<>();
        try {
            // Reading pages happens while iterating, so the loop stays inside the try.
            for (Local number : Local.reader(SEARCH_COUNTRY)
                    .setAreaCode(Integer.parseInt(areaCode.value()))
                    .setSmsEnabled(true)
                    .limit(limit)
                    .read(client)) {
                found.add(new AvailableNumber(new E164(number.getPhoneNumber().getEndpoint()),
                        locality(number.getLocality(), number.getRegion())));
            }
        } catch (TwilioException e) {
            throw failure(Attempt.SEARCH, e);
        }
        return found;
    }

    @Override
    public PurchasedNumber purchase(E164 number, WebhookUrls webhooks) {
        try {
            IncomingPhoneNumber bought = IncomingPhoneNumber.creator(new PhoneNumber(number.value()))
                    .setSmsUrl(webhooks.inboundSms())
                    .setSmsMethod(HttpMethod.POST)
                    .setStatusCallback(webhooks.statusCallback())
                    .setStatusCallbackMethod(HttpMethod.POST)
                    .create(client);
            return new PurchasedNumber(number, bought.getSid());
        } catch (TwilioException e) {
            if (NUMBER_TAKEN.contains(codeOf(e))) {
                log.info("Twilio sold the number to someone else first: error {}", codeOf(e));
                throw new NumberUnavailableException();
            }
            throw failure(Attempt.PURCHASE, e);
        }
    }

    @Override
    public void release(PurchasedNumber number) {
        try {
            IncomingPhoneNumber.deleter(number.carrierId()).delete(client);
        } catch (TwilioException e) {
            if (!alreadyGone(e)) {
                throw failure(Attempt.RELEASE, e);
            }
            // A retried release, or one done in Twilio's console first, ends where a release should.
            log.info("Twilio no longer had the number to release: error {}", codeOf(e));
        }
    }

    @Override
    public Portability checkPortability(E164 number) {
        PortingPortability answer;
        try {
            answer = PortingPortability.fetcher(new PhoneNumber(number.value())).fetch(client);
        } catch (TwilioException e) {
            // Twilio's reference lists these reason codes under HTTP 400 as well: still an answer, not a failure.
            if (NotPortableReasons.isNotPortableCode(codeOf(e))) {
                return Portability.no(NotPortableReasons.inWords(null, codeOf(e), null), NumberType.UNKNOWN.toString());
            }
            throw failure(Attempt.PORTABILITY, e);
        }
        String numberType = answer.getNumberType() == null ? NumberType.UNKNOWN.toString() : answer.getNumberType().toString();
        // pin_and_account_number_required does not make a number less portable: the port-in form asks for both.
        if (Boolean.TRUE.equals(answer.getPortable())) {
            return Portability.yes(numberType);
        }
        return Portability.no(NotPortableReasons.inWords(answer.getNumberType(), answer.getNotPortableReasonCode(),
                answer.getNotPortableReason()), numberType);
    }

    /** "San Francisco, CA"; the region alone, or nothing, when Twilio leaves parts out. */
    private static String locality(String locality, String region) {
        return Stream.of(locality, region)
                .filter(part -> part != null && !part.isBlank())
                .collect(Collectors.joining(", "));
    }

    /**
     * A failure in words for staff. Twilio's own message is left out of it and of the cause: it is
     * response text, and can repeat the numbers asked about.
     */
    private static CarrierException failure(Attempt attempt, TwilioException e) {
        if (unreachable(e)) {
            log.warn("Twilio could not be reached to {}", attempt.what);
            return new CarrierException(UNREACHABLE, e.getCause() != null ? e.getCause() : e);
        }
        Integer code = codeOf(e);
        Integer status = e instanceof ApiException refusal ? refusal.getStatusCode() : null;
        log.warn("Twilio refused to {}: error {} (HTTP {})", attempt.what, code, status);
        if (Objects.equals(code, AUTHENTICATION_FAILED) || Objects.equals(status, 401)) {
            return new CarrierException(CREDENTIALS_REFUSED);
        }
        if (status != null && (status == 429 || status >= 500)) {
            return new CarrierException(CARRIER_TROUBLE);
        }
        return new CarrierException("The carrier refused to " + attempt.what
                + (code == null ? "" : " (Twilio error " + code + ")") + ". Contact support.");
    }

    /**
     * The SDK's resources throw {@link ApiConnectionException} when no response came back, while its
     * {@code NetworkHttpClient} wraps refused connections and timeouts in an {@link ApiException} around
     * the {@link IOException}, with neither code nor status.
     */
    private static boolean unreachable(TwilioException e) {
        return e instanceof ApiConnectionException
                || e instanceof ApiException api && api.getStatusCode() == null && api.getCause() instanceof IOException;
    }

    private static boolean alreadyGone(TwilioException e) {
        return e instanceof ApiException refusal
                && (Objects.equals(refusal.getStatusCode(), 404) || Objects.equals(refusal.getCode(), RESOURCE_NOT_FOUND));
    }

    private static Integer codeOf(TwilioException e) {
        return e instanceof ApiException refusal ? refusal.getCode() : null;
    }

    /**
     * Sends with the Programmable Messaging API, the status callback pointing at BloomText. Outages and
     * throttling are retryable; a refusal of this text (opted out, not a mobile number...) is not.
     *
     * <p>The request is the one {@code Message.creator(to, from, body).setStatusCallback(url)} makes, plus
     * an {@value #IDEMPOTENCY_HEADER} header carrying BloomText's message id, so that a text handed over
     * again after a crash (before its SID was stored) is recognised by a gateway that honours the key.
     */
    @Override
    public SentSms send(OutboundSms sms) {
        Request request = new Request(HttpMethod.POST, Domains.API.toString(),
                "/2010-04-01/Accounts/" + client.getAccountSid() + "/Messages.json");
        request.setContentType(EnumConstants.ContentType.FORM_URLENCODED);
        request.addPostParam("To", sms.to().value());
        request.addPostParam("From", sms.from().value());
        request.addPostParam("Body", sms.body());
        if (sms.statusCallbackUrl() != null) {
            request.addPostParam("StatusCallback", URI.create(sms.statusCallbackUrl()).toString());
        }
        request.addHeaderParam(IDEMPOTENCY_HEADER, sms.idempotencyKey());
        try {
            Response response = client.request(request);
            if (response == null) {
                throw new ApiConnectionException("Message creation failed: Unable to connect to server");
            }
            if (!TwilioRestClient.SUCCESS.test(response.getStatusCode())) {
                RestException refusal = RestException.fromJson(response.getStream(), client.getObjectMapper());
                if (refusal == null) {
                    throw new ApiException("Server Error, no content", response.getStatusCode());
                }
                throw new ApiException(refusal);
            }
            return new SentSms(Message.fromJson(response.getStream(), client.getObjectMapper()).getSid());
        } catch (TwilioException e) {
            Integer status = e instanceof ApiException refusal ? refusal.getStatusCode() : null;
            boolean retryable = unreachable(e) || status != null && (status == 429 || status >= 500);
            String reason = TwilioErrors.REASONS.get(codeOf(e));
            CarrierException mapped = failure(Attempt.SEND, e);
            throw new CarrierException(reason != null ? reason : mapped.getMessage(), null, retryable);
        }
    }

    private static TwilioRestClient restClient(CarrierProperties.Twilio account) {
        // Twilio is chosen at startup and there is no other carrier to fall back on: fail then, not at the first purchase.
        if (isBlank(account.accountSid()) || isBlank(account.authToken())) {
            throw new IllegalStateException("bloomtext.carrier.provider is twilio, but bloomtext.carrier.twilio.account-sid "
                    + "and bloomtext.carrier.twilio.auth-token are not both set.");
        }
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(account.accountSid(), account.authToken());
        if (!isTwilioItself(account.apiBase())) {
            builder.httpClient(new RebasingHttpClient(account.apiBase()));
        }
        return builder.build();
    }

    private static boolean isTwilioItself(String apiBase) {
        return isBlank(apiBase) || apiBase.replaceAll("/+$", "").equalsIgnoreCase(TWILIO_API_BASE);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** What BloomText asked of Twilio, as it reads in a sentence. */
    private enum Attempt {
        SEARCH("list numbers for sale"),
        PURCHASE("buy the number"),
        RELEASE("release the number"),
        PORTABILITY("check whether the number can be ported"),
        SEND("send the text");

        private final String what;

        Attempt(String what) {
            this.what = what;
        }
    }
}
