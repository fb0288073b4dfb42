package com.bloomtext.billing;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

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
