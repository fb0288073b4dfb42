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

    /** {@code settled} 0 or below: exactly {@code max} rounds. */
    static Result run(int block, int max, double settled, Block work) throws Exception {
        int done = 0;
        int last = 0;
        double share = Double.NaN;
        int calm = 0;
        while (done < max) {
            int size = Math.min(block, max - done);
            long compiled = InboxScenario.compilerCpuNanos();
            long started = System.nanoTime();
            work.run(done, size);
            done += size;
            last = size;
            share = (InboxScenario.compilerCpuNanos() - compiled) / (double) (System.nanoTime() - started);
            calm = share < settled ? calm + 1 : 0;
            if (calm == CALM_BLOCKS) {
                break;
            }
        }
        return new Result(done, last, share);
    }
}
