package com.bloomtext.carrier.twilio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Twilio adapter against a local server that answers as Twilio's REST API does: the paths, form
 * fields and JSON of the real API, including its error bodies.
 */
class TwilioCarrierTest {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000000";
    static final String AUTH_TOKEN = "test-auth-token";
    static final BasicCredentials ACCOUNT_CREDENTIALS = new BasicCredentials(ACCOUNT_SID, AUTH_TOKEN);
    static final String ACCOUNT = "/2010-04-01/Accounts/" + ACCOUNT_SID;
    static final String LOCAL_NUMBERS = ACCOUNT + "/AvailablePhoneNumbers/US/Local.json";
    static final String INCOMING_NUMBERS = ACCOUNT + "/IncomingPhoneNumbers.json";
    static final String NUMBER_SID = "PN2a0747eba6abf96b7e3c3ff0b4530f6e";
    static final E164 NUMBER = new E164("+14155550142");
    static final WebhookUrls WEBHOOKS = new WebhookUrls("https://app.bloomtext.example/carrier/twilio/sms",
            "https://app.bloomtext.example/carrier/twilio/status");

    static WireMockServer twilio;

    NumberProvisioning numbers;

    @BeforeAll
    static void startTwilio() {
        twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        twilio.start();
    }

    @AfterAll
    static void stopTwilio() {
        twilio.stop();
    }

    @BeforeEach
    void aimTheAdapterAtTheLocalTwilio() {
        twilio.resetAll();
        numbers = adapter(twilio.baseUrl());
    }

    @Test
    void searchesSmsNumbersInTheAreaCodeWithTheirLocality() {
        twilio.stubFor(get(urlPathEqualTo(LOCAL_NUMBERS)).willReturn(json(200, """
                {
                  "available_phone_numbers": [
                    {"friendly_name": "(415) 555-0142", "phone_number": "+14155550142", "lata": "722",
                     "locality": "San Francisco", "rate_center": "SNFC CA ZN 01", "latitude": "37.788800",
                     "longitude": "-122.403200", "region": "CA", "postal_code": "94105", "iso_country": "US",
                     "address_requirements": "none", "beta": false,
                     "capabilities": {"voice": true, "SMS": true, "MMS": true}},
                    {"friendly_name": "(415) 555-0199", "phone_number": "+14155550199", "lata": null,
                     "locality": null, "rate_center": null, "latitude": null, "longitude": null,
                     "region": "CA", "postal_code": null, "iso_country": "US",
                     "address_requirements": "none", "beta": false,
                     "capabilities": {"voice": true, "SMS": true, "MMS": false}}
                  ],
                  "end": 1,
                  "first_page_uri": "%1$s?AreaCode=415&SmsEnabled=true&PageSize=2&Page=0",
                  "next_page_uri": null,
                  "page": 0,
                  "page_size": 2,
                  "previous_page_uri": null,
                  "start": 0,
                  "uri": "%1$s?AreaCode=415&SmsEnabled=true&PageSize=2&Page=0"
                }""".formatted(LOCAL_NUMBERS))));

        var found = numbers.searchLocal(new AreaCode("415"), 2);

        assertThat(found).containsExactly(
                new AvailableNumber(new E164("+14155550142"), "San Francisco, CA"),
                new AvailableNumber(new E164("+14155550199"), "CA"));
        twilio.verify(getRequestedFor(urlPathEqualTo(LOCAL_NUMBERS))
                .withBasicAuth(ACCOUNT_CREDENTIALS)
                .withQueryParam("AreaCode", equalTo("415"))
                .withQueryParam("SmsEnabled", equalTo("true")));
    }

