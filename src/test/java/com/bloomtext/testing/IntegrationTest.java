package com.bloomtext.testing;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Spring context of the test suite: the whole app on a random port, on the JVM's embedded
 * PostgreSQL with the real migrations. Tests make their own organizations instead of cleaning tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    public static final String PASSWORD = "violet-harbor-lantern-42";

    /** Stands in for api.stripe.com: one per test JVM, on a random loopback port, reset by the tests that use it. */
    public static final WireMockServer STRIPE = startStripe();
    public static final String STRIPE_API_KEY = "sk_test_bloomtext";
    public static final String STRIPE_WEBHOOK_SECRET = "whsec_bloomtext_test";
    public static final String STRIPE_STARTER_PRICE = "price_starter_test";
    /** Signs and verifies Twilio's webhooks in tests; the carrier is the sandbox unless {@link CarrierUnderTest} says otherwise. */
    public static final String TWILIO_AUTH_TOKEN = "twilio_webhook_test_token";

    @DynamicPropertySource
    static void edges(DynamicPropertyRegistry registry) {
        registry.add("bloomtext.billing.stripe.api-base", STRIPE::baseUrl);
        registry.add("bloomtext.billing.stripe.api-key", () -> STRIPE_API_KEY);
        registry.add("bloomtext.billing.stripe.webhook-secret", () -> STRIPE_WEBHOOK_SECRET);
        registry.add("STRIPE_PRICE_SMS_STARTER", () -> STRIPE_STARTER_PRICE);
        registry.add("bloomtext.carrier.twilio.auth-token", () -> TWILIO_AUTH_TOKEN);
        CarrierUnderTest.configure(registry, TWILIO_AUTH_TOKEN);
    }

    private static WireMockServer startStripe() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    private static final Pattern INVITATION_LINK = Pattern.compile("https?://\\S+(/invitations/[A-Za-z0-9_-]+)");

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected StaffAgent anonymous() {
        return new StaffAgent(baseUrl());
    }

    protected static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    /** A new organization, created through the welcome page; its admin is signed in. */
    protected Org newOrganization(String name) {
        StaffAgent admin = anonymous();
        String email = uniqueEmail("admin");
        var created = admin.post("/welcome", "organizationName", name, "yourName", "Dana Whitfield",
                "email", email, "password", PASSWORD);
        assertThat(created.redirectsTo("/inbox")).as("sign-up redirects to the inbox: %s", created).isTrue();
        return new Org(this, admin, email);
    }

    /** The invitation path in the newest email sent to this address. */
    protected String invitationPathFor(String email) {
        String body = jdbc.sql("select body from sandbox_email where recipient = :to order by sent_at desc limit 1")
                .param("to", email)
                .query(String.class)
                .single();
        Matcher link = INVITATION_LINK.matcher(body);
        assertThat(link.find()).as("the email holds an invitation link").isTrue();
        return link.group(1);
    }

    protected UUID userIdOf(String email) {
        return jdbc.sql("select id from staff_user where email = :email").param("email", email)
                .query(UUID.class).single();
    }

    /** An organization under test, with its signed-in admin. */
    public record Org(IntegrationTest test, StaffAgent admin, String adminEmail) {

        /** Invites a coworker and accepts as them: returns the member, signed in. */
        public Member addMember(String name) {
            String email = uniqueEmail("member");
            var sent = admin.post("/settings/organization/users/invitations", "email", email);
            assertThat(sent.redirectsTo("/settings/organization/users")).as("invitation sent: %s", sent).isTrue();
            String path = test.invitationPathFor(email);
            StaffAgent member = test.anonymous();
            member.get(path);
            var joined = member.post(path, "yourName", name, "password", PASSWORD);
            assertThat(joined.redirectsTo("/inbox")).as("invitation accepted: %s", joined).isTrue();
            return new Member(member, email, test.userIdOf(email));
        }

        /** Buys a plan through the sandbox checkout with the test card that pays. */
        public void upgradeTo(String planId) {
            var started = admin.post("/settings/organization/plan/checkout", "planId", planId);
            String checkout = java.net.URI.create(started.location()).getPath();
            admin.get(checkout);
            var paid = admin.post(checkout, "cardNumber", "4242424242424242", "expiry", "12/39", "cvc", "123",
                    "nameOnCard", "Dana Whitfield");
            assertThat(paid.redirectsTo("/settings/organization/plan")).as("paid: %s", paid).isTrue();
            admin.follow(paid);
        }

        /**
         * Brings a number in through a port-in request that the support console completes: how numbers
         * reach an organization when the carrier sells none (SMPP).
         */
        public void portInCompleted(String number) {
            String form = "/settings/organization/plan/port-in";
            admin.get(form);
            var submitted = admin.post(form, "number", number, "currentCarrier", "Old Telco", "accountNumber", "ACCT-1",
                    "pin", "1234", "authorizedName", "Dana Whitfield", "serviceAddress", "1 Main St, Springfield",
                    "signature", "Dana Whitfield");
            assertThat(submitted.redirectsTo("/settings/organization/plan/phone-number")).as("port-in submitted: %s", submitted)
                    .isTrue();
            UUID request = test.jdbc.sql("select id from port_in_request where organization_id = :org and number = :number")
                    .param("org", id()).param("number", number).query(UUID.class).single();
            StaffAgent support = test.anonymous();
            support.get("/support/sign-in");
            support.follow(support.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test"));
            support.get("/support/port-ins/" + request);
            support.post("/support/port-ins/" + request + "/eligible");
            support.post("/support/port-ins/" + request + "/completed");
        }

        public UUID adminId() {
            return test.userIdOf(adminEmail);
        }

        public UUID id() {
            return test.jdbc.sql("select organization_id from staff_user where email = :email")
                    .param("email", adminEmail).query(UUID.class).single();
        }
    }

    public record Member(StaffAgent agent, String email, UUID id) {
    }
}
