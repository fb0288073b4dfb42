package com.bloomtext.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The collections of this JVM while a scenario measures, from the collectors' notifications: which measured
 * operations overlapped one, and how many bytes were allocated in between (what the collections freed plus what
 * the heap grew by). Scenario 3's application runs in the harness's JVM, so this is the application's heap, with
 * the harness's HTTP client beside it. Times are the JVM's uptime in milliseconds (the notifications' clock).
 */
final class GcPauses implements AutoCloseable {

    /** One collection: its collector, cause, start and end (uptime ms), bytes freed. */
    record Collection(String collector, String action, String cause, long start, long end, long freed) {
        boolean overlaps(long from, long to) {
            return start <= to && end >= from;
        }
    }

    private final List<Collection> collections = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;
    private final long heapAtStart;
    private final long nanoAtUptimeZero;

    GcPauses() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        heapAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        nanoAtUptimeZero = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    }

    /** The JVM's uptime in ms for a System.nanoTime() reading. */
    long uptime(long nanoTime) {
        return (nanoTime - nanoAtUptimeZero) / 1_000_000L;
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long before = info.getGcInfo().getMemoryUsageBeforeGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        synchronized (collections) {
            collections.add(new Collection(info.getGcName(), info.getGcAction(), info.getGcCause(),
                    info.getGcInfo().getStartTime(), info.getGcInfo().getEndTime(), Math.max(0, before - after)));
        }
    }

    /** The collections that stopped the application's threads (G1's young and full ones, its remark and cleanup). */
    List<Collection> pauses() {
        synchronized (collections) {
            return collections.stream().filter(c -> !c.collector().contains("Concurrent") || c.action().contains("Pause")
                    || c.cause().contains("Remark") || c.cause().contains("Cleanup")).toList();
        }
    }

    /** Bytes allocated since this watch began (freed by the collections plus the heap's growth). */
    long allocated() {
        long freed;
        synchronized (collections) {
            freed = collections.stream().mapToLong(Collection::freed).sum();
        }
        return freed + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() - heapAtStart;
    }

    boolean overlapsPause(long fromUptime, long toUptime) {
        return pauses().stream().anyMatch(p -> p.overlaps(fromUptime, toUptime));
    }

    String describe() {
        List<Collection> pauses = pauses();
        long total = pauses.stream().mapToLong(p -> p.end() - p.start()).sum();
        long longest = pauses.stream().mapToLong(p -> p.end() - p.start()).max().orElse(0);
        StringBuilder kinds = new StringBuilder();
        pauses.stream().collect(java.util.stream.Collectors.groupingBy(p -> p.collector() + " (" + p.cause() + ")",
                java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((kind, n) -> kinds.append(kinds.isEmpty() ? "" : ", ").append(n).append(" x ").append(kind));
        return String.format(Locale.ROOT, "%d pauses (%s), %d ms in all, the longest %d ms", pauses.size(),
                kinds.isEmpty() ? "none" : kinds, total, longest);
    }

    @Override
    public void close() throws Exception {
        for (NotificationEmitter emitter : emitters) {
            emitter.removeNotificationListener(listener);
        }
    }
}
