package com.bloomtext.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds (HdrHistogram, 3 significant digits), and a closed-loop load: N workers, each
 * doing one operation after another until the shared count is used up.
 */
final class Latencies {

    private final Histogram histogram;
    private final double seconds;
    private final long errors;
    private final String firstError;

    private Latencies(Histogram histogram, double seconds, long errors, String firstError) {
        this.histogram = histogram;
        this.seconds = seconds;
        this.errors = errors;
        this.firstError = firstError;
    }

    static Histogram histogram() {
        return new Histogram(60_000_000L, 3);
    }

    static Latencies of(Histogram histogram, double seconds) {
        return new Latencies(histogram, seconds, 0, null);
    }

    /** One operation: true when it succeeded as the scenario expects. */
    interface Operation {
        boolean run(int worker, int index) throws Exception;
    }

    /** {@code count} operations spread over {@code workers} threads, each timed. */
    static Latencies closedLoop(int workers, int count, Operation operation) throws InterruptedException {
        List<Histogram> histograms = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Histogram mine = histogram();
            histograms.add(mine);
            int worker = w;
            threads.add(Thread.ofPlatform().name("bench-" + w).unstarted(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        ok = operation.run(worker, i);
                    } catch (Exception e) {
                        ok = false;
                        firstError.compareAndSet(null, describe(e));
                    }
                    mine.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                    if (!ok) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, "an unexpected answer");
                    }
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = histogram();
        histograms.forEach(all::add);
        return new Latencies(all, seconds, errors.get(), firstError.get());
    }

    /**
     * Open loop: {@code perSecond} operations a second for {@code seconds}, each started on its own (virtual)
     * thread at its scheduled moment, whatever the earlier ones are doing (operation i is due at
     * start + i / perSecond). Each latency runs from the scheduled moment, not from when the operation
     * actually began, so that a stall that delays the start of later operations is counted in theirs
     * (no coordinated omission). Operation i uses worker {@code i % workers}.
     */
    static Latencies openLoop(int workers, double perSecond, double seconds, Operation operation)
            throws InterruptedException {
        int count = (int) Math.round(perSecond * seconds);
        Histogram all = new Histogram(60_000_000L, 3);
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            Thread.ofVirtual().name("bench-open-" + i).start(() -> {
                boolean ok;
                try {
                    ok = operation.run(index % workers, index);
                } catch (Exception e) {
                    ok = false;
                    firstError.compareAndSet(null, describe(e));
                }
                long micros = Math.max(1, (System.nanoTime() - due) / 1_000);
                synchronized (all) {
                    all.recordValue(Math.min(micros, all.getHighestTrackableValue()));
                }
                if (!ok) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, "an unexpected answer");
                }
                done.countDown();
            });
        }
        done.await();
        return new Latencies(all, (System.nanoTime() - start) / 1e9, errors.get(), firstError.get());
    }

    long count() {
        return histogram.getTotalCount();
    }

    long errors() {
        return errors;
    }

    /** "" without errors, else " (the first: ...)" for a report line: what went wrong, so a failed run says why. */
    String firstErrorNote() {
        return firstError == null ? "" : " (the first: " + firstError + ")";
    }

    /** An exception as a report line shows it: its class and message (the harness's own, no patient data). */
    static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    double seconds() {
        return seconds;
    }

    double perSecond() {
        return count() / seconds;
    }

    double p50() {
        return histogram.getValueAtPercentile(50) / 1000.0;
    }

    double p99() {
        return histogram.getValueAtPercentile(99) / 1000.0;
    }

    double max() {
        return histogram.getMaxValue() / 1000.0;
    }

    /** "p50 1.2 / p99 8.4 / max 20.1 ms" */
    String summary() {
        return String.format(Locale.ROOT, "p50 %.1f / p99 %.1f / max %.1f ms", p50(), p99(), max());
    }
}
