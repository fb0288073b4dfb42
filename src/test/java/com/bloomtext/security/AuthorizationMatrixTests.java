package com.bloomtext.security;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.reliability.ReliabilitySummary;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the application maps, live streams included, requested as each kind of actor, against one
 * table of expected outcomes. A route missing from the table, or a table row for a route that is gone,
 * fails the build; so does any 5xx.
 *
 * <p>Actors, in the table's column order: anonymous; another organization's admin; a coworker outside the
 * team; a removed team member; a team member; the organization's admin; a support operator; a patient's
 * portal session of another conversation. Outcomes: {@code A} allowed (2xx, a redirect elsewhere than a
 * sign-in page, or the form's own validation answer), {@code S} sent to staff sign-in, {@code P} sent to
 * the support console's sign-in, {@code E} sent to the portal's "ask the practice" page, {@code N} 404,
 * {@code F} 403 (or 401), {@code B} 400, {@code -} not sent. Whatever the outcome, another organization's admin
 * never sees a word of the fixture's organization (its name, its patient, its number), and the other
 * conversation's patient never sees this conversation's patient; and every HTML answer carries the strict
 * headers ({@link #headerProblems}). POSTs are sent with an
 * empty form as the actors who must be refused; the table marks {@code -} where the allowed actors are not sent
 * an empty form. They are sent a valid one instead, by {@link #theActorsAllowedAFormGetItsSuccessAnswer}: every
 * such POST route has a row in {@link #VALID} (or a reason in {@link #NO_VALID_FORM}), sent on a fixture of its
 * own as the member, admin, support operator, patient or visitor who may use it.
 */
class AuthorizationMatrixTests extends IntegrationTest {

    enum Actor { ANONYMOUS, OTHER_ORG_ADMIN, NON_MEMBER, REMOVED_MEMBER, MEMBER, ADMIN, SUPPORT, PORTAL_OTHER }

    /** Route -> expected outcome per actor, in {@link Actor} order. */
    static final Map<String, String> TABLE = new TreeMap<>();

    static {
        // Ids of records the fixture does not have (an import, a checkout session) are random: 404 is the answer.
        // Coworkers outside the team and removed members are also sent the conversation's and the admin pages'
        // POSTs: they must be refused before anything is read.
        row("GET /", "AAAAAAAA");
        row("GET /directory", "SAAAAAFS");
        row("GET /directory/coworkers", "SAAAAAFS");
        row("GET /directory/patients", "SAAAAAFS");
        row("GET /directory/patients/export.csv", "SAAAAAFS");
        row("GET /directory/patients/import", "SAAAAAFS");
        row("GET /directory/patients/import/{id}", "SNNNNNFS");
        row("GET /directory/patients/import/{id}/progress", "SNNNNNFS");
        row("GET /directory/patients/import/{id}/refused.csv", "SNNNNNFS");
        row("GET /directory/patients/new", "SAAAAAFS");
        row("GET /directory/patients/{id}", "SNAAAAFS");
        row("GET /directory/patients/{id}/edit", "SNAAAAFS");
        row("GET /directory/phone-numbers", "SAAAAAFS");
        row("GET /directory/phone-numbers/{team}", "SNNNAAFS");
        row("GET /directory/phone-numbers/{team}/release", "SNFFFAFS");
        row("GET /error", "NNNNNNNN");
        row("GET /inbox", "SAAAAAFS");
        row("GET /inbox/c/{conversationId}/files/{attachmentId}", "SNNNAAFS");
        row("GET /inbox/c/{id}", "SNNNAAFS");
        row("GET /inbox/c/{id}/live", "SNNNAAFS");
        row("GET /inbox/live", "SAAAAAFS");
        row("GET /inbox/new", "SAAAAAFS");
        row("GET /inbox/search", "SAAAAAFS");
        row("GET /invitations/{token}", "NNNNNNNN");
        row("GET /p/conversation", "EEEEEEEA");
        row("GET /p/conversation/files/{id}", "EEEEEEEN");
        row("GET /p/ended", "AAAAAAAA");
        row("GET /p/{token}", "AAAAAAAA");
        row("GET /sandbox/checkout/{id}", "SNFFFNFS");
        row("GET /sandbox/outbox", "SAAAAAFS");
        row("GET /sandbox/outbox/{id}", "SNAAAAFS");
        row("GET /sandbox/phone", "SAAAAAFS");
        row("GET /settings", "SAAAAAFS");
        row("GET /settings/account/two-step", "SAAAAAFS");
        row("GET /settings/organization", "SAAAAAFS");
        row("GET /settings/organization/audit-log", "SAFFFAFS");
        row("GET /settings/organization/general", "SAAAAAFS");
        row("GET /settings/organization/messaging", "SAFFFAFS");
        row("GET /settings/organization/plan", "SAFFFAFS");
        row("GET /settings/organization/plan/phone-number", "SAFFFAFS");
        row("GET /settings/organization/plan/port-in", "SAFFFAFS");
        row("GET /settings/organization/security", "SAFFFAFS");
        row("GET /settings/organization/users", "SAFFFAFS");
        row("GET /sign-in", "AAAAAAAA");
        row("GET /sign-in/code", "SFFFFFFS");
        row("GET /support", "PFFFFFAP");
        row("GET /support/port-ins/{id}", "PFFFFFNP");
        row("GET /support/sign-in", "AAAAAAAA");
        row("GET /welcome", "AAAAAAAA");
        row("POST /directory/patients", "SA----FF");
        row("POST /directory/patients/import", "SA----FF");
        row("POST /directory/patients/import/{id}/cancel", "SN----FF");
        row("POST /directory/patients/import/{id}/start", "SN----FF");
        row("POST /directory/patients/new", "SA----FF");
        row("POST /directory/patients/{id}/archive", "SN----FF");
        row("POST /directory/patients/{id}/edit", "SN----FF");
        row("POST /directory/phone-numbers/{team}/members", "SNFF--FF");
        row("POST /directory/phone-numbers/{team}/members/{user}/remove", "SNFF--FF");
        row("POST /directory/phone-numbers/{team}/name", "SAFF--FF");
        row("POST /directory/phone-numbers/{team}/release", "SAFF--FF");
        row("POST /inbox/c/{id}/links", "SNNN--FF");
        row("POST /inbox/c/{id}/messages", "SNNN--FF");
        row("POST /inbox/c/{id}/replies", "SNNN--FF");
        row("POST /inbox/new", "SA----FF");
        row("POST /inbox/new/find", "SA----FF");
        row("POST /inbox/scope", "SA----FF");
        row("POST /inbox/search", "SA----FF");
        row("POST /invitations/{token}", "NN----FF");
        row("POST /p/conversation/replies", "FF----FE");
        row("POST /p/sign-out", "FF----FA");
        row("POST /p/{token}/code", "FF----FA");
        row("POST /p/{token}/verify", "FF----FA");
        row("POST /sandbox/checkout/{id}", "SN----FF");
        row("POST /sandbox/phone", "SA----FF");
        row("POST /sandbox/phone/open", "SA----FF");
        row("POST /settings/account/two-step", "SA----FF");
        row("POST /settings/organization/audit-log", "SAFF--FF");
        row("POST /settings/organization/audit-log/export", "SAFF--FF");
        row("POST /settings/organization/audit-log/verify", "SAFF--FF");
        row("POST /settings/organization/general", "SAFF--FF");
        row("POST /settings/organization/messaging", "SAFF--FF");
        row("POST /settings/organization/plan/cancel", "SAFF--FF");
        row("POST /settings/organization/plan/checkout", "SNFF--FF");
        row("POST /settings/organization/plan/phone-number", "SAFF--FF");
        row("POST /settings/organization/plan/port-in", "SAFF--FF");
        row("POST /settings/organization/security", "SAFF--FF");
        row("POST /settings/organization/users/invitations", "SAFF--FF");
        row("POST /settings/organization/users/invitations/{id}/resend", "SNFF--FF");
        row("POST /settings/organization/users/invitations/{id}/revoke", "SNFF--FF");
        row("POST /settings/organization/users/{id}/deactivate", "SNFF--FF");
        row("POST /settings/organization/users/{id}/mfa-reset", "SNFF--FF");
        row("POST /settings/organization/users/{id}/role", "SAFF--FF");
        row("POST /sign-in/code", "SF----FF");
        row("POST /support/port-ins/{id}/completed", "PF----FF");
        row("POST /support/port-ins/{id}/eligible", "PF----FF");
        row("POST /support/port-ins/{id}/not-portable", "PF----FF");
        row("POST /webhooks/stripe", "BB----BB");
        row("POST /webhooks/twilio/inbound", "FF----FF");
        row("POST /webhooks/twilio/status", "FF----FF");
        row("POST /welcome", "AA----FF");
    }

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyRouteAnswersEveryActorAsTheTableSays() {
        Fixture fixture = new Fixture();
        Set<String> routes = RouteList.of(mappings);
        Map<String, String> observed = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String route : routes) {
            String expected = TABLE.get(route);
            String method = route.substring(0, route.indexOf(' '));
            String path = fixture.fill(route.substring(route.indexOf(' ') + 1));
            StringBuilder seen = new StringBuilder();
            for (Actor actor : Actor.values()) {
                char want = expected == null ? '?' : expected.charAt(actor.ordinal());
                boolean send = expected == null ? safeToDiscover(method, actor) : want != '-';
                if (!send) {
                    seen.append('-');
                    continue;
                }
                StaffAgent.Peek answer = fixture.agent(actor).peek(method, path);
                char got = outcome(answer);
                // Whoever holds a live secure link reaches its identity step, which names the practice: by design.
                List<String> secrets = route.equals("GET /p/{token}") ? List.of() : fixture.secretsFrom(actor);
                for (String secret : secrets) {
                    if (answer.body().contains(secret)) {
                        wrong.add(route + " as " + actor + " shows \"" + secret + "\"");
                    }
                }
                seen.append(got);
                checked++;
                headerProblems(route, actor, answer).forEach(wrong::add);
                if (got == 'X') {
                    ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
                }
                if (expected != null && got != want) {
                    wrong.add(route + " as " + actor + ": expected " + want + ", got " + got + " (" + answer.status() + " "
                            + answer.location() + ")");
                }
            }
            observed.put(route, seen.toString());
        }
        ReliabilitySummary.add(ReliabilitySummary.ROUTES_X_ACTORS, checked);
        List<String> missing = routes.stream().filter(route -> !TABLE.containsKey(route)).toList();
        List<String> gone = TABLE.keySet().stream().filter(route -> !routes.contains(route)).toList();
        StringBuilder rows = new StringBuilder();
        missing.forEach(route -> rows.append("        row(\"").append(route).append("\", \"").append(observed.get(route)).append("\");\n"));
        assertThat(missing).as("routes missing from the table; observed:\n%s", rows).isEmpty();
        assertThat(gone).as("table rows for routes that no longer exist").isEmpty();
        assertThat(wrong).as("routes answering otherwise than the table says").isEmpty();
    }

    /**
     * Every HTML page, whoever asks: a CSP that allows no inline script or style and no framing, no MIME
     * sniffing, and nothing kept in any cache (pages carry PHI or forms).
     */
    static List<String> headerProblems(String route, Actor actor, StaffAgent.Peek answer) {
        List<String> problems = new ArrayList<>();
        String type = answer.header("Content-Type");
        if (type == null || !type.startsWith("text/html")) {
            return problems;
        }
        String csp = answer.header("Content-Security-Policy");
        if (csp == null || !csp.contains("frame-ancestors 'none'") || csp.contains("unsafe-inline")
                || !(csp.contains("script-src 'self'") || csp.contains("default-src 'none'"))) {
            problems.add(route + " as " + actor + ": Content-Security-Policy " + csp);
        }
        if (!"nosniff".equals(answer.header("X-Content-Type-Options"))) {
            problems.add(route + " as " + actor + ": X-Content-Type-Options " + answer.header("X-Content-Type-Options"));
        }
        String cache = answer.header("Cache-Control");
        if (cache == null || !cache.contains("no-store")) {
            problems.add(route + " as " + actor + ": Cache-Control " + cache);
        }
        return problems;
    }

    /** A valid form for a route, sent as the actor allowed to use it; answers a page, a download or a redirect. */
    record ValidForm(String actor, java.util.function.Function<ValidFixture, StaffAgent.Page> send) {
    }

    /**
     * POST routes whose allowed actors the matrix leaves out ({@code -}): a valid sample of fields each, in the
     * order they are sent (the ones that take something away last). Actor names are for the report only.
     */
    static final Map<String, ValidForm> VALID = new LinkedHashMap<>();

    /** POST routes that get no valid form here, and why. */
    static final Map<String, String> NO_VALID_FORM = Map.of(
            "POST /webhooks/stripe", "signed by Stripe: BillingTests and StripeWebhookTests send signed events",
            "POST /webhooks/twilio/inbound", "signed by Twilio: the Twilio adapter and WebhookReplayTests send signed ones",
            "POST /webhooks/twilio/status", "signed by Twilio: the Twilio adapter and WebhookReplayTests send signed ones");

    static void valid(String route, String actor, java.util.function.Function<ValidFixture, StaffAgent.Page> send) {
        VALID.put(route, new ValidForm(actor, send));
    }

    static {
        valid("POST /welcome", "visitor", f -> f.visitor.post("/welcome", "organizationName", "Valid Welcome Clinic",
                "yourName", "Val Visitor", "email", uniqueEmail("welcome"), "password", PASSWORD));
        valid("POST /invitations/{token}", "invitee", f -> {
            f.invitee.get(f.invitationPath);
            return f.invitee.post(f.invitationPath, "yourName", "Ivy Invitee", "password", PASSWORD);
        });
        valid("POST /inbox/search", "member", f -> f.member.post("/inbox/search", "q", "Lee"));
        valid("POST /inbox/new/find", "member", f -> f.member.post("/inbox/new/find", "q", "(415) 555-2691"));
        valid("POST /inbox/new", "member", f -> f.member.post("/inbox/new", "patient", f.patient, "sendFrom", f.team, "q", ""));
        valid("POST /inbox/scope", "member", f -> f.member.post("/inbox/scope", "scope", f.team));
        valid("POST /inbox/c/{id}/messages", "member", f -> f.member.post(f.chat + "/messages", "mode", "SECURE_CHAT",
                "body", "Your forms are ready."));
        valid("POST /inbox/c/{id}/links", "member", f -> f.member.post(f.chat + "/links"));
        valid("POST /inbox/c/{id}/replies", "member", f -> f.member.post(f.chat + "/replies", "allowed", "true"));
        valid("POST /directory/patients", "member", f -> f.member.post("/directory/patients", "q", "Lee"));
        valid("POST /directory/patients/new", "member", f -> f.member.post("/directory/patients/new", "phone", "(415) 555-2693",
                "firstName", "Nova", "lastName", "New", "dateOfBirth", "1991-02-03", "mrn", "", "email", ""));
        valid("POST /directory/patients/{id}/edit", "member", f -> f.member.post("/directory/patients/" + f.patient + "/edit",
                "phone", "(415) 555-2691", "firstName", "Jordan", "lastName", "Lee", "dateOfBirth", "1985-04-23", "mrn", "MRN-77",
                "email", ""));
        valid("POST /directory/patients/{id}/archive", "member", f -> f.member.post("/directory/patients/" + f.archived + "/archive"));
        valid("POST /directory/patients/import", "member", f -> f.importUpload());
        valid("POST /directory/patients/import/{id}/start", "member", f -> f.member.post("/directory/patients/import/"
                + f.importUploaded() + "/start"));
        valid("POST /directory/patients/import/{id}/cancel", "member", f -> f.member.post("/directory/patients/import/"
                + f.importUploaded() + "/cancel"));
        valid("POST /sandbox/phone/open", "member", f -> f.member.post("/sandbox/phone/open", "number", "(415) 555-2691"));
        valid("POST /sandbox/phone", "member", f -> f.member.post("/sandbox/phone", "number", "(415) 555-2691", "to", f.number,
                "body", "Thanks, see you then."));
        valid("POST /settings/account/two-step", "member", f -> f.enrolMember());
        valid("POST /sign-in/code", "member (password given)", f -> f.secondStep());
        valid("POST /p/{token}/code", "patient", f -> {
            f.patientWithoutDob.get("/p/" + f.tokenWithoutDob);
            return f.patientWithoutDob.post("/p/" + f.tokenWithoutDob + "/code", "channel", "SMS");
        });
        valid("POST /p/{token}/verify", "patient", f -> {
            // The member's message and resend above replaced the first link: the newest text holds the live one.
            String token = f.liveToken();
            f.portalPatient.get("/p/" + token);
            return f.portalPatient.post("/p/" + token + "/verify", "dateOfBirth", "1985-04-23");
        });
        valid("POST /p/conversation/replies", "patient", f -> {
            f.portalPatient.get("/p/conversation");
            return f.portalPatient.post("/p/conversation/replies", "body", "Thank you!");
        });
        valid("POST /p/sign-out", "patient", f -> f.portalPatient.post("/p/sign-out"));
        valid("POST /settings/organization/general", "admin", f -> f.admin.post("/settings/organization/general", "name",
                "Valid Forms Clinic", "timeZone", "America/New_York", "street", "1 Main St", "city", "Springfield", "state", "OR",
                "postalCode", "97477", "secureLinkDays", "7"));
        valid("POST /settings/organization/messaging", "admin", f -> f.admin.post("/settings/organization/messaging",
                "blockPhi", "false"));
        valid("POST /settings/organization/security", "admin", f -> f.admin.post("/settings/organization/security", "policy", "OFF"));
        valid("POST /settings/organization/audit-log", "admin", f -> f.admin.post("/settings/organization/audit-log",
                "user", "", "patient", "", "action", "", "from", "", "to", ""));
        valid("POST /settings/organization/audit-log/export", "admin", f -> f.admin.post("/settings/organization/audit-log/export",
                "user", "", "patient", "", "action", "", "from", "", "to", ""));
        valid("POST /settings/organization/audit-log/verify", "admin", f -> f.admin.post("/settings/organization/audit-log/verify"));
        valid("POST /settings/organization/users/invitations", "admin", f -> f.admin.post("/settings/organization/users/invitations",
                "email", uniqueEmail("valid-invite")));
        valid("POST /settings/organization/users/invitations/{id}/resend", "admin", f -> f.admin.post(
                "/settings/organization/users/invitations/" + f.invitation + "/resend"));
        valid("POST /settings/organization/users/invitations/{id}/revoke", "admin", f -> f.admin.post(
                "/settings/organization/users/invitations/" + f.pendingInvitation() + "/revoke"));
        valid("POST /settings/organization/users/{id}/role", "admin", f -> f.admin.post("/settings/organization/users/"
                + f.coworker + "/role", "role", "ADMIN"));
        valid("POST /settings/organization/users/{id}/mfa-reset", "admin", f -> f.admin.post("/settings/organization/users/"
                + f.memberId + "/mfa-reset"));
        valid("POST /directory/phone-numbers/{team}/name", "admin", f -> f.admin.post("/directory/phone-numbers/" + f.team + "/name",
                "name", "Front desk"));
        valid("POST /directory/phone-numbers/{team}/members", "admin", f -> f.admin.post("/directory/phone-numbers/" + f.team
                + "/members", "user", f.coworker.toString()));
        valid("POST /directory/phone-numbers/{team}/members/{user}/remove", "admin", f -> f.admin.post("/directory/phone-numbers/"
                + f.team + "/members/" + f.coworker + "/remove"));
        valid("POST /settings/organization/plan/checkout", "admin", f -> f.admin.post("/settings/organization/plan/checkout",
                "planId", "sms-pro"));
        valid("POST /sandbox/checkout/{id}", "admin", f -> {
            var started = f.admin.post("/settings/organization/plan/checkout", "planId", "sms-pro");
            String checkout = java.net.URI.create(started.location()).getPath();
            f.admin.get(checkout);
            return f.admin.post(checkout, "cardNumber", "4242424242424242", "expiry", "12/39", "cvc", "123",
                    "nameOnCard", "Dana Whitfield");
        });
        valid("POST /settings/organization/plan/phone-number", "admin", f -> {
            String page = f.admin.get("/settings/organization/plan/phone-number?areaCode=503").body();
            Matcher row = Pattern.compile("<span class=\"number\">\\((\\d{3})\\) (\\d{3})-(\\d{4})</span>").matcher(page);
            assertThat(row.find()).as("numbers offered").isTrue();
            return f.admin.post("/settings/organization/plan/phone-number", "areaCode", "503", "number",
                    "+1" + row.group(1) + row.group(2) + row.group(3));
        });
        valid("POST /settings/organization/plan/port-in", "admin", f -> {
            f.admin.get("/settings/organization/plan/port-in");
            return f.admin.post("/settings/organization/plan/port-in", "number", "(541) 555-2177", "currentCarrier", "Old Telco",
                    "accountNumber", "ACCT-7", "pin", "7777", "authorizedName", "Dana Whitfield",
                    "serviceAddress", "1 Main St, Springfield", "signature", "Dana Whitfield");
        });
        valid("POST /support/port-ins/{id}/eligible", "support", f -> f.support.post("/support/port-ins/" + f.portIn() + "/eligible"));
        valid("POST /support/port-ins/{id}/completed", "support", f -> f.support.post("/support/port-ins/" + f.portIn() + "/completed"));
        valid("POST /support/port-ins/{id}/not-portable", "support", f -> f.support.post("/support/port-ins/" + f.secondPortIn()
                + "/not-portable", "reason", "The number belongs to another account at the current carrier."));
        valid("POST /directory/phone-numbers/{team}/release", "admin", f -> f.admin.post("/directory/phone-numbers/"
                + f.team + "/release", "confirmed", "true"));
        valid("POST /settings/organization/users/{id}/deactivate", "admin", f -> f.admin.post("/settings/organization/users/"
                + f.coworker + "/deactivate"));
        valid("POST /settings/organization/plan/cancel", "admin", f -> f.admin.post("/settings/organization/plan/cancel"));
    }

    @Test
    void theActorsAllowedAFormGetItsSuccessAnswer() {
        Set<String> routes = RouteList.of(mappings);
        List<String> unsent = TABLE.entrySet().stream()
                .filter(row -> row.getKey().startsWith("POST ") && row.getValue().contains("-"))
                .map(Map.Entry::getKey)
                .filter(route -> !VALID.containsKey(route) && !NO_VALID_FORM.containsKey(route))
                .toList();
        assertThat(unsent).as("POST routes whose allowed actors get no valid form: add a row to VALID").isEmpty();
        assertThat(VALID.keySet().stream().filter(route -> !routes.contains(route)).toList())
                .as("VALID rows for routes that no longer exist").isEmpty();

        ValidFixture fixture = new ValidFixture();
        List<String> wrong = new ArrayList<>();
        StringBuilder answers = new StringBuilder("Valid forms, as the actor allowed:\n");
        VALID.forEach((route, form) -> {
            StaffAgent.Page answer = form.send().apply(fixture);
            answers.append("  ").append(route).append(" as ").append(form.actor()).append(": ").append(answer.status())
                    .append(answer.location() == null ? "" : " -> " + answer.location().replaceFirst("^https?://[^/]+", ""))
                    .append('\n');
            ReliabilitySummary.add(ReliabilitySummary.ROUTES_X_ACTORS, 1);
            ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, 1);
            if (answer.status() >= 500) {
                ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
            }
            String location = answer.location() == null ? "" : answer.location().replaceFirst("^https?://[^/]+", "");
            boolean refused = answer.status() >= 400 || location.startsWith("/sign-in") || location.startsWith("/support/sign-in")
                    || location.startsWith("/p/ended") || location.contains("error")
                    || (answer.status() == 200 && answer.body().contains("class=\"error-summary\""));
            if (refused) {
                wrong.add(route + " as " + form.actor() + ": " + answer.status() + " " + location
                        + problemIn(answer.body()));
            }
        });
        System.out.print(answers);
        assertThat(wrong).as("valid forms that did not get their success answer").isEmpty();
        // Two of the 200 answers, by what they did: the sandbox phone's text arrived; the member's enrolment took.
        assertThat(MessagingTests.eventually(() -> jdbc.sql("select count(*) from message where organization_id = :org "
                        + "and body = 'Thanks, see you then.'").param("org", fixture.org.id()).query(Integer.class).single(),
                count -> count > 0)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'MFA_ENROLLED' "
                        + "and actor_user_id = :member").param("org", fixture.org.id()).param("member", fixture.memberId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    private static String problemIn(String body) {
        Matcher problem = Pattern.compile("class=\"error-summary\"[^>]*>(.{0,300})", Pattern.DOTALL).matcher(body);
        return problem.find() ? " " + problem.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip() : "";
    }

    /**
     * Organization "Valid Forms Clinic" with a number (team T), a member of T, a coworker (the one whose role
     * changes and who is deactivated last), a patient with a conversation on T and a secure link, a patient
     * without a date of birth with a link of their own, a patient to archive, a pending invitation; a support
     * operator; a visitor; an invitee with their invitation link. Nothing here is shared with the matrix's fixture.
     */
    final class ValidFixture {

        final Org org = newOrganization("Valid Forms Clinic");
        final StaffAgent admin = org.admin();
        final String number = MessagingTests.withNumber(org, "415");
        final String team = jdbc.sql("select team_id::text from phone_number where organization_id = :org and number = :n")
                .param("org", org.id()).param("n", number).query(String.class).single();
        final Member memberRecord = org.addMember("Val Member");
        final StaffAgent member = memberRecord.agent();
        final UUID memberId = memberRecord.id();
        final UUID coworker = org.addMember("Cory Coworker").id();
        final StaffAgent visitor = anonymous();
        final StaffAgent invitee = anonymous();
        final StaffAgent portalPatient = anonymous();
        final StaffAgent patientWithoutDob = anonymous();
        final StaffAgent support = anonymous();
        final String patient;
        final String archived;
        final String chat;
        final String token;
        final String tokenWithoutDob;
        final String invitation;
        final String invitationPath;
        final SecureLinkFixture withDob;
        private byte[] mfaSecret;
        private String portIn;
        private String secondPortIn;

        ValidFixture() {
            admin.post("/directory/phone-numbers/" + team + "/members", "user", memberId.toString());
            withDob = SecureLinkFixture.create(org, "(415) 555-2691", "1985-04-23");
            chat = withDob.path();
            token = withDob.sendAndReadToken(org, jdbc);
            patient = jdbc.sql("select patient_id::text from conversation where id = :id").param("id", withDob.conversation())
                    .query(String.class).single();
            SecureLinkFixture withoutDob = SecureLinkFixture.create(org, "(415) 555-2692", "");
            tokenWithoutDob = withoutDob.sendAndReadToken(org, jdbc);
            admin.post("/directory/patients/new", "phone", "(415) 555-2694", "firstName", "Arlo", "lastName", "Archive",
                    "dateOfBirth", "", "mrn", "", "email", "");
            archived = jdbc.sql("select id::text from patient where organization_id = :org and last_name = 'Archive'")
                    .param("org", org.id()).query(String.class).single();
            admin.post("/settings/organization/users/invitations", "email", uniqueEmail("valid-pending"));
            invitation = jdbc.sql("select id::text from invitation where organization_id = :org and accepted_at is null "
                            + "order by created_at desc limit 1").param("org", org.id()).query(String.class).single();
            String invitee = uniqueEmail("valid-invitee");
            admin.post("/settings/organization/users/invitations", "email", invitee);
            invitationPath = invitationPathFor(invitee);
            support.get("/support/sign-in");
            support.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test");
            visitor.get("/welcome");
            member.get("/inbox");
        }

        String liveToken() {
            return MessagingTests.eventually(() -> withDob.latestToken(jdbc), latest -> !latest.equals(token));
        }

        /** The pending invitation as it is now (a resend replaces it with a new one). */
        String pendingInvitation() {
            return jdbc.sql("select id::text from invitation where organization_id = :org and accepted_at is null "
                            + "and revoked_at is null and email = (select email from invitation where id = :first)")
                    .param("org", org.id()).param("first", UUID.fromString(invitation)).query(String.class).single();
        }

        StaffAgent.Page importUpload() {
            member.get("/directory/patients/import");
            String csv = "first_name,last_name,phone,dob\nIma,Import,(415) 555-2695,1980-01-01\n";
            return member.upload("/directory/patients/import", "file", "patients.csv", "text/csv", csv.getBytes());
        }

        /** A fresh upload's id for each of start and cancel. */
        String importUploaded() {
            StaffAgent.Page uploaded = importUpload();
            assertThat(uploaded.location()).as("uploaded: %s", uploaded).contains("/directory/patients/import/");
            String id = uploaded.location().substring(uploaded.location().lastIndexOf('/') + 1);
            member.get("/directory/patients/import/" + id);
            return id;
        }

        StaffAgent.Page enrolMember() {
            Matcher secret = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>")
                    .matcher(member.get("/settings/account/two-step").body());
            assertThat(secret.find()).isTrue();
            mfaSecret = BruteForceTests.base32(secret.group(1));
            return member.post("/settings/account/two-step", "code",
                    com.bloomtext.accounts.mfa.Totp.code(mfaSecret, com.bloomtext.accounts.mfa.Totp.step(java.time.Instant.now())));
        }

        StaffAgent.Page secondStep() {
            StaffAgent again = anonymous();
            again.get("/sign-in");
            assertThat(again.post("/sign-in", "email", memberRecord.email(), "password", PASSWORD).redirectsTo("/sign-in/code"))
                    .isTrue();
            again.get("/sign-in/code");
            return again.post("/sign-in/code", "code", com.bloomtext.accounts.mfa.Totp.code(mfaSecret,
                    com.bloomtext.accounts.mfa.Totp.step(java.time.Instant.now()) + 1));
        }

        /** The port-in submitted by its VALID row, opened in the support console. */
        String portIn() {
            if (portIn == null) {
                portIn = jdbc.sql("select id::text from port_in_request where organization_id = :org order by submitted_at limit 1")
                        .param("org", org.id()).query(String.class).single();
                support.get("/support/port-ins/" + portIn);
            }
            return portIn;
        }

        /** A second port-in, for "not portable". */
        String secondPortIn() {
            if (secondPortIn == null) {
                admin.get("/settings/organization/plan/port-in");
                admin.post("/settings/organization/plan/port-in", "number", "(541) 555-2178", "currentCarrier", "Old Telco",
                        "accountNumber", "ACCT-8", "pin", "8888", "authorizedName", "Dana Whitfield",
                        "serviceAddress", "1 Main St, Springfield", "signature", "Dana Whitfield");
                secondPortIn = jdbc.sql("select id::text from port_in_request where organization_id = :org and number = '+15415552178'")
                        .param("org", org.id()).query(String.class).single();
                support.get("/support/port-ins/" + secondPortIn);
            }
            return secondPortIn;
        }
    }

    /** While a route is not in the table: GETs as everyone; POSTs only as actors that cannot change the fixture. */
    private static boolean safeToDiscover(String method, Actor actor) {
        return method.equals("GET") || actor == Actor.ANONYMOUS || actor == Actor.OTHER_ORG_ADMIN || actor == Actor.SUPPORT
                || actor == Actor.PORTAL_OTHER;
    }

    static char outcome(StaffAgent.Peek answer) {
        int status = answer.status();
        String location = answer.location() == null ? "" : answer.location().replaceFirst("^https?://[^/]+", "");
        if (status >= 500) {
            return 'X';
        }
        if (status == 404) {
            return 'N';
        }
        if (status == 403 || status == 401) {
            return 'F';
        }
        if (status >= 300 && status < 400 && location.startsWith("/support/sign-in")) {
            return 'P';
        }
        if (status >= 300 && status < 400 && location.startsWith("/sign-in")) {
            return 'S';
        }
        if (status >= 300 && status < 400 && location.startsWith("/p/ended")) {
            return 'E';
        }
        if (status == 400) {
            return 'B';
        }
        return 'A';
    }

    static void row(String route, String outcomes) {
        TABLE.put(route, outcomes);
    }

    /**
     * Organization "Matrix Clinic": its admin bought a number (team T); a member of T; a coworker never in
     * T; a coworker added to T then removed; a conversation on T with a patient on file and a PDF; a
     * pending invitation; a port-in request. Another organization's admin; a support operator; a patient
     * verified on a secure link of another conversation.
     */
    final class Fixture {

        final Org org = newOrganization("Matrix Clinic");

        final Map<Actor, StaffAgent> agents = new EnumMap<>(Actor.class);
        final Map<String, String> ids = new LinkedHashMap<>();

        Fixture() {
            number = MessagingTests.withNumber(org, "415");
            String team = jdbc.sql("select team_id from phone_number where organization_id = :org and number = :n")
                    .param("org", org.id()).param("n", number).query(UUID.class).single().toString();
            Member member = org.addMember("Mia Member");
            Member outsider = org.addMember("Nico Nonmember");
            Member removed = org.addMember("Rae Removed");
            org.admin().post("/directory/phone-numbers/" + team + "/members", "user", member.id().toString());
            org.admin().post("/directory/phone-numbers/" + team + "/members", "user", removed.id().toString());
            org.admin().post("/directory/phone-numbers/" + team + "/members/" + removed.id() + "/remove");

            org.admin().get("/directory/patients/new");
            org.admin().post("/directory/patients/new", "phone", "(415) 555-2681", "firstName", "Jordan", "lastName", "Lee",
                    "dateOfBirth", "1985-04-23", "mrn", "", "email", "");
            String chat = MessagingTests.chatWith(org.admin(), "(415) 555-2681");
            UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
            org.admin().upload(chat + "/messages", Map.of("mode", "SECURE_CHAT", "body", "Your results."), "file",
                    "results.pdf", "application/pdf", "%PDF-1.4\n%matrix\n".getBytes());
            UUID patient = jdbc.sql("select patient_id from conversation where id = :id").param("id", conversation)
                    .query(UUID.class).single();
            String attachment = jdbc.sql("select id::text from message_attachment where conversation_id = :id limit 1")
                    .param("id", conversation).query(String.class).optional().orElse(UUID.randomUUID().toString());
            org.admin().post("/settings/organization/users/invitations", "email", uniqueEmail("pending"));
            String invitation = jdbc.sql("select id::text from invitation where organization_id = :org limit 1")
                    .param("org", org.id()).query(String.class).optional().orElse(UUID.randomUUID().toString());
            String email = jdbc.sql("select id::text from sandbox_email where organization_id = :org limit 1")
                    .param("org", org.id()).query(String.class).optional().orElse(UUID.randomUUID().toString());

            // A patient of another conversation of the same organization, verified on its secure link.
            org.admin().post("/directory/patients/new", "phone", "(415) 555-2682", "firstName", "Pat", "lastName", "Other",
                    "dateOfBirth", "1990-01-02", "mrn", "", "email", "");
            String otherChat = MessagingTests.chatWith(org.admin(), "(415) 555-2682");
            org.admin().post(otherChat + "/messages", "mode", "SECURE_CHAT", "body", "Hello from the practice.");
            String text = MessagingTests.eventually(() -> jdbc.sql("select body from sandbox_sms where to_number = :to "
                            + "and from_number = :from and body like '%/p/%' order by created_at desc limit 1")
                    .param("to", E164.parse("(415) 555-2682", "US").value()).param("from", number).query(String.class).optional().orElse(""),
                    body -> !body.isEmpty());
            Matcher link = Pattern.compile("/p/([A-Za-z0-9_-]{43})").matcher(text);
            assertThat(link.find()).as("a secure link was texted: %s", text).isTrue();
            StaffAgent portal = anonymous();
            portal.get("/p/" + link.group(1));
            portal.post("/p/" + link.group(1) + "/verify", "dateOfBirth", "1990-01-02");
            // This conversation's own link, for the token routes: reaching the identity step is what a link is for.
            org.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "One more thing.");
            // Two link texts reach this phone (the PDF's message, then this one, whose link voids the first).
            List<String> ownTexts = MessagingTests.eventually(() -> jdbc.sql("select body from sandbox_sms where to_number = :to "
                            + "and from_number = :from and body like '%/p/%' order by created_at, id")
                    .param("to", E164.parse("(415) 555-2681", "US").value()).param("from", number).query(String.class).list(),
                    texts -> texts.size() >= 2);
            String ownText = ownTexts.getLast();
            Matcher ownLink = Pattern.compile("/p/([A-Za-z0-9_-]{43})").matcher(ownText);
            assertThat(ownLink.find()).isTrue();

            org.admin().get("/settings/organization/plan/port-in");
            org.admin().post("/settings/organization/plan/port-in", "number", "(541) 555-2199", "currentCarrier", "Old Telco",
                    "accountNumber", "ACCT-9", "pin", "9876", "authorizedName", "Dana Whitfield",
                    "serviceAddress", "1 Main St, Springfield", "signature", "Dana Whitfield");
            String portIn = jdbc.sql("select id::text from port_in_request where organization_id = :org limit 1")
                    .param("org", org.id()).query(String.class).optional().orElse(UUID.randomUUID().toString());
            String importId = UUID.randomUUID().toString();

            StaffAgent support = anonymous();
            support.get("/support/sign-in");
            support.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test");

            agents.put(Actor.OTHER_ORG_ADMIN, newOrganization("Elsewhere Clinic").admin());
            agents.put(Actor.NON_MEMBER, outsider.agent());
            agents.put(Actor.REMOVED_MEMBER, removed.agent());
            agents.put(Actor.MEMBER, member.agent());
            agents.put(Actor.ADMIN, org.admin());
            agents.put(Actor.SUPPORT, support);
            agents.put(Actor.PORTAL_OTHER, portal);

            ids.put("team", team);
            ids.put("user", member.id().toString());
            ids.put("conversation", conversation.toString());
            ids.put("attachment", attachment);
            ids.put("patient", patient.toString());
            ids.put("invitation", invitation);
            ids.put("email", email);
            ids.put("portIn", portIn);
            ids.put("import", importId);
            ids.put("token", ownLink.group(1));
        }

        String number;

        /** What this actor must never read in any answer. */
        List<String> secretsFrom(Actor actor) {
            return switch (actor) {
                case OTHER_ORG_ADMIN -> List.of("Matrix Clinic", "Jordan", "Mia Member", number,
                        "(" + number.substring(2, 5) + ") " + number.substring(5, 8) + "-" + number.substring(8));
                case PORTAL_OTHER -> List.of("Jordan", "Your results.");
                default -> List.of();
            };
        }

        StaffAgent agent(Actor actor) {
            return actor == Actor.ANONYMOUS ? anonymous() : agents.get(actor);
        }

        /** The route's path with the fixture's ids in its variables, chosen by where the variable sits. */
        String fill(String pattern) {
            String path = pattern;
            path = path.replace("/directory/phone-numbers/{team}/members/{user}", "/directory/phone-numbers/" + ids.get("team")
                    + "/members/" + ids.get("user"));
            path = path.replace("{team}", ids.get("team"));
            path = path.replaceAll("/inbox/c/\\{[^}]+}/files/\\{[^}]+}", "/inbox/c/" + ids.get("conversation") + "/files/"
                    + ids.get("attachment"));
            path = path.replaceAll("/inbox/c/\\{[^}]+}", "/inbox/c/" + ids.get("conversation"));
            path = path.replaceAll("/directory/patients/import/\\{[^}]+}", "/directory/patients/import/" + ids.get("import"));
            path = path.replaceAll("/directory/patients/\\{[^}]+}", "/directory/patients/" + ids.get("patient"));
            path = path.replaceAll("/users/invitations/\\{[^}]+}", "/users/invitations/" + ids.get("invitation"));
            path = path.replaceAll("/users/\\{[^}]+}", "/users/" + ids.get("user"));
            path = path.replaceAll("/sandbox/outbox/\\{[^}]+}", "/sandbox/outbox/" + ids.get("email"));
            path = path.replaceAll("/support/port-ins/\\{[^}]+}", "/support/port-ins/" + ids.get("portIn"));
            path = path.replaceAll("/p/files/\\{[^}]+}", "/p/files/" + ids.get("attachment"));
            path = path.replaceAll("\\{token}", ids.get("token"));
            path = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            return path;
        }
    }
}
