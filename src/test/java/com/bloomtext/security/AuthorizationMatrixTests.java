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
 * empty form as the actors who must be refused; members and admins are not sent mutating POSTs (the
 * feature tests do that), which the table marks {@code -}.
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
                            + "and body like '%/p/%' order by created_at desc limit 1")
                    .param("to", E164.parse("(415) 555-2682", "US").value()).query(String.class).optional().orElse(""),
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
                            + "and body like '%/p/%' order by created_at, id")
                    .param("to", E164.parse("(415) 555-2681", "US").value()).query(String.class).list(),
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
