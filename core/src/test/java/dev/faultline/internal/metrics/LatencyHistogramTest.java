package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("LatencyHistogram")
class LatencyHistogramTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Nested
    @DisplayName("bucket layout")
    class Layout {

        @Test
        @DisplayName("has 866 buckets that tile every non-negative long in order, without gaps")
        void contiguous() {
            int n = LatencyHistogram.bucketCount();
            assertEquals(866, n);
            assertEquals(0, LatencyHistogram.lowerBound(0));
            assertEquals(Long.MAX_VALUE, LatencyHistogram.upperBound(n - 1));
            for (int i = 0; i < n - 1; i++) {
                assertTrue(LatencyHistogram.lowerBound(i) < LatencyHistogram.upperBound(i), "bucket " + i);
                assertEquals(LatencyHistogram.upperBound(i), LatencyHistogram.lowerBound(i + 1), "bucket " + i);
            }
        }

        @Test
        @DisplayName("puts each bucket's first and last value in that bucket")
        void boundsMapBack() {
            for (int i = 0; i < LatencyHistogram.bucketCount(); i++) {
                assertEquals(i, LatencyHistogram.bucketIndex(LatencyHistogram.lowerBound(i)), "lower bound of " + i);
                assertEquals(i, LatencyHistogram.bucketIndex(LatencyHistogram.upperBound(i) - 1), "last value of " + i);
            }
        }

        @Test
        @DisplayName("makes every regular bucket at most 1/32 of its lower bound wide, so its midpoint is within 1/64")
        void relativeWidth() {
            for (int i = 1; i < LatencyHistogram.bucketCount() - 1; i++) {
                long lo = LatencyHistogram.lowerBound(i);
                long w = LatencyHistogram.upperBound(i) - lo;
                assertTrue(w * 32 <= lo, "bucket " + i + " [" + lo + ", +" + w + ")");
                assertTrue((LatencyHistogram.midpoint(i) - lo) * 64 <= lo, "bucket " + i);
            }
        }

        @Test
        @DisplayName("covers 1 µs to 60 s with regular buckets")
        void range() {
            int first = LatencyHistogram.bucketIndex(1_000);
            int last = LatencyHistogram.bucketIndex(60_000 * MS);
            assertTrue(first > 0, "1 µs is not in the underflow bucket");
            assertTrue(last < LatencyHistogram.bucketCount() - 1, "60 s is not in the overflow bucket");
        }
    }

    @Nested
    @DisplayName("when empty")
    class Empty {

        @Test
        @DisplayName("reports zero for count, sum, mean, max and every quantile")
        void zeros() {
            LatencyHistogram h = LatencyHistogram.create();
            assertAll(
                    () -> assertEquals(0, h.count()),
                    () -> assertEquals(0, h.sumNanos()),
                    () -> assertEquals(0.0, h.meanNanos()),
                    () -> assertEquals(0, h.maxNanos()),
                    () -> assertEquals(0, h.valueAtQuantile(0.0)),
                    () -> assertEquals(0, h.valueAtQuantile(0.99)),
                    () -> assertEquals(0, h.valueAtQuantile(1.0)));
        }
    }

    @Nested
    @DisplayName("reporting quantiles")
    class Quantiles {

        @Test
        @DisplayName("reads decimal quantiles as meant: p7 of 1..100 ms is 7 ms, not 8 ms")
        void decimalRank() {
            LatencyHistogram h = LatencyHistogram.create();
            for (int i = 1; i <= 100; i++) {
                h.record(i * MS);
            }
            assertWithin(7 * MS, h.valueAtQuantile(0.07));
            assertWithin(50 * MS, h.valueAtQuantile(0.5));
            assertWithin(90 * MS, h.valueAtQuantile(0.9));
            assertWithin(99 * MS, h.valueAtQuantile(0.99));
            assertWithin(1 * MS, h.valueAtQuantile(0.0));
        }

        @Test
        @DisplayName("gives the exact maximum at quantile 1")
        void maxAtOne() {
            LatencyHistogram h = LatencyHistogram.create();
            h.record(1_234_567);
            h.record(987_654_321);
            assertEquals(987_654_321, h.valueAtQuantile(1.0));
            assertEquals(987_654_321, h.maxNanos());
        }

        @Test
        @DisplayName("never reports more than the maximum, even when the bucket midpoint is higher")
        void clampedToMax() {
            LatencyHistogram h = LatencyHistogram.create();
            long lo = LatencyHistogram.lowerBound(LatencyHistogram.bucketIndex(5 * MS));
            h.record(lo);
            assertEquals(lo, h.valueAtQuantile(0.5));
        }

        @Test
        @DisplayName("reports the maximum recorded for latencies past the overflow bound (about 68.7 s)")
        void overflow() {
            LatencyHistogram h = LatencyHistogram.create();
            h.record(90_000 * MS);
            h.record(120_000 * MS);
            assertEquals(120_000 * MS, h.valueAtQuantile(0.5));
            assertEquals(210_000 * MS, h.sumNanos());
        }

        @Test
        @DisplayName("puts sub-512 ns and negative latencies in the underflow bucket, counted as they are (negative as 0)")
        void underflow() {
            LatencyHistogram h = LatencyHistogram.create();
            h.record(-5);
            h.record(100);
            h.record(300);
            assertEquals(3, h.count());
            assertEquals(400, h.sumNanos());
            assertEquals(300, h.maxNanos());
            assertEquals(256, h.valueAtQuantile(0.5)); // the underflow midpoint, under the maximum
        }

        @Test
        @DisplayName("rejects a quantile outside [0, 1]")
        void badQuantile() {
            LatencyHistogram h = LatencyHistogram.create();
            assertThrows(IllegalArgumentException.class, () -> h.valueAtQuantile(-0.01));
            assertThrows(IllegalArgumentException.class, () -> h.valueAtQuantile(1.01));
            assertThrows(IllegalArgumentException.class, () -> h.valueAtQuantile(Double.NaN));
        }
    }

    @Nested
    @DisplayName("merging")
    class Merging {

        @Test
        @DisplayName("adds the other's counts and sum and keeps the larger maximum, leaving the other as it was")
        void merge() {
            LatencyHistogram a = LatencyHistogram.create();
            LatencyHistogram b = LatencyHistogram.create();
            a.record(2 * MS);
            a.record(4 * MS);
            b.record(3 * MS);
            b.record(70_000 * MS);
            a.merge(b);
            assertAll(
                    () -> assertEquals(4, a.count()),
                    () -> assertEquals(70_009 * MS, a.sumNanos()),
                    () -> assertEquals(70_000 * MS, a.maxNanos()),
                    () -> assertWithin(3 * MS, a.valueAtQuantile(0.5)),
                    () -> assertEquals(2, b.count()));
        }
    }

    static void assertWithin(long exact, long reported) {
        assertTrue(Math.abs(reported - exact) * 64 <= exact,
                () -> "reported " + reported + " is not within 1/64 of " + exact);
    }
}