    @Test
    void buysTheNumberWithBloomTextsWebhooksOnIt() {
        twilio.stubFor(post(urlEqualTo(INCOMING_NUMBERS)).willReturn(json(201, incomingPhoneNumber())));

        PurchasedNumber bought = numbers.purchase(NUMBER, WEBHOOKS);

        assertThat(bought).isEqualTo(new PurchasedNumber(NUMBER, NUMBER_SID));
        twilio.verify(postRequestedFor(urlEqualTo(INCOMING_NUMBERS))
                .withBasicAuth(ACCOUNT_CREDENTIALS)
                .withFormParam("PhoneNumber", equalTo("+14155550142"))
                .withFormParam("SmsUrl", equalTo(WEBHOOKS.inboundSms()))
                .withFormParam("SmsMethod", equalTo("POST"))
                .withFormParam("StatusCallback", equalTo(WEBHOOKS.statusCallback()))
                .withFormParam("StatusCallbackMethod", equalTo("POST")));
    }

    @ParameterizedTest
    @CsvSource({
            "21422, PhoneNumber is not available",
            "21452, No phone numbers found"})
    void aNumberSomeoneElseBoughtFirstIsUnavailable(int code, String message) {
        twilio.stubFor(post(urlEqualTo(INCOMING_NUMBERS)).willReturn(twilioError(400, code, message)));

        assertThatThrownBy(() -> numbers.purchase(NUMBER, WEBHOOKS))
                .isInstanceOf(NumberUnavailableException.class)
                .hasMessage("That number was just taken. Pick another one.");
    }

    @Test
    void refusedCredentialsAreACarrierFailureThatDoesNotEchoTwilio() {
        twilio.stubFor(post(urlEqualTo(INCOMING_NUMBERS)).willReturn(twilioError(401, 20003, "Authenticate")));

        assertThatThrownBy(() -> numbers.purchase(NUMBER, WEBHOOKS))
                .isExactlyInstanceOf(CarrierException.class)
                .hasMessage("The carrier refused BloomText's credentials. Contact support.")
                .hasNoCause();
    }

    @Test
    void anyOtherRefusalNamesTwiliosErrorCodeButNotItsWords() {
        twilio.stubFor(post(urlEqualTo(INCOMING_NUMBERS)).willReturn(twilioError(400, 21421, "PhoneNumber is invalid")));

        assertThatThrownBy(() -> numbers.purchase(NUMBER, WEBHOOKS))
                .isExactlyInstanceOf(CarrierException.class)
                .hasMessage("The carrier refused to buy the number (Twilio error 21421). Contact support.")
                .hasNoCause();
    }

    @Test
    void releasesTheNumberByItsSid() {
        String numberPath = ACCOUNT + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json";
        twilio.stubFor(delete(urlEqualTo(numberPath)).willReturn(aResponse().withStatus(204)));

        numbers.release(new PurchasedNumber(NUMBER, NUMBER_SID));

        twilio.verify(deleteRequestedFor(urlEqualTo(numberPath)).withBasicAuth(ACCOUNT_CREDENTIALS));
    }

    @Test
    void releasingANumberTwilioNoLongerHasIsDone() {
        String numberPath = ACCOUNT + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json";
        twilio.stubFor(delete(urlEqualTo(numberPath)).willReturn(twilioError(404, 20404,
                "The requested resource " + numberPath + " was not found")));

        assertThatCode(() -> numbers.release(new PurchasedNumber(NUMBER, NUMBER_SID))).doesNotThrowAnyException();
        twilio.verify(deleteRequestedFor(urlEqualTo(numberPath)));
    }

    @Test
    void aRefusedReleaseIsACarrierFailure() {
        String numberPath = ACCOUNT + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json";
        twilio.stubFor(delete(urlEqualTo(numberPath)).willReturn(twilioError(401, 20003, "Authenticate")));

        assertThatThrownBy(() -> numbers.release(new PurchasedNumber(NUMBER, NUMBER_SID)))
                .isExactlyInstanceOf(CarrierException.class)
                .hasMessage("The carrier refused BloomText's credentials. Contact support.");
    }

