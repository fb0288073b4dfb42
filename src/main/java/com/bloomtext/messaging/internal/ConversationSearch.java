package com.bloomtext.messaging.internal;

import java.util.List;

import com.bloomtext.shared.Actor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Search over the conversations a user may see: the patient's name, MRN or phone, and the text of the
 * messages. What was typed is matched literally ({@code %}, {@code _} and {@code \} are characters, not
 * wildcards) and never leaves the database query: it is posted, not put in a URL, and not logged. The
 * "contains" matches are served by trigram indexes (V19) from three characters on.
 */
@Service
public class ConversationSearch {

    public static final int MIN_LENGTH = 2;
    public static final int MAX_LENGTH = 200;
    static final int LIMIT = 50;

    /** The patient's searchable text, the same expression as the trigram index in V19. */
    private static final String PATIENT_TEXT =
            "(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '') || ' ' || coalesce(p.mrn, '') || ' ' || coalesce(p.phone, ''))";

    private final JdbcClient jdbc;

    ConversationSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A conversation that matched, with the newest message whose text matched (null when the patient did). */
    public record Match(Conversations.InboxRow conversation, String matchedText) {
    }

    /** What was typed, unusable as a search, with the reason for the person who typed it. */
    public static final class UnusableQuery extends RuntimeException {

        UnusableQuery(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The newest conversations (at most 50) the user may see that match.
     *
     * @throws UnusableQuery when the text is too short or too long to search with
     */
    public List<Match> find(Actor actor, String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.length() < MIN_LENGTH) {
            throw new UnusableQuery("Type at least " + MIN_LENGTH + " characters to search.");
        }
        if (text.length() > MAX_LENGTH) {
            throw new UnusableQuery("Search for at most " + MAX_LENGTH + " characters.");
        }
        String contains = "%" + escapeLike(text) + "%";
        // "(415) 555-0142" and "555 0142" find +14155550142: a phone-like query is also matched by its digits.
        String digits = text.matches("[\\d\\s().+-]+") && text.replaceAll("\\D", "").length() >= 4
                ? "%" + text.replaceAll("\\D", "") + "%" : null;
        return jdbc.sql("select c.id, c.patient_id, c.team_id, c.last_message_at, c.last_mode, "
                        + "(select r.read_at from conversation_read r where r.conversation_id = c.id and r.user_id = :user) as read_at, "
                        + "(select m.body from message m where m.conversation_id = c.id and m.organization_id = :org "
                        + "   and m.body ilike :contains escape '\\' order by m.created_at desc limit 1) as matched "
                        + "from conversation c where " + Conversations.VISIBLE + " and ("
                        + "  c.patient_id in (select p.id from patient p where p.organization_id = :org and p.archived_at is null "
                        + "     and (" + PATIENT_TEXT + " ilike :contains escape '\\' "
                        + "          or (cast(:digits as text) is not null and " + PATIENT_TEXT + " like :digits))) "
                        + "  or c.id in (select m.conversation_id from message m where m.organization_id = :org "
                        + "     and m.body ilike :contains escape '\\')) "
                        + "order by c.last_message_at desc limit " + LIMIT)
                .param("org", actor.orgId().value())
                .param("user", actor.userId().value())
                .param("contains", contains)
                .param("digits", digits)
                .query((rs, n) -> new Match(Conversations.inboxRow(rs), rs.getString("matched")))
                .list();
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
