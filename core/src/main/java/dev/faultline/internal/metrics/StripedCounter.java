package dev.faultline.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A sum that threads add to on separate cache lines: {@value #STRIPES} counters, each alone on its
 * 64-byte line, a thread's chosen by its id. It holds the counters that every request writes (a
 * window slot's count, a latency histogram's sum), which a server's I/O threads would otherwise pass
 * from core to core on each request: one shared counter is one cache miss per request and thread.
 *
 * <p>Memory is fixed: {@code (STRIPES + 1) × 64} bytes of counters, 352 bytes with the headers. The
 * counters are 64 bytes apart and the first is 64 bytes past the array's header (the first eight
 * {@code long}s stay unused), so no two of them, and none of them and the header, share a line.
 * {@link java.util.concurrent.atomic.LongAdder} does the same job adaptively, but its cells grow with
 * the machine's cores under contention, each padded to 128 bytes on both sides: up to 17 KB per
 * counter on 64 cores, for every slot of every window, where this stays at 352 bytes. Threads whose ids share a stripe share its line, as they
 * would share one counter: still correct, only slower.
 *
 * <p>Thread-safe and lock-free; {@link #add(long)} allocates nothing. {@link #sum()} reads every stripe
 * (each atomically, not all at once), so a sum read while others add is weakly consistent, as
 * {@code LongAdder.sum()}: it counts every addition that happened before the call and may count some
 * made during it. Since an addition is a volatile write, a reader that sees what a writer wrote after
 * its addition (a histogram bucket written after the sum) sees the addition in the sum too.
 */
final class StripedCounter {

    /** Stripes: a power of two. Two are enough for the two I/O threads of a 2-core server; four spread a pool. */
    static final int STRIPES = 4;

    /** {@code long}s per 64-byte cache line. */
    private static final int LINE = 8;

    private final AtomicLongArray cells = new AtomicLongArray((STRIPES + 1) * LINE);

    /** Adds {@code delta} to the calling thread's stripe. */
    void add(long delta) {
        cells.getAndAdd(stripe(), delta);
    }

    /** Adds one to the calling thread's stripe. */
    void increment() {
        cells.getAndIncrement(stripe());
    }

    /** The sum of the stripes (see the class comment on reads racing with additions). */
    long sum() {
        long s = 0;
        for (int i = 1; i <= STRIPES; i++) {
            s += cells.get(i * LINE);
        }
        return s;
    }

    /** The calling thread's counter: stripe {@code id mod STRIPES}, one line past the array's header. */
    @SuppressWarnings("deprecation") // Thread.threadId() is not in Java 17; getId() is the same number
    private static int stripe() {
        return (((int) Thread.currentThread().getId() & (STRIPES - 1)) + 1) * LINE;
    }

    @Override
    public String toString() {
        return Long.toString(sum());
    }
}
