package com.bloomtext.security;

import java.util.ArrayList;
import java.util.List;

import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS as production has it (README, "HTTPS (behind a reverse proxy)"): TLS ends at a proxy on a trusted
 * address that forwards {@code X-Forwarded-Proto: https}. Then every kind of page (staff, support console,
 * portal, a stored page behind sign-in) carries HSTS, and every cookie the application sets (staff session,
 * portal session, portal CSRF) is Secure, HttpOnly and SameSite; over plain HTTP (a laptop, no proxy) HSTS is
 * not sent (browsers ignore it there) and cookies are not Secure, or nothing would work.
 */
class HttpsBehindProxyTests extends IntegrationTest {

    static final String DOB = "1985-04-23";
    static final String HSTS = "max-age=31536000 ; includeSubDomains";

    @Test
    void overHttpsEveryPageKindSendsHstsAndEveryCookieIsSecureHttpOnlyAndSameSite() {
        Org org = newOrganization("Guard Https Clinic");
        String token = SecureLinkFixture.create(org, "(415) 555-3301", DOB).sendAndReadToken(org, jdbc);
        List<String> problems = new ArrayList<>();

        ProxiedClient staff = new ProxiedClient(baseUrl(), BruteForceTests.address(), true);
        expectHsts(problems, "staff sign-in", staff.get("/sign-in"));
        var signedIn = staff.post("/sign-in", "email", org.adminEmail(), "password", PASSWORD);
        assertThat(signedIn.redirectsTo("/inbox")).as("signed in through the proxy: %s", signedIn.status()).isTrue();
        var inbox = staff.get("/inbox");
        assertThat(inbox.status()).as("the Secure session cookie works through the proxy").isEqualTo(200);
        expectHsts(problems, "staff inbox", inbox);
        expectHsts(problems, "staff settings", staff.get("/settings/organization/users"));
        String session = staff.cookieAttributes("BLOOMTEXT_SESSION");
        assertThat(session).as("the staff session cookie").isNotNull();
        assertThat(attributes(session)).contains("secure", "httponly", "samesite=lax");

        ProxiedClient support = new ProxiedClient(baseUrl(), BruteForceTests.address(), true);
        expectHsts(problems, "support sign-in", support.get("/support/sign-in"));
        var operator = support.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test");
        assertThat(operator.redirectsTo("/support")).as("support signed in").isTrue();
        expectHsts(problems, "support console", support.get("/support"));

        ProxiedClient patient = new ProxiedClient(baseUrl(), BruteForceTests.address(), true);
        expectHsts(problems, "portal identity step", patient.get("/p/" + token));
        assertThat(patient.cookieAttributes("BLOOMTEXT_PORTAL_CSRF")).as("the portal's CSRF cookie").isNotNull();
        assertThat(attributes(patient.cookieAttributes("BLOOMTEXT_PORTAL_CSRF")))
                .contains("secure", "httponly", "samesite=strict", "path=/p");
        assertThat(patient.post("/p/" + token + "/verify", "dateOfBirth", DOB).redirectsTo("/p/conversation")).isTrue();
        assertThat(attributes(patient.cookieAttributes("BLOOMTEXT_PORTAL")))
                .contains("secure", "httponly", "samesite=strict", "path=/p");
        var conversation = patient.get("/p/conversation");
        assertThat(conversation.status()).isEqualTo(200);
        expectHsts(problems, "portal conversation", conversation);
        expectHsts(problems, "portal refusal", patient.get("/p/" + "x".repeat(43)));
        expectHsts(problems, "welcome", new ProxiedClient(baseUrl(), BruteForceTests.address(), true).get("/welcome"));

        List<String> everyCookie = new ArrayList<>();
        everyCookie.addAll(staff.setCookies);
        everyCookie.addAll(support.setCookies);
        everyCookie.addAll(patient.setCookies);
        for (String cookie : everyCookie) {
            if (!attributes(cookie).containsAll(List.of("secure", "httponly")) || !cookie.toLowerCase().contains("samesite=")) {
                problems.add("cookie without Secure, HttpOnly or SameSite over HTTPS: " + cookie.replaceFirst("=[^;]*", "=*"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void overPlainHttpNoHstsAndCookiesAreNotSecure() {
        Org org = newOrganization("Guard Plain Clinic");
        String token = SecureLinkFixture.create(org, "(415) 555-3302", DOB).sendAndReadToken(org, jdbc);
        ProxiedClient staff = new ProxiedClient(baseUrl(), BruteForceTests.address(), false);
        var signIn = staff.get("/sign-in");
        assertThat(signIn.header("Strict-Transport-Security")).isNull();
        assertThat(staff.post("/sign-in", "email", org.adminEmail(), "password", PASSWORD).redirectsTo("/inbox")).isTrue();
        assertThat(attributes(staff.cookieAttributes("BLOOMTEXT_SESSION"))).contains("httponly", "samesite=lax")
                .doesNotContain("secure");
        ProxiedClient patient = new ProxiedClient(baseUrl(), BruteForceTests.address(), false);
        assertThat(patient.get("/p/" + token).header("Strict-Transport-Security")).isNull();
        assertThat(attributes(patient.cookieAttributes("BLOOMTEXT_PORTAL_CSRF"))).contains("httponly", "samesite=strict")
                .doesNotContain("secure");
    }

    private static void expectHsts(List<String> problems, String page, ProxiedClient.Answer answer) {
        String hsts = answer.header("Strict-Transport-Security");
        if (answer.status() >= 500 || hsts == null || !hsts.replace(" ", "").equals(HSTS.replace(" ", ""))) {
            problems.add(page + ": " + answer.status() + " Strict-Transport-Security " + hsts);
        }
    }

    /** A Set-Cookie header's attributes (not its name and value), lower-cased, without spaces. */
    private static List<String> attributes(String setCookie) {
        assertThat(setCookie).as("a Set-Cookie header").isNotNull();
        String[] parts = setCookie.split(";");
        List<String> attributes = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            attributes.add(parts[i].strip().toLowerCase());
        }
        return attributes;
    }
}
