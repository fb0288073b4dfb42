package com.bloomtext.security.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.accounts.mfa.TwoStepVerificationTests;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.reliability.ReliabilitySummary;
import com.bloomtext.security.RouteList;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import net.jqwik.api.sessions.JqwikSession;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every form the application accepts, posted with hostile field values by someone allowed to use it:
 * empty, huge, any unicode, control characters and NUL, wrong types, fields missing, repeated or unknown,
 * ids in the path that are not ids. The properties, for every try: never a 5xx; the answer is a page that
 * says something (a 4xx page, the form again with its message, or a redirect to where a success leads);
 * and when the form refuses, the records it writes are exactly as they were (nothing stored half-way).
 *
 * <p>How this is driven: jqwik has no Spring extension here, and a {@code @Property} class would not share
 * the suite's one Spring context; so this is a JUnit test of that context that draws each try from jqwik's
 * arbitraries ({@link HostileInput}, seeded: the seed is in every failure message). The route list comes
 * from Spring MVC's mappings ({@link RouteList}): a POST route without a row in {@link #FORMS} fails the build,
 * as does a row for a route that is gone. Two forms are Spring Security's own (staff and support sign-in)
 * and are listed by hand.
 */
class FormInputPropertiesTests extends IntegrationTest {

    static final int TRIES = 24;

