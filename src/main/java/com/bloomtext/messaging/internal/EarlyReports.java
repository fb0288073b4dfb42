package com.bloomtext.messaging.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bloomtext.carrier.DeliveryStatusReported;

/**
 * Delivery reports that named a carrier id no text had yet: a carrier may report on a text before the delivery
 * that handed it over has stored the id the carrier answered with (the sandbox's instant receipts do). Kept on
 * this node, and applied by the delivery once it has stored the id. For the report that finds no text just before
 * the delivery stores the id and looks here, the delivery leaves the id behind, and such a report is then applied
 * again instead of kept (a report that found the stored id and moved nothing is neither applied again nor kept).
 * <p>
 * A report is kept as long as a delivery may take to store the id after the carrier took the text
 * ({@code reportPatience}: under load a delivery waits its turn for the database, at full size more than ten
 * seconds, and a report kept only that long was lost); a stored id only as long as a report may be on its way
 * between its statement and this class ({@code storedPatience}). Bounded: older entries are dropped, and past the
 * limit no more are kept (a report for an id that is never stored, such as a one-time code's, or one that moves
 * nothing forward, only waits here until it is dropped). Ids and states only, no content.
 */
final class EarlyReports {

    private record Kept(List<DeliveryStatusReported> reports, long at) {
    }

    private final Map<String, Kept> reports = new HashMap<>();
    private final Map<String, Long> stored = new HashMap<>();
    /** Carrier ids a delivery of this node is storing now (at most one per delivery under way). */
    private final Set<String> storing = new HashSet<>();
    private final long reportPatienceNanos;
    private final long storedPatienceNanos;
    private final int limit;

    EarlyReports(Duration reportPatience, Duration storedPatience, int limit) {
        this.reportPatienceNanos = reportPatience.toNanos();
        this.storedPatienceNanos = storedPatience.toNanos();
        this.limit = limit;
    }

    /**
     * After a report that began at {@code attemptedAt} ({@link System#nanoTime}) found no text to move with its
     * carrier id: true when a delivery stored that id after the attempt began (apply the report again). Otherwise
     * false, and the report is kept (after any others kept for the id) unless the id was stored before the attempt
     * (then the attempt saw the text, and the report moves nothing forward).
     */
    synchronized boolean keepUnlessStored(DeliveryStatusReported report, long attemptedAt) {
        long now = System.nanoTime();
        Long storedAt = stored.get(report.carrierMessageId());
        if (storedAt != null && now - storedAt <= storedPatienceNanos) {
            return storedAt - attemptedAt > 0;
        }
        if (roomIn(reports, now, Kept::at, reportPatienceNanos)) {
            keep(report, now);
        }
        return false;
    }

    /**
     * A delivery is about to store this carrier id: until {@link #stored} or {@link #notStored}, a report for it is
     * kept at once ({@link #keepIfStoring}) instead of first trying the database, where it would find no text yet.
     * Returns the reports kept for the id so far, oldest first, left in place: the delivery applies them in the same
     * update ({@link #stored} still hands them out afterwards; the caller skips those).
     */
    synchronized List<DeliveryStatusReported> storing(String carrierMessageId) {
        storing.add(carrierMessageId);
        Kept kept = reports.get(carrierMessageId);
        return kept == null || System.nanoTime() - kept.at() > reportPatienceNanos ? List.of() : kept.reports();
    }

    /** The delivery did not store the id after all (the text was no longer queued, or the database failed). */
    synchronized void notStored(String carrierMessageId) {
        storing.remove(carrierMessageId);
    }

    /**
     * Keeps a report whose carrier id a delivery of this node is storing now (it applies the report once stored);
     * false, keeping nothing, when no delivery is (or there is no room left): try the database.
     */
    synchronized boolean keepIfStoring(DeliveryStatusReported report) {
        if (!storing.contains(report.carrierMessageId())) {
            return false;
        }
        long now = System.nanoTime();
        if (!roomIn(reports, now, Kept::at, reportPatienceNanos)) {
            return false;
        }
        keep(report, now);
        return true;
    }

    private void keep(DeliveryStatusReported report, long now) {
        Kept kept = reports.get(report.carrierMessageId());
        List<DeliveryStatusReported> all = new ArrayList<>(kept == null ? List.of() : kept.reports());
        all.add(report);
        reports.put(report.carrierMessageId(), new Kept(List.copyOf(all), kept == null ? now : kept.at()));
    }

    /**
     * Once a delivery has stored (committed) a carrier id: the reports kept for it in the last while, oldest first,
     * to apply now. The id is left behind for a report still on its way ({@link #keepUnlessStored}).
     */
    synchronized List<DeliveryStatusReported> stored(String carrierMessageId) {
        storing.remove(carrierMessageId);
        long now = System.nanoTime();
        if (roomIn(stored, now, at -> at, storedPatienceNanos)) {
            stored.put(carrierMessageId, now);
        }
        Kept kept = reports.remove(carrierMessageId);
        return kept == null || now - kept.at() > reportPatienceNanos ? List.of() : kept.reports();
    }

    private <T> boolean roomIn(Map<String, T> entries, long now, java.util.function.ToLongFunction<T> at, long patienceNanos) {
        if (entries.size() < limit) {
            return true;
        }
        entries.values().removeIf(entry -> now - at.applyAsLong(entry) > patienceNanos);
        return entries.size() < limit;
    }
}
