package com.bloomtext.billing;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Counts the SMS segments each organization sends, per calendar month (UTC). Messaging feeds it. */
@Service
public class SmsUsage {

    private final JdbcClient jdbc;
    private final Clock clock;

    SmsUsage(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Adds segments to this month's count, in the caller's transaction. */
    public void recordSegmentsSent(OrgId org, int segments) {
        if (segments <= 0) {
            throw new IllegalArgumentException("segments must be positive");
        }
        jdbc.sql("""
                        insert into sms_usage (organization_id, month, segments) values (:org, :month, :segments)
                        on conflict (organization_id, month) do update set segments = sms_usage.segments + excluded.segments""")
                .param("org", org.value())
                .param("month", Date.valueOf(thisMonth()))
                .param("segments", segments)
                .update();
    }

    /**
     * Runs {@code change}, the caller's own data-modifying statement returning the rows it changed (an {@code UPDATE ...
     * RETURNING}), and adds {@code segments} to this month's count if and only if it changed a row: both in one
     * statement, so neither happens without the other, without a transaction of its own. An SMS delivery moves its
     * text to the carrier's state this way: one round trip instead of three (BEGIN with the update, the count, COMMIT)
     * and no transaction to manage. The count's SQL stays here; the change's named parameters are the caller's (the
     * count's own start with {@code usage_}).
     *
     * @return how many rows {@code change} returned
     */
    public int recordSegmentsSentIfChanged(String change, Map<String, ?> changeParameters, OrgId org, int segments) {
        if (segments <= 0) {
            throw new IllegalArgumentException("segments must be positive");
        }
        return jdbc.sql("with changed as (" + change + "), " + COUNT_IF_CHANGED)
                .params(changeParameters)
                .param("usage_org", org.value())
                .param("usage_month", Date.valueOf(thisMonth()))
                .param("usage_segments", segments)
                .query(Integer.class)
                .single();
    }

    /** The rest of {@link #recordSegmentsSentIfChanged}'s statement, after the caller's change. */
    private static final String COUNT_IF_CHANGED = """
            counted as (
                insert into sms_usage (organization_id, month, segments)
                select cast(:usage_org as uuid), cast(:usage_month as date), cast(:usage_segments as integer)
                where exists (select 1 from changed)
                on conflict (organization_id, month) do update set segments = sms_usage.segments + excluded.segments
                returning 1)
            select count(*) from changed""";

    public long segmentsThisMonth(OrgId org) {
        return jdbc.sql("select segments from sms_usage where organization_id = :org and month = :month")
                .param("org", org.value())
                .param("month", Date.valueOf(thisMonth()))
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** The calendar month (UTC) whose segments count now: its first day. */
    LocalDate thisMonth() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
    }
}
