package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The histogram against a naive model: the sorted list of the recorded latencies.
 *
 * <p>The bound checked is 1/64 (1.5625 %, tighter than the 2 % asked for): the reported value is
 * the midpoint (or the smaller maximum) of the bucket that holds the exact nearest-rank value
 * {@code v}, a bucket {@code [lo, lo + w)} with {@code w ≤ lo / 32}, so it is within {@code w / 2 ≤ v / 64}.
 */
@Label("LatencyHistogram properties")
class LatencyHistogramProperties {

    static final long MIN = 1_000L; // 1 µs
    static final long MAX = 60_000_000_000L; // 60 s

    /** Latencies in [1 µs, 60 s]: log-uniform, uniform, and bucket edges, with repeats. */
    @Provide
    static Arbitrary<Long> latency() {
        Arbitrary<Long> logUniform = Arbitraries.doubles().between(6.9, 24.82).ofScale(6) // ln(1 µs) to ln(60 s), clamped
                .map(x -> Math.max(MIN, Math.min(MAX, Math.round(Math.exp(x)))));
        Arbitrary<Long> uniform = Arbitraries.longs().between(MIN, MAX);
        Arbitrary<Long> edges = Arbitraries.integers().between(1, LatencyHistogram.bucketCount() - 2)
                .flatMap(i -> Arbitraries.of(LatencyHistogram.lowerBound(i), LatencyHistogram.upperBound(i) - 1,
                        LatencyHistogram.midpoint(i)))
                .map(v -> Math.max(MIN, Math.min(MAX, v)));
        Arbitrary<Long> fixed = Arbitraries.of(MIN, MAX, 1_023L, 1_024L, 1_025L, 999_999L, 1_000_000L);
        return Arbitraries.frequencyOf(Tuple.of(5, logUniform), Tuple.of(2, uniform), Tuple.of(2, edges),
                Tuple.of(1, fixed));
    }

    @Provide
    Arbitrary<List<Long>> latencies() {
        return latency().list().ofMinSize(1).ofMaxSize(400);
    }

    /** Any long, negative and past the overflow bound too. */
    @Provide
    Arbitrary<List<Long>> anyLatencies() {
        Arbitrary<Long> any = Arbitraries.oneOf(latency(), Arbitraries.longs().between(-1_000, 2_000),
                Arbitraries.longs().between(60_000_000_000L, 1_000_000_000_000L));
        return any.list().ofMaxSize(200);
    }

    /** Quantiles in thousandths, so that the model's rank is exact integer arithmetic. */
    @Provide
    Arbitrary<List<Integer>> perMille() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 10, 70, 250, 500, 750, 900, 950, 990, 999, 1000),
                Arbitraries.integers().between(0, 1000)).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 200)
    @Label("every quantile is within 1/64 of the exact nearest-rank value")
    void quantilesWithinBound(@ForAll("latencies") List<Long> values, @ForAll("perMille") List<Integer> quantiles) {
        LatencyHistogram h = histogramOf(values);
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        for (int k : quantiles) {
            long rank = Math.max(1, ((long) k * n + 999) / 1000); // ceil(k/1000 × n), exactly
            long exact = sorted.get((int) rank - 1);
            long reported = h.valueAtQuantile(k / 1000.0);
            assertTrue(Math.abs(reported - exact) * 64 <= exact,
                    () -> "q=" + k / 1000.0 + " of " + n + ": reported " + reported + ", exact " + exact);
        }
    }

    @Property(tries = 200)
    @Label("count, sum and maximum are exact")
    void exactAggregates(@ForAll("anyLatencies") List<Long> values) {
        LatencyHistogram h = histogramOf(values);
        long sum = 0;
        long max = 0;
        for (long v : values) {
            long c = Math.max(0, v);
            sum += c;
            max = Math.max(max, c);
        }
        assertEquals(values.size(), h.count());
        assertEquals(sum, h.sumNanos());
        assertEquals(max, h.maxNanos());
        assertEquals(values.isEmpty() ? 0 : max, h.valueAtQuantile(1.0));
    }

    @Property(tries = 200)
    @Label("merging two histograms gives the histogram of the concatenated latencies")
    void mergeIsConcatenation(@ForAll("anyLatencies") List<Long> a, @ForAll("anyLatencies") List<Long> b) {
        LatencyHistogram merged = histogramOf(a);
        merged.merge(histogramOf(b));
        List<Long> both = new ArrayList<>(a);
        both.addAll(b);
        LatencyHistogram expected = histogramOf(both);

        assertArrayEquals(bucketsOf(expected), bucketsOf(merged));
        assertEquals(expected.count(), merged.count());
        assertEquals(expected.sumNanos(), merged.sumNanos());
        assertEquals(expected.maxNanos(), merged.maxNanos());
        for (int k = 0; k <= 1000; k += 10) {
            assertEquals(expected.valueAtQuantile(k / 1000.0), merged.valueAtQuantile(k / 1000.0), "q=" + k / 1000.0);
        }
    }

    static LatencyHistogram histogramOf(List<Long> values) {
        LatencyHistogram h = LatencyHistogram.create();
        values.forEach(h::record);
        return h;
    }

    static long[] bucketsOf(LatencyHistogram h) {
        long[] c = new long[LatencyHistogram.bucketCount()];
        h.mergeInto(c);
        return c;
    }
}