    @Test
    void aPortableLocalNumberIsPortableEvenWhenItsPinIsNeeded() {
        String portabilityPath = "/v1/Porting/Portability/PhoneNumber/%2B14155550142";
        twilio.stubFor(get(urlPathEqualTo(portabilityPath)).willReturn(json(200,
                portability("+14155550142", true, true, null, null, "LOCAL"))));

        Portability answer = numbers.checkPortability(NUMBER);

        assertThat(answer).isEqualTo(Portability.yes("LOCAL"));
        twilio.verify(getRequestedFor(urlPathEqualTo(portabilityPath)).withBasicAuth(ACCOUNT_CREDENTIALS));
    }

    @Test
    void aTollFreeNumberIsNotPortableAndSaysWhy() {
        twilio.stubFor(get(urlPathEqualTo("/v1/Porting/Portability/PhoneNumber/%2B18885550100")).willReturn(json(200,
                portability("+18885550100", false, false, "\"UNSUPPORTED\"", "22130", "TOLL-FREE"))));

        Portability answer = numbers.checkPortability(new E164("+18885550100"));

        assertThat(answer).isEqualTo(Portability.no("Toll-free numbers can't be ported to BloomText.", "TOLL-FREE"));
    }

    @Test
    void aNumberAtAnotherTwilioAccountIsNotPortableAndSaysWhy() {
        twilio.stubFor(get(urlPathEqualTo("/v1/Porting/Portability/PhoneNumber/%2B14155550142")).willReturn(json(200,
                portability("+14155550142", false, false, "\"ALREADY_IN_TWILIO_DIFFERENT_OWNER\"", "22132", "LOCAL"))));

        Portability answer = numbers.checkPortability(NUMBER);

        assertThat(answer).isEqualTo(Portability.no(
                "This number belongs to another account at BloomText's carrier. Its owner has to release it first.", "LOCAL"));
    }

    @Test
    void aNotPortableReasonSentAsAnErrorIsStillAnAnswer() {
        twilio.stubFor(get(urlPathEqualTo("/v1/Porting/Portability/PhoneNumber/%2B14155550142"))
                .willReturn(twilioError(400, 22133, "Not Portable API - Manual porting available")));

        Portability answer = numbers.checkPortability(NUMBER);

        assertThat(answer.portable()).isFalse();
        assertThat(answer.reason()).isEqualTo("This number can't be ported automatically. Contact support to port it by hand.");
    }

    @Test
    void aCarrierThatCannotBeReachedIsAClearFailure() throws IOException {
        NumberProvisioning unreachable = adapter("http://127.0.0.1:" + closedPort());

        assertThatThrownBy(() -> unreachable.searchLocal(new AreaCode("415"), 5))
                .isExactlyInstanceOf(CarrierException.class)
                .hasMessage("The carrier could not be reached. Try again in a moment.");
    }

    @Test
    void sendingATextPostsToMessagesWithTheStatusCallbackAndReturnsTheSid() {
        twilio.stubFor(post(urlPathEqualTo(ACCOUNT + "/Messages.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SM1234567890abcdef1234567890abcdef\",\"status\":\"queued\",\"to\":\"+14155552671\","
                        + "\"from\":\"+14155550142\",\"body\":\"See you tomorrow.\",\"num_segments\":\"1\"}")));
        SentSms sent = ((SmsGateway) numbers).send(new OutboundSms("key-1", NUMBER, new E164("+14155552671"),
                "See you tomorrow.", "https://app.bloomtext.example/webhooks/twilio/status"));
        assertThat(sent.carrierMessageId()).isEqualTo("SM1234567890abcdef1234567890abcdef");
        twilio.verify(postRequestedFor(urlPathEqualTo(ACCOUNT + "/Messages.json"))
                .withBasicAuth(ACCOUNT_CREDENTIALS)
                .withHeader("Idempotency-Key", equalTo("key-1"))
                .withRequestBody(containing("To=%2B14155552671"))
                .withRequestBody(containing("From=%2B14155550142"))
                .withRequestBody(containing("StatusCallback=https%3A%2F%2Fapp.bloomtext.example%2Fwebhooks%2Ftwilio%2Fstatus")));
    }

