package com.bloomtext.security;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.IntegrationTest.Org;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A patient on file, a conversation with them and the secure link texted to their phone. */
record SecureLinkFixture(UUID conversation, String path, String phone) {

    private static final Pattern TOKEN = Pattern.compile("/p/([A-Za-z0-9_-]{43})");

    /** The patient (with this date of birth, or none when blank) and a Secure Chat message that texts a link. */
    static SecureLinkFixture create(Org org, String phone, String dateOfBirth) {
        org.admin().get("/directory/patients/new");
        var created = org.admin().post("/directory/patients/new", "phone", phone, "firstName", "Jordan", "lastName", "Lee",
                "dateOfBirth", dateOfBirth, "mrn", "", "email", "");
        assertThat(created.status()).as("patient created: %s", created).isIn(302, 303);
        String path = MessagingTests.chatWith(org.admin(), phone);
        return new SecureLinkFixture(UUID.fromString(path.substring(path.lastIndexOf('/') + 1)), path,
                E164.parse(phone, "US").value());
    }

    /** Sends a Secure Chat message and returns the token of the link it texted (the newest). */
    String sendAndReadToken(Org org, JdbcClient jdbc) {
        int before = texts(jdbc).size();
        var sent = org.admin().post(path + "/messages", "mode", "SECURE_CHAT", "body", "Your results are ready.");
        assertThat(sent.location()).as("sent: %s", sent).contains(path);
        List<String> texts = MessagingTests.eventually(() -> texts(jdbc), list -> list.size() > before);
        Matcher token = TOKEN.matcher(texts.getLast());
        assertThat(token.find()).as("a link was texted: %s", texts).isTrue();
        return token.group(1);
    }

    /** The token of the newest link texted to the patient (a later message or a resend voids the earlier ones). */
    String latestToken(JdbcClient jdbc) {
        Matcher token = TOKEN.matcher(texts(jdbc).getLast());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private List<String> texts(JdbcClient jdbc) {
        // The texts whose link belongs to this conversation: other tests text the same patient phone, some from
        // the shared notification number, so neither the phone nor the sender tells them apart.
        return jdbc.sql("""
                        select body from sandbox_sms s
                        where to_number = :to and body like '%/p/%'
                          and exists (select 1 from secure_link l where l.conversation_id = :conversation
                                      and l.token_sha256 = encode(sha256(convert_to(
                                          substring(s.body from '/p/([A-Za-z0-9_-]{43})'), 'UTF8')), 'hex'))
                        order by created_at, id""")
                .param("to", phone).param("conversation", conversation).query(String.class).list();
    }
}
