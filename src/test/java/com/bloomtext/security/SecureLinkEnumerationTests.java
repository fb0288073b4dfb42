package com.bloomtext.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.bloomtext.portal.links.Tokens;
import com.bloomtext.reliability.ReliabilitySummary;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secure link's token cannot be told apart from a guess: an unknown token and an expired, a voided
 * (replaced by resend) and a locked link's token get the same status, the same headers (but Date, and the
 * value of a fresh random CSRF cookie) and the same bytes, from {@code GET /p/{token}} and from its forms; and
 * the same work by construction ({@code PortalController.unavailable}: the one lookup by the token's hash, one
 * audit row, one page naming nobody), which the audit rows show. Times are measured and printed, never asserted.
 */
class SecureLinkEnumerationTests extends IntegrationTest {

    static final String DOB = "1985-04-23";

    enum Kind { UNKNOWN, EXPIRED, VOIDED, LOCKED }

    @Test
    void unknownExpiredVoidedAndLockedTokensAnswerAlikeAfterTheSameWork() throws Exception {
        Org org = newOrganization("Guard Enumeration Clinic");
        Map<Kind, Supplier<String>> tokens = tokens(org);

        Map<Kind, HttpResponse<byte[]>> gets = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            gets.put(kind, fresh(tokens.get(kind).get()));
        }
        HttpResponse<byte[]> reference = gets.get(Kind.UNKNOWN);
        assertThat(reference.statusCode()).isEqualTo(404);
        assertThat(new String(reference.body())).contains("This link doesn", "Ask the practice that sent it")
                .doesNotContain("Guard Enumeration Clinic", "Jordan");
        for (Kind kind : Kind.values()) {
            assertThat(gets.get(kind).statusCode()).as("%s status", kind).isEqualTo(reference.statusCode());
            assertThat(comparable(gets.get(kind))).as("%s headers", kind).isEqualTo(comparable(reference));
            assertThat(gets.get(kind).body()).as("%s body bytes", kind).isEqualTo(reference.body());
        }

        // The forms: an agent holding a usable link's page (and so the portal's CSRF cookie) posts to each token.
        StaffAgent visitor = anonymous();
        assertThat(visitor.get("/p/" + usable).status()).isEqualTo(200);
        for (String form : List.of("/verify", "/code")) {
            Map<Kind, StaffAgent.Page> posts = new LinkedHashMap<>();
            for (Kind kind : Kind.values()) {
                posts.put(kind, visitor.post("/p/" + tokens.get(kind).get() + form, "dateOfBirth", DOB, "code", "123456",
                        "channel", "SMS"));
            }
            for (Kind kind : Kind.values()) {
                StaffAgent.Page post = posts.get(kind);
                assertThat(post.status()).as("%s %s", form, kind).isEqualTo(404);
                assertThat(post.body()).as("%s %s body", form, kind).isEqualTo(posts.get(Kind.UNKNOWN).body());
                assertThat(withoutDate(post.headers())).as("%s %s headers", form, kind)
                        .isEqualTo(withoutDate(posts.get(Kind.UNKNOWN).headers()));
            }
        }

        // The same work: each refusal, whatever the kind, writes exactly one audit row and changes no link.
        String linksBefore = linkStates(org);
        for (Kind kind : Kind.values()) {
            long before = refusals(kind);
            fresh(tokens.get(kind).get());
            assertThat(refusals(kind) - before).as("%s: one refusal audited", kind).isEqualTo(1);
        }
        assertThat(linkStates(org)).as("refusals change no link").isEqualTo(linksBefore);

