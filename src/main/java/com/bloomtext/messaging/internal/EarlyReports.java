package com.bloomtext.messaging.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bloomtext.carrier.DeliveryStatusReported;

/**
 * Delivery reports that named a carrier id no text had yet: a carrier may report on a text before the delivery
 * that handed it over has stored the id the carrier answered with (the sandbox's instant receipts do). Kept on
 * this node for a while, so that the delivery applies the report once it has stored the id. Bounded: reports
 * older than the patience are dropped, and past the limit no more are kept (a report for an id that is never
 * stored, such as a one-time code's, only waits here until it is dropped). Ids and states only, no content.
 */
final class EarlyReports {

    private record Kept(List<DeliveryStatusReported> reports, long keptAt) {

        Kept with(DeliveryStatusReported report) {
            List<DeliveryStatusReported> more = new ArrayList<>(reports);
            more.add(report);
            return new Kept(List.copyOf(more), keptAt);
        }
    }

    private final Map<String, Kept> reports = new ConcurrentHashMap<>();
    private final long patienceNanos;
    private final int limit;

    EarlyReports(Duration patience, int limit) {
        this.patienceNanos = patience.toNanos();
        this.limit = limit;
    }

    /** Keeps a report whose carrier id matched no text, after any others kept for the id (applied in that order). */
    void keep(DeliveryStatusReported report) {
        long now = System.nanoTime();
        if (reports.size() >= limit) {
            reports.values().removeIf(kept -> now - kept.keptAt() > patienceNanos);
            if (reports.size() >= limit) {
                return;
            }
        }
        reports.merge(report.carrierMessageId(), new Kept(List.of(report), now), (kept, added) -> kept.with(report));
    }

    /** The reports kept for this carrier id in the last while, oldest first; they are no longer kept. */
    List<DeliveryStatusReported> takeFor(String carrierMessageId) {
        Kept kept = reports.remove(carrierMessageId);
        if (kept == null || System.nanoTime() - kept.keptAt() > patienceNanos) {
            return List.of();
        }
        return kept.reports();
    }
}
