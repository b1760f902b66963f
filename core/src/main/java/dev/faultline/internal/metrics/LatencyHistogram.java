package dev.faultline.internal.metrics;

import dev.faultline.internal.Preconditions;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, log-linear histogram of latencies in nanoseconds, with exact count, sum and maximum
 * and quantiles within 1/64 (1.5625 %) of the exact nearest-rank value for every latency from 1 µs
 * to 60 s.
 *
 * <h2>Buckets</h2>
 * Every power of two from 2<sup>9</sup> ns (512 ns) to 2<sup>36</sup> ns (about 68.7 s) is cut into
 * 32 equal sub-buckets: bucket {@code [lo, lo + w)} with {@code w = 2^(k-5)} for values in
 * {@code [2^k, 2^(k+1))}, 27 × 32 = 864 buckets. Below them one <em>underflow</em> bucket takes
 * {@code [0, 512 ns)} (negative values are recorded as 0), above them one <em>overflow</em> bucket
 * takes everything from 2<sup>36</sup> ns: 866 buckets in all, the same for every histogram, so
 * histograms merge bucket by bucket.
 *
 * <h2>Quantiles and their error bound</h2>
 * {@link #valueAtQuantile(double) valueAtQuantile(q)} finds the nearest-rank bucket — the first
 * bucket whose cumulative count reaches {@code rank = max(1, ceil(q × count))} — which is the bucket
 * that holds the exact nearest-rank value {@code v} (the rank-th smallest recorded value), because
 * buckets are ordered by value. It reports that bucket's representative: its midpoint
 * {@code lo + w/2}, or the maximum recorded if that is smaller; the overflow bucket reports the
 * maximum, and so does rank {@code count} (the largest value, exact). For {@code v} in a regular
 * bucket, {@code |midpoint − v| ≤ w/2} and {@code v ≥ lo ≥ 2^k}, so the relative error is at most
 * {@code (w/2) / 2^k = 1/64}; replacing the midpoint by a smaller maximum only moves it closer to
 * {@code v}, since {@code v ≤ max}. Every latency from 512 ns to
 * 68.7 s — so all of 1 µs to 60 s — is in a regular bucket. Outside that range the underflow bucket
 * is off by less than 256 ns and the overflow bucket reports the maximum.
 *
 * <h2>Complexity, memory, thread-safety</h2>
 * {@link #record(long)} is O(1), lock-free and allocation-free: a compare-and-set loop on the
 * maximum that only writes when the value is a new maximum, one atomic add to the sum (a
 * {@link StripedCounter}: the calling thread's own cache line, since every request of an endpoint adds
 * to it) and one to the bucket. {@link #count()} and {@link #valueAtQuantile(double)} are O(866) and
 * allocation-free; {@link #merge(LatencyHistogram)} is O(866). Memory is fixed: 866 {@code long}
 * counters (6,928 bytes) in one {@link AtomicLongArray} and the sum's 352 bytes, about 7,360 bytes per
 * histogram with the object headers (64-bit JVM, compressed references).
 *
 * <p>Thread-safe, and every method uses the same scheme: atomics only, no lock. Counters never
 * decrease (there is no reset), so a reader racing with writers sees each counter (each stripe of the
 * sum) exactly at some moment; a read is weakly consistent across counters — a record in flight may
 * show in a bucket but not yet in the sum — and exact once recording has stopped. A value is applied to the maximum
 * before its bucket, and quantiles read the buckets before the maximum, so a reported quantile is
 * never clamped below a value it counts.
 */
final class LatencyHistogram {

    /** Sub-buckets per power of two: 2^5. */
    private static final int SUB_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** The first regular power of two: 2^9 ns = 512 ns. */
    private static final int FIRST_EXPONENT = 9;
    /** The first power of two past the regular buckets: 2^36 ns, about 68.7 s. */
    private static final int END_EXPONENT = 36;
    static final long LOWEST_REGULAR_NANOS = 1L << FIRST_EXPONENT;
    static final long OVERFLOW_NANOS = 1L << END_EXPONENT;
    private static final int REGULAR_BUCKETS = (END_EXPONENT - FIRST_EXPONENT) * SUB_BUCKETS;
    private static final int BUCKETS = REGULAR_BUCKETS + 2;
    private static final int OVERFLOW = BUCKETS - 1;
    /** Relative slack on {@code q × count} so that decimal quantiles (0.07 of 100) give the intended rank. */
    private static final double RANK_TOLERANCE = 1e-12;

    private final AtomicLongArray counts;
    private final StripedCounter sum = new StripedCounter();
    private final AtomicLong max;

    private LatencyHistogram(AtomicLongArray counts, long sum, long max) {
        this.counts = counts;
        this.sum.add(sum);
        this.max = new AtomicLong(max);
    }

    /** An empty histogram. */
    public static LatencyHistogram create() {
        return new LatencyHistogram(new AtomicLongArray(BUCKETS), 0, 0);
    }

    /** A histogram holding {@code counts} (one per bucket; copied), {@code sum} and {@code max}. */
    static LatencyHistogram of(long[] counts, long sum, long max) {
        if (counts.length != BUCKETS) {
            throw Preconditions.invalid("LatencyHistogram", "needs " + BUCKETS + " counts, got " + counts.length);
        }
        return new LatencyHistogram(new AtomicLongArray(counts), sum, max);
    }

    /**
     * Records one latency. O(1), lock-free, allocation-free.
     *
     * @param nanos the latency in nanoseconds; a negative value is recorded as 0
     */
    public void record(long nanos) {
        long v = Math.max(0L, nanos);
        raise(max, v); // before the bucket: see the class comment
        sum.add(v);
        counts.getAndIncrement(bucketIndex(v));
    }

    /** How many latencies were recorded (the sum of the bucket counts). O(866). */
    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The sum of the recorded latencies in nanoseconds (wraps past 2^63 ns, about 292 years). */
    public long sumNanos() {
        return sum.sum();
    }

    /** The largest latency recorded, exact; 0 when empty. */
    public long maxNanos() {
        return max.get();
    }

    /** The mean latency in nanoseconds; 0 when empty. */
    public double meanNanos() {
        long n = count();
        return n == 0 ? 0.0 : (double) sum.sum() / n;
    }

    /**
     * The latency at quantile {@code q} by nearest rank: the representative of the bucket holding the
     * {@code max(1, ceil(q × count))}-th smallest latency, within 1/64 of it for latencies from 512 ns
     * to 68.7 s (see the class comment). {@code valueAtQuantile(1)} is the exact maximum. O(866),
     * allocation-free.
     *
     * @param q the quantile, from 0 to 1 (0.99 for p99)
     * @return the latency in nanoseconds; 0 when the histogram is empty
     * @throws IllegalArgumentException if {@code q} is not in [0, 1]
     */
    public long valueAtQuantile(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw Preconditions.invalid("LatencyHistogram quantile", "must be in [0, 1], was " + q);
        }
        long n = count();
        if (n == 0) {
            return 0;
        }
        double exact = q * n;
        long rank = Math.max(1L, (long) Math.ceil(exact - exact * RANK_TOLERANCE));
        if (rank >= n) {
            return max.get(); // the largest value: exact
        }
        // counters never decrease, so this walk reaches rank (<= n) even while others record
        long seen = 0;
        int bucket = OVERFLOW;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                bucket = i;
                break;
            }
        }
        long m = max.get(); // after the buckets: see the class comment
        return bucket == OVERFLOW ? m : Math.min(midpoint(bucket), m);
    }

    /**
     * Adds every latency of {@code other} to this histogram: counts, sum and maximum, so that a window
     * can sum several per-interval histograms into one. O(866); allocates one 7 KB scratch array.
     * {@code other} may be recorded into meanwhile: what it holds at some moment of the read is added.
     */
    public void merge(LatencyHistogram other) {
        Objects.requireNonNull(other, "other");
        long[] add = new long[BUCKETS];
        other.mergeInto(add);
        long otherSum = other.sum.sum();
        long otherMax = other.max.get(); // read after other's buckets, applied before ours
        raise(max, otherMax);
        sum.add(otherSum);
        for (int i = 0; i < BUCKETS; i++) {
            if (add[i] != 0) {
                counts.getAndAdd(i, add[i]);
            }
        }
    }

    /**
     * Adds this histogram's bucket counts to {@code into} (length {@link #bucketCount()}). Read the
     * sum and maximum after this call so that they cover every counted value.
     */
    void mergeInto(long[] into) {
        if (into.length != BUCKETS) {
            throw Preconditions.invalid("LatencyHistogram", "needs " + BUCKETS + " counts, got " + into.length);
        }
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count() + ", meanNanos=" + (long) meanNanos() + ", p50Nanos="
                + valueAtQuantile(0.5) + ", p99Nanos=" + valueAtQuantile(0.99) + ", maxNanos=" + maxNanos() + "]";
    }

    /** Raises {@code target} to {@code v} if {@code v} is larger; writes only when it is. Lock-free. */
    static void raise(AtomicLong target, long v) {
        long current;
        while (v > (current = target.get()) && !target.compareAndSet(current, v)) {
            // another writer moved it: re-read
        }
    }

    // ---- the bucket layout, the same for every histogram ----

    /** The number of buckets: underflow, 864 regular, overflow. */
    static int bucketCount() {
        return BUCKETS;
    }

    /** The bucket of a latency of {@code nanos} (negative counts as 0). */
    static int bucketIndex(long nanos) {
        if (nanos < LOWEST_REGULAR_NANOS) {
            return 0;
        }
        if (nanos >= OVERFLOW_NANOS) {
            return OVERFLOW;
        }
        int k = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (k - SUB_BITS)) & (SUB_BUCKETS - 1);
        return 1 + ((k - FIRST_EXPONENT) << SUB_BITS) + sub;
    }

    /** The smallest latency of bucket {@code index}. */
    static long lowerBound(int index) {
        Objects.checkIndex(index, BUCKETS);
        if (index == 0) {
            return 0;
        }
        if (index == OVERFLOW) {
            return OVERFLOW_NANOS;
        }
        int k = FIRST_EXPONENT + ((index - 1) >> SUB_BITS);
        int sub = (index - 1) & (SUB_BUCKETS - 1);
        return (1L << k) + ((long) sub << (k - SUB_BITS));
    }

    /** The first latency past bucket {@code index} (exclusive); {@link Long#MAX_VALUE} for overflow. */
    static long upperBound(int index) {
        Objects.checkIndex(index, BUCKETS);
        return index == OVERFLOW ? Long.MAX_VALUE : lowerBound(index + 1);
    }

    /** The midpoint of a bucket below the overflow bucket. */
    static long midpoint(int index) {
        long lo = lowerBound(index);
        return lo + (upperBound(index) - lo) / 2;
    }
}