    @Test
    void anOptedOutPatientIsAPermanentRefusalAndAnOutageIsRetryable() {
        twilio.stubFor(post(urlPathEqualTo(ACCOUNT + "/Messages.json")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"status\":400}")));
        assertThatThrownBy(() -> ((SmsGateway) numbers).send(new OutboundSms("key-2", NUMBER, new E164("+14155552671"),
                "Hello", "https://app.bloomtext.example/webhooks/twilio/status")))
                .isInstanceOfSatisfying(CarrierException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e).hasMessage("The patient opted out of texts from this number (replied STOP).");
                });
        twilio.resetAll();
        twilio.stubFor(post(urlPathEqualTo(ACCOUNT + "/Messages.json")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":503}")));
        assertThatThrownBy(() -> ((SmsGateway) numbers).send(new OutboundSms("key-3", NUMBER, new E164("+14155552671"),
                "Hello", "https://app.bloomtext.example/webhooks/twilio/status")))
                .isInstanceOfSatisfying(CarrierException.class, e -> assertThat(e.retryable()).isTrue());
    }

    private static NumberProvisioning adapter(String apiBase) {
        return new TwilioCarrier(new CarrierProperties("twilio",
                new CarrierProperties.Twilio(ACCOUNT_SID, AUTH_TOKEN, apiBase)));
    }

    /** A loopback port nothing listens on: bound by the system, then let go. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Twilio's error body: code, message, more_info, status. */
    private static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        return json(status, """
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}"""
                .formatted(code, message, code, status));
    }

    private static String incomingPhoneNumber() {
        return """
                {
                  "account_sid": "%1$s",
                  "address_requirements": "none",
                  "address_sid": null,
                  "api_version": "2010-04-01",
                  "beta": false,
                  "bundle_sid": null,
                  "capabilities": {"voice": true, "sms": true, "mms": true, "fax": false},
                  "date_created": "Thu, 30 Jul 2015 23:19:04 +0000",
                  "date_updated": "Thu, 30 Jul 2015 23:19:04 +0000",
                  "emergency_status": "Inactive",
                  "emergency_address_sid": null,
                  "emergency_address_status": "unregistered",
                  "friendly_name": "(415) 555-0142",
                  "identity_sid": null,
                  "origin": "twilio",
                  "phone_number": "+14155550142",
                  "sid": "%2$s",
                  "sms_application_sid": "",
                  "sms_fallback_method": "POST",
                  "sms_fallback_url": "",
                  "sms_method": "POST",
                  "sms_url": "%3$s",
                  "status": "in-use",
                  "status_callback": "%4$s",
                  "status_callback_method": "POST",
                  "trunk_sid": null,
                  "uri": "/2010-04-01/Accounts/%1$s/IncomingPhoneNumbers/%2$s.json",
                  "voice_application_sid": null,
                  "voice_caller_id_lookup": false,
                  "voice_fallback_method": "POST",
                  "voice_fallback_url": null,
                  "voice_method": "POST",
                  "voice_receive_mode": "voice",
                  "voice_url": null,
                  "subresource_uris": {
                    "assigned_add_ons": "/2010-04-01/Accounts/%1$s/IncomingPhoneNumbers/%2$s/AssignedAddOns.json"
                  }
                }""".formatted(ACCOUNT_SID, NUMBER_SID, WEBHOOKS.inboundSms(), WEBHOOKS.statusCallback());
    }

    /** Twilio's Porting Portability answer; reason and code are JSON values, so {@code null} or quoted. */
    private static String portability(String number, boolean portable, boolean pinRequired, String reason,
            String reasonCode, String numberType) {
        return """
                {
                  "phone_number": "%1$s",
                  "account_sid": null,
                  "portable": %2$s,
                  "pin_and_account_number_required": %3$s,
                  "not_portable_reason": %4$s,
                  "not_portable_reason_code": %5$s,
                  "number_type": "%6$s",
                  "country": "US",
                  "url": "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/%1$s"
                }""".formatted(number, portable, pinRequired, reason, reasonCode, numberType);
    }
}
