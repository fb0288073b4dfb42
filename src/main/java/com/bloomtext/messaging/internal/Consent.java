package com.bloomtext.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Opt-out per (our number, patient phone): STOP and its synonyms turn SMS off, START turns it back on. */
@Component
public class Consent {

    static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    static final Set<String> START = Set.of("START", "YES", "UNSTOP");
    static final Set<String> HELP = Set.of("HELP", "INFO");

    /** What a text that is a keyword asks for. */
    public enum Keyword { STOP, START, HELP, NONE }

    private final JdbcClient jdbc;
    private final Clock clock;

    Consent(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A keyword only when it is the whole message, as carriers read them. */
    public static Keyword keyword(String body) {
        String word = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
        if (STOP.contains(word)) {
            return Keyword.STOP;
        }
        if (START.contains(word)) {
            return Keyword.START;
        }
        return HELP.contains(word) ? Keyword.HELP : Keyword.NONE;
    }

    public boolean optedOut(E164 ourNumber, E164 patientPhone) {
        return jdbc.sql("select opted_out from sms_consent where our_number = :ours and patient_phone = :phone")
                .param("ours", ourNumber.value()).param("phone", patientPhone.value())
                .query(Boolean.class).optional().orElse(false);
    }

    void record(OrgId org, E164 ourNumber, E164 patientPhone, boolean optedOut) {
        jdbc.sql("""
                        insert into sms_consent (organization_id, our_number, patient_phone, opted_out, updated_at)
                        values (:org, :ours, :phone, :out, :at)
                        on conflict (our_number, patient_phone) do update set opted_out = excluded.opted_out,
                            organization_id = excluded.organization_id, updated_at = excluded.updated_at""")
                .param("org", org.value()).param("ours", ourNumber.value()).param("phone", patientPhone.value())
                .param("out", optedOut).param("at", Timestamp.from(clock.instant())).update();
    }
}
