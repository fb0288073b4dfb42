package com.bloomtext.bench;

/**
 * Warm-up in blocks until the JIT compilers have settled: a node in production serves its pages and sends all day,
 * and its compilers' work while it warms up (on 2 cores, up to a whole core, measured with /proc/self/task) is not
 * what a request costs. Stops once the compilers' CPU time in {@link #CALM_BLOCKS} blocks in a row was below
 * {@code settled} of the blocks' time, or after {@code max} rounds.
 */
final class JitWarmUp {

    /** The compilers' share of a block's time under which it counts as calm. */
    static final double SETTLED = 0.10;
    /**
     * Calm blocks in a row: C2 compiles in bursts, and one calm block was not enough (2026-11-28-0157: scenario 3's
     * last warm-up block at 10%, then the compilers used 30% of the measured rounds).
     */
    static final int CALM_BLOCKS = 2;

    /** Rounds done, the size of the last block and the compilers' share of it. */
    record Result(int rounds, int lastBlock, double lastShare) {
    }

    /** One block of warm-up: rounds {@code first} to {@code first + size - 1}. */
    interface Block {
        void run(int first, int size) throws Exception;
    }

    private JitWarmUp() {
    }

    /** {@code settled} 0 or below: exactly {@code max} rounds. The compilers watched are this JVM's. */
    static Result run(int block, int max, double settled, Block work) throws Exception {
        return run(block, max, settled, "self", work);
    }

    /** The same, watching the compilers of process {@code process} (a pid, or "self"): an application in its own JVM. */
    static Result run(int block, int max, double settled, String process, Block work) throws Exception {
        int done = 0;
        int last = 0;
        double share = Double.NaN;
        int calm = 0;
        while (done < max) {
            int size = Math.min(block, max - done);
            long compiled = compilerCpuNanos(process);
            long started = System.nanoTime();
            work.run(done, size);
            done += size;
            last = size;
            share = (compilerCpuNanos(process) - compiled) / (double) (System.nanoTime() - started);
            calm = share < settled ? calm + 1 : 0;
            if (calm == CALM_BLOCKS) {
                break;
            }
        }
        return new Result(done, last, share);
    }

    /**
     * The CPU time of the JIT compiler threads of {@code process} (a pid, or "self") so far, from Linux's
     * /proc/{process}/task (0 where it is missing).
     */
    static long compilerCpuNanos(String process) {
        long total = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + process + "/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).contains("CompilerThre")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return total;
    }
}
