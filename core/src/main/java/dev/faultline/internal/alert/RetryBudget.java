package dev.faultline.internal.alert;

import java.util.function.LongSupplier;

/**
 * The global retry budget of an {@link AlertEngine}: a retry is allowed while the retries of the last
 * window stay within {@code minRetries + ratio × first attempts} of that window (first attempts
 * deposit, retries withdraw), as Finagle's and gRPC's retry budgets do. With the defaults (ratio 0.2,
 * 10 retries, one minute): retries never exceed 20 % of the first attempts plus 10 per minute, so a
 * dead receiver costs at most that much extra traffic however many alerts fire.
 *
 * <p>Counted in a ring of {@value #BUCKETS} buckets of {@code window / 10}; memory fixed. Thread-safe:
 * every method is {@code synchronized} (called on alert threads only, never on a request thread).
 */
final class RetryBudget {

    static final int BUCKETS = 10;

    private final double ratio;
    private final int minRetries;
    private final long bucketNanos;
    private final LongSupplier ticker;
    // guarded by this
    private final long[] intervals = new long[BUCKETS];
    private final long[] firsts = new long[BUCKETS];
    private final long[] retries = new long[BUCKETS];

    RetryBudget(double ratio, int minRetries, long windowNanos, LongSupplier ticker) {
        this.ratio = ratio;
        this.minRetries = minRetries;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        this.ticker = ticker;
        java.util.Arrays.fill(intervals, Long.MIN_VALUE);
    }

    synchronized void recordFirstAttempt() {
        firsts[position(ticker.getAsLong())]++;
    }

    /** Withdraws one retry if the budget allows it. */
    synchronized boolean tryRetry() {
        long now = ticker.getAsLong();
        int pos = position(now);
        long interval = Math.floorDiv(now, bucketNanos);
        long f = 0;
        long r = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (intervals[i] > interval - BUCKETS) {
                f += firsts[i];
                r += retries[i];
            }
        }
        if (r + 1 <= minRetries + ratio * f) {
            retries[pos]++;
            return true;
        }
        return false;
    }

    private int position(long now) {
        long interval = Math.floorDiv(now, bucketNanos);
        int pos = (int) Math.floorMod(interval, (long) BUCKETS);
        if (intervals[pos] != interval) {
            intervals[pos] = interval;
            firsts[pos] = 0;
            retries[pos] = 0;
        }
        return pos;
    }
}