    /**
     * Where the strangers, the patient and the code step come from (through the trusted proxy): hostile sign-ins,
     * identity checks and codes fail by the dozen, and the per-address throttles must not pause the other tests.
     */
    static final String ADDRESS = "198.19." + java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 256) + "."
            + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255);

    /** Routes answered by Spring Security's filters, not Spring MVC: forms all the same. */
    static final Set<String> SECURITY_FORMS = Set.of("POST /sign-in", "POST /support/sign-in");

    /**
     * A form: who posts it, the path (ids filled from the fixture, or hostile), its fields with a valid value
     * each (empty when any valid value would do harm), and the SQL that reads what it writes (null: it
     * writes nothing a refusal could leave half-done, or what it writes also changes by design on refusal).
     */
    record Form(Function<Fixture, StaffAgent> actor, Function<Fixture, String> path, Map<String, String> fields,
            String state, boolean rendersOnSuccess) {
    }

    static final Map<String, Function<Fixture, Form>> FORMS = new TreeMap<>();

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    static String rows(String table) {
        return "select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table
                + " t where organization_id = :org";
    }

    static String count(String table) {
        return "select count(*)::text from " + table + " t where organization_id = :org";
    }

    static {
        String patientFields = "phone,(415) 555-0199,firstName,Robin,lastName,Hart,dateOfBirth,1980-01-02,mrn,,email,";
        FORMS.put("POST /directory/patients", f -> new Form(Fixture::member, x -> "/directory/patients",
                fields("q", "Jordan", "page", "1"), null, true));
        FORMS.put("POST /directory/patients/new", f -> new Form(Fixture::member, x -> "/directory/patients/new",
                fields(patientFields.split(",", -1)), rows("patient"), false));
        FORMS.put("POST /directory/patients/{id}/edit", f -> new Form(Fixture::member,
                x -> "/directory/patients/" + x.idOr(x.patient) + "/edit", fields(patientFields.split(",", -1)), rows("patient"),
                false));
        FORMS.put("POST /directory/patients/{id}/archive", f -> new Form(Fixture::member,
                x -> "/directory/patients/" + x.hostileId() + "/archive", fields(), rows("patient"), false));
        FORMS.put("POST /directory/patients/import", f -> new Form(Fixture::member, x -> "/directory/patients/import",
                fields(), count("patient_import"), false));
        FORMS.put("POST /directory/patients/import/{id}/start", f -> new Form(Fixture::member,
                x -> "/directory/patients/import/" + x.hostileId() + "/start", fields(), rows("patient"), false));
        FORMS.put("POST /directory/patients/import/{id}/cancel", f -> new Form(Fixture::member,
                x -> "/directory/patients/import/" + x.hostileId() + "/cancel", fields(), count("patient_import"), false));
        FORMS.put("POST /directory/phone-numbers/{team}/members", f -> new Form(Fixture::admin,
                x -> "/directory/phone-numbers/" + x.idOr(x.team) + "/members", fields("user", ""), rows("team_member"), false));
        FORMS.put("POST /directory/phone-numbers/{team}/members/{user}/remove", f -> new Form(Fixture::admin,
                x -> "/directory/phone-numbers/" + x.team + "/members/" + x.hostileId() + "/remove", fields(),
                rows("team_member"), false));
        FORMS.put("POST /directory/phone-numbers/{team}/name", f -> new Form(Fixture::admin,
                x -> "/directory/phone-numbers/" + x.idOr(x.team) + "/name", fields("name", "Front desk"), rows("team"), false));
        FORMS.put("POST /directory/phone-numbers/{team}/release", f -> new Form(Fixture::admin,
                x -> "/directory/phone-numbers/" + x.hostileId() + "/release", fields("confirmed", ""), rows("phone_number"),
                false));
        FORMS.put("POST /inbox/c/{id}/links", f -> new Form(Fixture::member,
                x -> "/inbox/c/" + x.hostileId() + "/links", fields(), count("secure_link"), false));
        FORMS.put("POST /inbox/c/{id}/messages", f -> new Form(Fixture::member,
                x -> "/inbox/c/" + x.idOr(x.conversation) + "/messages",
                fields("mode", "SECURE_CHAT", "body", "See you Tuesday.", "phiConfirmed", "false", "switchToSecureChat", "false"),
                count("message"), false));
        FORMS.put("POST /inbox/c/{id}/replies", f -> new Form(Fixture::member,
                x -> "/inbox/c/" + x.idOr(x.conversation) + "/replies", fields("allowed", "true"), null, false));
        FORMS.put("POST /inbox/new", f -> new Form(Fixture::member, x -> "/inbox/new",
                fields("patient", "", "contact", "(415) 555-0142", "sendFrom", "me", "q", ""), count("conversation"), false));
        FORMS.put("POST /inbox/new/find", f -> new Form(Fixture::member, x -> "/inbox/new/find", fields("q", "Jordan"),
                null, true));
        FORMS.put("POST /inbox/scope", f -> new Form(Fixture::member, x -> "/inbox/scope", fields("scope", "all"), null, false));
        FORMS.put("POST /inbox/search", f -> new Form(Fixture::member, x -> "/inbox/search", fields("q", "results"), null, true));
        FORMS.put("POST /invitations/{token}", f -> new Form(Fixture::stranger, x -> x.invitationPath(),
                fields("yourName", "Ivy Invited", "password", PASSWORD), rows("staff_user"), false));
        FORMS.put("POST /p/conversation/replies", f -> new Form(Fixture::patient, x -> "/p/conversation/replies",
                fields("body", "Thank you."), count("message"), false));
        FORMS.put("POST /p/sign-out", f -> new Form(Fixture::stranger, x -> "/p/sign-out", fields(), null, false));
        FORMS.put("POST /p/{token}/code", f -> new Form(Fixture::stranger, x -> "/p/" + x.tokenOrHostile() + "/code",
                fields("channel", "SMS"), null, true));
        FORMS.put("POST /p/{token}/verify", f -> new Form(Fixture::stranger, x -> "/p/" + x.tokenOrHostile() + "/verify",
                fields("dateOfBirth", "", "code", ""), null, true));
        FORMS.put("POST /sandbox/checkout/{id}", f -> new Form(Fixture::shopper, x -> "/sandbox/checkout/" + x.idOr(x.checkout),
                fields("cardNumber", "", "expiry", "12/39", "cvc", "123", "nameOnCard", "Dana Whitfield"), rows("subscription"),
                false));
        FORMS.put("POST /sandbox/phone", f -> new Form(Fixture::member, x -> "/sandbox/phone",
                fields("number", "(415) 555-2681", "to", "", "body", "Hi"), null, true));
        FORMS.put("POST /sandbox/phone/open", f -> new Form(Fixture::member, x -> "/sandbox/phone/open",
                fields("number", "(415) 555-2681"), null, true));
        FORMS.put("POST /settings/account/two-step", f -> new Form(Fixture::member, x -> "/settings/account/two-step",
                fields("code", ""), count("staff_mfa") + " and confirmed_at is not null", false));
        Map<String, String> auditFilter = fields("user", "", "patient", "", "action", "", "from", "2026-01-01", "to", "",
                "page", "1");
        FORMS.put("POST /settings/organization/audit-log", f -> new Form(Fixture::admin,
                x -> "/settings/organization/audit-log", auditFilter, null, true));
        FORMS.put("POST /settings/organization/audit-log/export", f -> new Form(Fixture::admin,
                x -> "/settings/organization/audit-log/export", auditFilter, null, true));
        FORMS.put("POST /settings/organization/audit-log/verify", f -> new Form(Fixture::admin,
                x -> "/settings/organization/audit-log/verify", auditFilter, null, true));
        FORMS.put("POST /settings/organization/general", f -> new Form(Fixture::admin, x -> "/settings/organization/general",
                fields("name", "Input Clinic", "timeZone", "America/New_York", "street", "1 Main St", "city", "Springfield",
                        "state", "IL", "postalCode", "62701", "secureLinkDays", "7"),
                "select coalesce(md5(t::text), '') from organization t where id = :org", false));
        FORMS.put("POST /settings/organization/messaging", f -> new Form(Fixture::admin,
                x -> "/settings/organization/messaging", fields("blockPhi", "false"), rows("messaging_policy"), false));
        FORMS.put("POST /settings/organization/plan/cancel", f -> new Form(Fixture::shopper,
                x -> "/settings/organization/plan/cancel", fields(), null, false));
        FORMS.put("POST /settings/organization/plan/checkout", f -> new Form(Fixture::shopper,
                x -> "/settings/organization/plan/checkout", fields("planId", ""), null, false));
        FORMS.put("POST /settings/organization/plan/phone-number", f -> new Form(Fixture::admin,
                x -> "/settings/organization/plan/phone-number", fields("areaCode", "", "number", ""), rows("phone_number"),
                false));
        FORMS.put("POST /settings/organization/plan/port-in", f -> new Form(Fixture::admin,
                x -> "/settings/organization/plan/port-in",
                fields("number", "(541) 555-2101", "currentCarrier", "Old Telco", "accountNumber", "ACCT-1", "pin", "1234",
                        "authorizedName", "Dana Whitfield", "serviceAddress", "1 Main St", "signature", "Dana Whitfield"),
                count("port_in_request"), false));
        FORMS.put("POST /settings/organization/security", f -> new Form(Fixture::admin, x -> "/settings/organization/security",
                fields("policy", ""), "select coalesce(md5(t::text), '') from organization t where id = :org", false));
        FORMS.put("POST /settings/organization/users/invitations", f -> new Form(Fixture::admin,
                x -> "/settings/organization/users/invitations", fields("email", "new-coworker@example.org"),
                count("invitation"), false));
        FORMS.put("POST /settings/organization/users/invitations/{id}/resend", f -> new Form(Fixture::admin,
                x -> "/settings/organization/users/invitations/" + x.hostileId() + "/resend", fields(), rows("invitation"), false));
        FORMS.put("POST /settings/organization/users/invitations/{id}/revoke", f -> new Form(Fixture::admin,
                x -> "/settings/organization/users/invitations/" + x.hostileId() + "/revoke", fields(), rows("invitation"), false));
        FORMS.put("POST /settings/organization/users/{id}/deactivate", f -> new Form(Fixture::admin,
                x -> "/settings/organization/users/" + x.hostileId() + "/deactivate", fields(), rows("staff_user"), false));
        FORMS.put("POST /settings/organization/users/{id}/mfa-reset", f -> new Form(Fixture::admin,
                x -> "/settings/organization/users/" + x.hostileId() + "/mfa-reset", fields(), rows("staff_mfa"), false));
        FORMS.put("POST /settings/organization/users/{id}/role", f -> new Form(Fixture::admin,
                x -> "/settings/organization/users/" + x.idOr(x.roleTarget) + "/role", fields("role", "MEMBER"),
                rows("staff_user"), false));
        FORMS.put("POST /sign-in", f -> new Form(Fixture::stranger, x -> "/sign-in",
                fields("email", "", "password", ""), null, false));
        FORMS.put("POST /sign-in/code", f -> new Form(Fixture::pendingCode, x -> "/sign-in/code", fields("code", ""), null, true));
        FORMS.put("POST /support/port-ins/{id}/completed", f -> new Form(Fixture::support,
                x -> "/support/port-ins/" + x.hostileId() + "/completed", fields(), count("phone_number"), false));
        FORMS.put("POST /support/port-ins/{id}/eligible", f -> new Form(Fixture::support,
                x -> "/support/port-ins/" + x.hostileId() + "/eligible", fields(), rows("port_in_request"), false));
        FORMS.put("POST /support/port-ins/{id}/not-portable", f -> new Form(Fixture::support,
                x -> "/support/port-ins/" + x.idOr(x.portIn) + "/not-portable", fields("reason", "The account PIN did not match."),
                rows("port_in_request"), false));
        FORMS.put("POST /support/sign-in", f -> new Form(Fixture::stranger, x -> "/support/sign-in",
                fields("email", "", "password", ""), null, false));
        FORMS.put("POST /webhooks/stripe", f -> new Form(Fixture::stranger, x -> "/webhooks/stripe", fields("id", "evt_1"),
                "select count(*)::text from processed_webhook_event t where :org is not null", false));
        FORMS.put("POST /webhooks/twilio/inbound", f -> new Form(Fixture::stranger, x -> "/webhooks/twilio/inbound",
                fields("From", "+14155552681", "To", "+14155550100", "Body", "hi"), count("message"), false));
        FORMS.put("POST /webhooks/twilio/status", f -> new Form(Fixture::stranger, x -> "/webhooks/twilio/status",
                fields("MessageSid", "SM1", "MessageStatus", "delivered"), count("message"), false));
        FORMS.put("POST /welcome", f -> new Form(Fixture::stranger, x -> "/welcome",
                fields("organizationName", "Welcome Clinic", "yourName", "Wes Welcome", "email", "", "password", PASSWORD),
                "select count(*)::text from organization t where :org is not null", false));
    }

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyPostRouteHasAHostileInputProperty() {
        Set<String> posts = new java.util.TreeSet<>(RouteList.of(mappings).stream().filter(r -> r.startsWith("POST ")).toList());
        posts.addAll(SECURITY_FORMS);
        assertThat(posts).as("POST routes without a hostile-input property in FORMS")
                .isSubsetOf(FORMS.keySet());
        assertThat(FORMS.keySet()).as("FORMS rows for routes that no longer exist").isSubsetOf(posts);
    }

    @Test
    void everyFormRefusesHostileInputCleanlyAndStoresNothingHalfWay() {
        Fixture fixture = new Fixture();
        List<String> wrong = new ArrayList<>();
        long seed = Long.getLong("bloomtext.input.seed", System.nanoTime());
        HostileInput input = new HostileInput(seed);
        fixture.input = input;
        int tried = 0;
        // jqwik's generators run inside a jqwik session: outside @Property, this opens one on this thread.
        JqwikSession.start();
        try {
        for (var entry : FORMS.entrySet()) {
            String route = entry.getKey();
            Form form = entry.getValue().apply(fixture);
            for (int i = 0; i < TRIES; i++) {
                StaffAgent agent = form.actor().apply(fixture);
                String path = form.path().apply(fixture);
                List<Map.Entry<String, String>> pairs = hostileFields(form.fields(), input);
                String before = state(route, form, fixture);
                StaffAgent.Page answer;
                if (route.equals("POST /directory/patients/import")) {
                    // A file upload: the part's name, file name, type and content as they fall.
                    pairs = List.of(Map.entry(input.chance(0.8) ? "file" : input.unknownName(), input.value()),
                            Map.entry("type", input.chance(0.5) ? "text/csv" : input.value().replaceAll("[\\r\\n\\u0000]", "")),
                            Map.entry("content", input.value()));
                    // The file name escaped as a browser escapes it in the part's header (HTML's form-data encoding).
                    String fileName = pairs.get(0).getValue().replace("\n", "%0A").replace("\r", "%0D").replace("\"", "%22");
                    answer = agent.upload(path, Map.of(), pairs.get(0).getKey(), fileName, pairs.get(1).getValue(),
                            pairs.get(2).getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    answer = agent.postPairs(path, pairs);
                }
                tried++;
                String problem = problem(route, form, answer, before, state(route, form, fixture));
                if (answer.status() >= 500) {
                    ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
                }
                if (problem != null) {
                    wrong.add(route + " " + describe(path, pairs) + ": " + problem);
                }
            }
        }
        } finally {
            JqwikSession.finish();
        }
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, tried);
        report("forms", wrong);
        assertThat(wrong).as("hostile form input answered wrongly (seed %d, -Dbloomtext.input.seed=%d reproduces it)", seed,
                seed).isEmpty();
    }

    /** The problems found, one a line, in {@code target/security-input/<name>.txt} (a failure message is cut short). */
    static void report(String name, List<String> problems) {
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", "security-input", name + ".txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, problems);
        } catch (java.io.IOException e) {
            // the assertion has them
        }
    }

    /** The form's fields, each valid, hostile, missing or repeated as it falls, and maybe one the form lacks. */
    static List<Map.Entry<String, String>> hostileFields(Map<String, String> fields, HostileInput input) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (var field : fields.entrySet()) {
            if (input.chance(0.1)) {
                continue;
            }
            boolean valid = !field.getValue().isEmpty() && input.chance(0.3);
            pairs.add(Map.entry(field.getKey(), valid ? field.getValue() : input.value()));
            if (input.chance(0.1)) {
                pairs.add(Map.entry(field.getKey(), input.value()));
            }
        }
        if (fields.isEmpty() || input.chance(0.2)) {
            pairs.add(Map.entry(input.unknownName(), input.value()));
        }
        return pairs;
    }

    private String state(String route, Form form, Fixture fixture) {
        if (form.state() == null) {
            return "";
        }
        return jdbc.sql(form.state()).param("org", fixture.orgOf(route)).query(String.class).single();
    }

    /** What is wrong with this answer, or null. */
    static String problem(String route, Form form, StaffAgent.Page answer, String before, String after) {
        int status = answer.status();
        if (status >= 500) {
            return "answered " + status;
        }
        boolean redirect = status >= 300 && status < 400;
        if (redirect && (answer.location() == null || answer.location().contains("/error"))) {
            return "redirected to " + answer.location();
        }
        // A carrier's webhook answers its machine with a status alone; a person's form answers with a page.
        if (!redirect && status != 204 && answer.body().isBlank() && !route.startsWith("POST /webhooks/")) {
            return "answered " + status + " with nothing to read";
        }
        if (answer.body().contains("at com.bloomtext") || answer.body().contains("Whitelabel")) {
            return "answered " + status + " with a stack trace";
        }
        boolean refused = status >= 400 || (status == 200 && !form.rendersOnSuccess());
        if (refused && !before.equals(after)) {
            return "refused (" + status + ") yet changed what it stores";
        }
        return null;
    }

    static String describe(String path, List<Map.Entry<String, String>> pairs) {
        StringBuilder text = new StringBuilder(path.length() > 120 ? path.substring(0, 120) + "..." : path).append(" {");
        for (var pair : pairs) {
            String value = pair.getValue();
            text.append(abbreviate(pair.getKey())).append('=').append(abbreviate(value)).append(' ');
        }
        return text.append('}').toString();
    }

    private static String abbreviate(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "...(" + value.length() + ")" : value;
        StringBuilder escaped = new StringBuilder();
        shown.codePoints().forEach(c -> escaped.append(c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff) || c == 0x2028 || c == 0x2029 ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return '"' + escaped.toString() + '"';
    }

    /**
     * Organization "Input Clinic": its admin bought a number (team T), a member of T, a coworker whose role is
     * posted to, a patient in a conversation on T, a pending invitation, a port-in request, a patient verified
     * on a secure link; "Shopper Clinic" with an open checkout; "Code Clinic" whose admin has two-step on and
     * signs in with the password only; a support operator.
     */
    final class Fixture {

        final Org org = newOrganization("Input Clinic");
        final Org shopper = newOrganization("Shopper Clinic");
        final Member member;
        final String team;
        final String patient;
        final String conversation;
        final String roleTarget;
        final String portIn;
        final String checkout;
        final String token;
        final String codeEmail;
        final UUID codeOrg;
        final StaffAgent portal;
        final StaffAgent supportAgent;
        HostileInput input;
        final UUID orgId;
        final UUID shopperId;
        private StaffAgent pending;
        private int pendingUses;
        private final String invitationPath;

        Fixture() {
            orgId = org.id();
            shopperId = shopper.id();
            String number = MessagingTests.withNumber(org, "415");
            team = jdbc.sql("select team_id::text from phone_number where organization_id = :org and number = :n")
                    .param("org", org.id()).param("n", number).query(String.class).single();
            member = org.addMember("Mia Member");
            roleTarget = org.addMember("Rita Role").id().toString();
            org.admin().post("/directory/phone-numbers/" + team + "/members", "user", member.id().toString());
            org.admin().get("/directory/patients/new");
            org.admin().post("/directory/patients/new", "phone", "(415) 555-2681", "firstName", "Jordan", "lastName", "Lee",
                    "dateOfBirth", "1985-04-23", "mrn", "", "email", "");
            String chat = MessagingTests.chatWith(org.admin(), "(415) 555-2681");
            conversation = chat.substring(chat.lastIndexOf('/') + 1);
            patient = jdbc.sql("select patient_id::text from conversation where id = :id").param("id", UUID.fromString(conversation))
                    .query(String.class).single();
            org.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "Hello from the practice.");
            String text = MessagingTests.eventually(() -> jdbc.sql("select body from sandbox_sms where to_number = :to "
                            + "and from_number = :from and body like '%/p/%' order by created_at desc limit 1")
                    .param("to", E164.parse("(415) 555-2681", "US").value()).param("from", number).query(String.class).optional().orElse(""),
                    body -> !body.isEmpty());
            Matcher link = Pattern.compile("/p/([A-Za-z0-9_-]{43})").matcher(text);
            assertThat(link.find()).as("a secure link was texted").isTrue();
            token = link.group(1);
            portal = anonymous().from(ADDRESS);
            portal.get("/p/" + token);
            assertThat(portal.post("/p/" + token + "/verify", "dateOfBirth", "1985-04-23").status()).isLessThan(400);

            String pendingEmail = uniqueEmail("pending");
            org.admin().post("/settings/organization/users/invitations", "email", pendingEmail);
            invitationPath = invitationPathFor(pendingEmail);

            org.admin().get("/settings/organization/plan/port-in");
            org.admin().post("/settings/organization/plan/port-in", "number", "(541) 555-2199", "currentCarrier", "Old Telco",
                    "accountNumber", "ACCT-9", "pin", "9876", "authorizedName", "Dana Whitfield",
                    "serviceAddress", "1 Main St, Springfield", "signature", "Dana Whitfield");
            portIn = jdbc.sql("select id::text from port_in_request where organization_id = :org and status = 'SUBMITTED' "
                            + "order by submitted_at desc limit 1")
                    .param("org", org.id()).query(String.class).optional().orElse(UUID.randomUUID().toString());

            var started = shopper.admin().post("/settings/organization/plan/checkout", "planId", "sms-starter");
            checkout = started.location() == null ? UUID.randomUUID().toString()
                    : started.location().substring(started.location().lastIndexOf('/') + 1);
            shopper.admin().get("/sandbox/checkout/" + checkout);

            Org codeClinic = newOrganization("Code Clinic");
            TwoStepVerificationTests.enrol(codeClinic.admin());
            codeEmail = codeClinic.adminEmail();
            codeOrg = codeClinic.id();

            supportAgent = anonymous();
            supportAgent.get("/support/sign-in");
            supportAgent.post("/support/sign-in", "email", "support@bloomtext.test", "password", "support-console-test");
        }

        StaffAgent admin() {
            return org.admin();
        }

        StaffAgent member() {
            return member.agent();
        }

        StaffAgent shopper() {
            return shopper.admin();
        }

        StaffAgent patient() {
            return portal;
        }

        StaffAgent support() {
            return supportAgent;
        }

        /** Someone without an account, on a fresh browser that has seen a page of the app. */
        StaffAgent stranger() {
            StaffAgent stranger = anonymous().from(ADDRESS);
            stranger.get("/sign-in");
            return stranger;
        }

        /** Signed in with the password, asked for the code; a fresh one every few tries, before the lockout. */
        StaffAgent pendingCode() {
            if (pending == null || pendingUses++ >= 3) {
                pending = anonymous().from(ADDRESS);
                pending.get("/sign-in");
                pending.post("/sign-in", "email", codeEmail, "password", PASSWORD);
                pending.get("/sign-in/code");
                pendingUses = 1;
            }
            return pending;
        }

        String invitationPath() {
            return input.chance(0.7) ? invitationPath : "/invitations/" + input.pathSegment();
        }

        String tokenOrHostile() {
            return input.chance(0.5) ? token : input.pathSegment();
        }

        String idOr(String id) {
            return input.chance(0.6) ? id : input.pathSegment();
        }

        String hostileId() {
            return input.chance(0.2) ? UUID.randomUUID().toString() : input.pathSegment();
        }

        /** The organization whose records a route writes. */
        UUID orgOf(String route) {
            return route.startsWith("POST /sandbox/checkout") || route.startsWith("POST /settings/organization/plan/c")
                    ? shopperId : orgId;
        }
    }
}