        // Timing, interleaved so that drift in the machine's load falls on every kind alike. Informative only.
        Map<Kind, long[]> micros = new TreeMap<>();
        int rounds = 200;
        for (Kind kind : Kind.values()) {
            micros.put(kind, new long[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            List<Kind> order = new ArrayList<>(List.of(Kind.values()));
            java.util.Collections.rotate(order, round);
            for (Kind kind : order) {
                String token = tokens.get(kind).get();
                long start = System.nanoTime();
                HttpResponse<byte[]> answer = fresh(token);
                micros.get(kind)[round] = (System.nanoTime() - start) / 1_000;
                if (answer.statusCode() >= 500) {
                    ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
                }
            }
        }
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, rounds * Kind.values().length);
        StringBuilder line = new StringBuilder("GET /p/{token} refusals, " + rounds + " each, interleaved (median / p99 ms):");
        micros.forEach((kind, values) -> {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            line.append(' ').append(kind.name().toLowerCase()).append(' ')
                    .append("%.2f / %.2f".formatted(sorted[sorted.length / 2] / 1000.0, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0))
                    .append(';');
        });
        System.out.println(line);
        ReliabilitySummary.note(line.toString());
    }

    private String usable;

    /** How to get a token of each kind; an unknown one is new every time, as a guesser's would be. */
    private Map<Kind, Supplier<String>> tokens(Org org) {
        SecureLinkFixture expiredChat = SecureLinkFixture.create(org, "(415) 555-3201", DOB);
        String expired = expiredChat.sendAndReadToken(org, jdbc);
        jdbc.sql("update secure_link set issued_at = now() - interval '8 days', expires_at = now() - interval '1 day' "
                + "where conversation_id = :id").param("id", expiredChat.conversation()).update();

        SecureLinkFixture voidedChat = SecureLinkFixture.create(org, "(415) 555-3202", DOB);
        String voided = voidedChat.sendAndReadToken(org, jdbc);
        usable = voidedChat.sendAndReadToken(org, jdbc);

        SecureLinkFixture lockedChat = SecureLinkFixture.create(org, "(415) 555-3203", DOB);
        String locked = lockedChat.sendAndReadToken(org, jdbc);
        ProxiedClient guesser = new ProxiedClient(baseUrl(), BruteForceTests.address(), false);
        guesser.get("/p/" + locked);
        for (int attempt = 1; attempt <= 5; attempt++) {
            guesser.post("/p/" + locked + "/verify", "dateOfBirth", "1990-01-0" + attempt);
        }
        assertThat(jdbc.sql("select count(*) from secure_link where conversation_id = :id and locked_at is not null")
                .param("id", lockedChat.conversation()).query(Integer.class).single()).isEqualTo(1);

        Map<Kind, Supplier<String>> tokens = new LinkedHashMap<>();
        tokens.put(Kind.UNKNOWN, Tokens::random256);
        tokens.put(Kind.EXPIRED, () -> expired);
        tokens.put(Kind.VOIDED, () -> voided);
        tokens.put(Kind.LOCKED, () -> locked);
        return tokens;
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A first visit: no cookies, as a guesser's script or a patient's new browser. */
    private HttpResponse<byte[]> fresh(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/p/" + token)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Headers but Date; a Set-Cookie's random value masked (its name and attributes are compared). */
    private static Map<String, List<String>> comparable(HttpResponse<byte[]> response) {
        return withoutDate(response.headers().map());
    }

    private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
        Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                kept.put(name, name.equalsIgnoreCase("set-cookie")
                        ? values.stream().map(value -> value.replaceFirst("^([^=]+)=[^;]*", "$1=*")).toList()
                        : values);
            }
        });
        return kept;
    }

    private long refusals(Kind kind) {
        return jdbc.sql("select count(*) from audit_event where action = 'SECURE_LINK_REFUSED' and detail = :detail")
                .param("detail", switch (kind) {
                    case UNKNOWN -> "unknown link";
                    case EXPIRED -> "expired";
                    case VOIDED -> "replaced by a newer link";
                    case LOCKED -> "locked";
                }).query(Long.class).single();
    }

    private String linkStates(Org org) {
        return String.join("\n", jdbc.sql("""
                        select id || ' ' || failed_attempts || ' ' || coalesce(locked_at::text, '-') || ' '
                            || coalesce(voided_at::text, '-') || ' ' || expires_at from secure_link
                        where organization_id = :org order by id""")
                .param("org", org.id()).query(String.class).list());
    }
}
