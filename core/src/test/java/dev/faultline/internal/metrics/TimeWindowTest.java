package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("TimeWindow")
class TimeWindowTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** 2026-01-01T10:00:00Z plus 10 s: inside a minute, not on its edge. */
    private static final long T0 = Instant.parse("2026-01-01T10:00:10Z").toEpochMilli();

    private final FakeClock clock = new FakeClock(T0);

    private TimeWindow.Builder window() {
        return TimeWindow.builder().clock(clock);
    }

    @Nested
    @DisplayName("is built")
    class Building {

        @Test
        @DisplayName("with 60 one-minute slots, no histogram and no keys by default")
        void defaults() {
            TimeWindow w = TimeWindow.builder().build();
            assertAll(
                    () -> assertEquals(60, w.slots()),
                    () -> assertEquals(MINUTE, w.slotWidth()),
                    () -> assertFalse(w.hasLatencyHistogram()),
                    () -> assertEquals(0, w.keys()));
        }

        @Test
        @DisplayName("rejecting a setting out of range with a message that names it")
        void rejects() {
            TimeWindow.Builder b = TimeWindow.builder();
            assertAll(
                    () -> assertMessage("slots", assertThrows(IllegalArgumentException.class, () -> b.slots(0))),
                    () -> assertMessage("slots", assertThrows(IllegalArgumentException.class, () -> b.slots(TimeWindow.MAX_SLOTS + 1))),
                    () -> assertMessage("slotWidth", assertThrows(IllegalArgumentException.class, () -> b.slotWidth(Duration.ZERO))),
                    () -> assertMessage("slotWidth", assertThrows(IllegalArgumentException.class, () -> b.slotWidth(Duration.ofNanos(1_500_000)))),
                    () -> assertMessage("keys", assertThrows(IllegalArgumentException.class, () -> b.keys(-1))),
                    () -> assertThrows(NullPointerException.class, () -> b.clock(null)));
        }

        @Test
        @DisplayName("refusing a ring whose length in milliseconds overflows")
        void tooLong() {
            TimeWindow.Builder b = TimeWindow.builder().slots(TimeWindow.MAX_SLOTS).slotWidth(Duration.ofMillis(Long.MAX_VALUE / 1000));
            assertThrows(IllegalStateException.class, b::build);
        }

        private void assertMessage(String setting, Exception e) {
            assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
        }
    }

    @Nested
    @DisplayName("sums a span")
    class Spans {

        @Test
        @DisplayName("of the current interval and the ones before it, with count, errors, slow, mean and max")
        void sums() {
            TimeWindow w = window().slots(60).build();
            w.record(10 * MS, false, false);
            w.record(30 * MS, true, false);
            clock.advance(MINUTE);
            w.record(50 * MS, true, true);
            clock.advance(Duration.ofMinutes(3));
            w.record(70 * MS, false, true);

            TimeWindow.Snapshot last1 = w.snapshot(MINUTE);
            TimeWindow.Snapshot last5 = w.snapshot(Duration.ofMinutes(5));
            TimeWindow.Snapshot last4 = w.snapshot(Duration.ofMinutes(4));
            assertAll(
                    () -> assertEquals(1, last1.count()),
                    () -> assertEquals(70 * MS, last1.maxNanos()),
                    () -> assertEquals(4, last5.count()),
                    () -> assertEquals(2, last5.errors()),
                    () -> assertEquals(2, last5.slow()),
                    () -> assertEquals(40.0 * MS, last5.meanNanos()),
                    () -> assertEquals(160 * MS, last5.sumNanos()),
                    () -> assertEquals(70 * MS, last5.maxNanos()),
                    () -> assertEquals(2, last4.count(), "the first minute is five minutes back"));
        }

        @Test
        @DisplayName("from the start of its oldest interval to the end of the current one")
        void bounds() {
            TimeWindow w = window().build();
            TimeWindow.Snapshot s = w.snapshot(Duration.ofMinutes(5));
            assertEquals(Instant.parse("2026-01-01T09:56:00Z"), s.start());
            assertEquals(Instant.parse("2026-01-01T10:01:00Z"), s.end());
        }

        @Test
        @DisplayName("only of whole slot widths, from one slot to the whole ring")
        void badSpan() {
            TimeWindow w = window().slots(60).build();
            assertThrows(IllegalArgumentException.class, () -> w.snapshot(Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> w.snapshot(Duration.ofSeconds(-60)));
            assertThrows(IllegalArgumentException.class, () -> w.snapshot(Duration.ofSeconds(90)));
            assertThrows(IllegalArgumentException.class, () -> w.snapshot(Duration.ofMinutes(61)));
            assertThrows(IllegalArgumentException.class, () -> w.series(Duration.ofMinutes(61)));
            assertThrows(IllegalArgumentException.class, () -> w.snapshot(Duration.ofMinutes(1).plusNanos(1)));
            assertEquals(0, w.snapshot(Duration.ofHours(1)).count());
            assertThrows(IllegalArgumentException.class, () -> w.slotsIn(Duration.ofSeconds(90)));
            assertThrows(IllegalArgumentException.class, () -> w.count(0, 0L));
            assertThrows(IllegalArgumentException.class, () -> w.count(61, 0L));
            assertEquals(60, w.slotsIn(Duration.ofHours(1)));
        }

        @Test
        @DisplayName("with latency quantiles merged across its slots when the window keeps histograms")
        void quantiles() {
            TimeWindow w = window().latencyHistogram(true).build();
            for (int i = 1; i <= 100; i++) {
                w.record(i * MS, false, false);
                if (i % 25 == 0) {
                    clock.advance(MINUTE);
                }
            }
            TimeWindow.Snapshot s = w.snapshot(Duration.ofMinutes(5));
            assertAll(
                    () -> assertEquals(100, s.count()),
                    () -> assertEquals(5050 * MS, s.sumNanos()),
                    () -> assertEquals(100 * MS, s.maxNanos()),
                    () -> LatencyHistogramTest.assertWithin(50 * MS, s.latencyAtQuantile(0.5)),
                    () -> LatencyHistogramTest.assertWithin(90 * MS, s.latencyAtQuantile(0.9)),
                    () -> LatencyHistogramTest.assertWithin(99 * MS, s.latencyAtQuantile(0.99)),
                    () -> assertEquals(100 * MS, s.latencyAtQuantile(1.0)));
            LatencyHistogramTest.assertWithin(76 * MS, w.snapshot(Duration.ofMinutes(2)).latencyAtQuantile(0.0));
        }

        @Test
        @DisplayName("over several windows of one shape as if one window had every recording")
        void sumOfWindows() {
            TimeWindow a = window().slots(5).latencyHistogram(true).keys(1).build();
            TimeWindow b = window().slots(5).latencyHistogram(true).keys(1).build();
            TimeWindow both = window().slots(5).latencyHistogram(true).keys(1).build();
            for (int i = 1; i <= 60; i++) {
                TimeWindow one = i % 3 == 0 ? b : a;
                one.record(i * MS, i % 7 == 0, i % 11 == 0);
                both.record(i * MS, i % 7 == 0, i % 11 == 0);
                if (i % 4 == 0) {
                    one.increment(0);
                    both.increment(0);
                }
                if (i % 20 == 0) {
                    clock.advance(MINUTE);
                }
            }
            for (Duration span : List.of(MINUTE, Duration.ofMinutes(3), Duration.ofMinutes(5))) {
                TimeWindow.Snapshot sum = TimeWindow.sum(a, List.of(a, b), span);
                TimeWindow.Snapshot expected = both.snapshot(span);
                assertAll(span.toString(),
                        () -> assertEquals(expected.count(), sum.count()),
                        () -> assertEquals(expected.errors(), sum.errors()),
                        () -> assertEquals(expected.slow(), sum.slow()),
                        () -> assertEquals(expected.keyCount(0), sum.keyCount(0)),
                        () -> assertEquals(expected.sumNanos(), sum.sumNanos()),
                        () -> assertEquals(expected.maxNanos(), sum.maxNanos()),
                        () -> assertEquals(expected.latencyAtQuantile(0.9), sum.latencyAtQuantile(0.9)),
                        () -> assertEquals(expected.start(), sum.start()),
                        () -> assertEquals(expected.end(), sum.end()));
            }
            TimeWindow other = window().slots(6).latencyHistogram(true).keys(1).build();
            assertThrows(IllegalArgumentException.class, () -> TimeWindow.sum(a, List.of(a, other), MINUTE));
        }

        @Test
        @DisplayName("without quantiles when the window keeps no histograms")
        void noHistogram() {
            TimeWindow w = window().build();
            w.record(5 * MS, false, false);
            TimeWindow.Snapshot s = w.snapshot(MINUTE);
            assertFalse(s.hasLatencyHistogram());
            assertEquals(5 * MS, s.maxNanos());
            assertThrows(IllegalStateException.class, () -> s.latencyAtQuantile(0.5));
        }
    }

    @Nested
    @DisplayName("never counts a stale slot")
    class Stale {

        @Test
        @DisplayName("when the ring has come round to the same position without a new recording")
        void fullTurn() {
            TimeWindow w = window().slots(60).build();
            w.record(MS, true, true);
            clock.advance(Duration.ofMinutes(60)); // same position, 60 intervals later
            assertEquals(0, w.snapshot(Duration.ofMinutes(60)).count());
            assertTrue(w.series(Duration.ofMinutes(60)).stream().allMatch(s -> s.count() == 0));
        }

        @Test
        @DisplayName("when the clock jumps far past the ring, then a recording replaces the old slot")
        void jump() {
            TimeWindow w = window().slots(5).build();
            w.record(MS, false, false);
            clock.advance(Duration.ofDays(3));
            w.record(2 * MS, false, false);
            TimeWindow.Snapshot s = w.snapshot(Duration.ofMinutes(5));
            assertEquals(1, s.count());
            assertEquals(2 * MS, s.sumNanos());
        }
    }

    @Nested
    @DisplayName("lists its slots")
    class Series {

        @Test
        @DisplayName("oldest first, each with its interval's start, zero where nothing was recorded")
        void oldestFirst() {
            TimeWindow w = window().slots(60).build();
            w.record(MS, false, false); // 10:00
            clock.advance(Duration.ofMinutes(2));
            w.record(MS, false, false); // 10:02
            w.record(MS, true, false);

            List<TimeWindow.Snapshot> series = w.series(Duration.ofMinutes(4));
            assertEquals(4, series.size());
            assertEquals(List.of(0L, 1L, 0L, 2L), series.stream().map(TimeWindow.Snapshot::count).toList());
            assertEquals(List.of(Instant.parse("2026-01-01T09:59:00Z"), Instant.parse("2026-01-01T10:00:00Z"),
                    Instant.parse("2026-01-01T10:01:00Z"), Instant.parse("2026-01-01T10:02:00Z")),
                    series.stream().map(TimeWindow.Snapshot::start).toList());
            assertEquals(Instant.parse("2026-01-01T10:03:00Z"), series.get(3).end());
            assertEquals(1, series.get(3).errors());
        }

        @Test
        @DisplayName("hourly for a day, as the error trends need")
        void hourly() {
            TimeWindow w = window().slots(24).slotWidth(Duration.ofHours(1)).build();
            for (int h = 0; h < 30; h++) {
                for (int i = 0; i < h; i++) {
                    w.record(0, true, false);
                }
                clock.advance(Duration.ofHours(1));
            }
            List<Long> counts = w.series(Duration.ofHours(24)).stream().map(TimeWindow.Snapshot::count).toList();
            assertEquals(24, counts.size());
            assertEquals(0, counts.get(23), "the current hour");
            assertEquals(29, counts.get(22));
            assertEquals(7, counts.get(0));
        }

        @Test
        @DisplayName("with per-slot quantiles when the window keeps histograms")
        void quantiles() {
            TimeWindow w = window().slots(3).latencyHistogram(true).build();
            w.record(10 * MS, false, false);
            clock.advance(MINUTE);
            clock.advance(MINUTE);
            w.record(40 * MS, false, false);
            List<TimeWindow.Snapshot> series = w.series(Duration.ofMinutes(3));
            LatencyHistogramTest.assertWithin(10 * MS, series.get(0).latencyAtQuantile(0.5));
            assertEquals(0, series.get(1).latencyAtQuantile(0.5));
            LatencyHistogramTest.assertWithin(40 * MS, series.get(2).latencyAtQuantile(0.5));
        }
    }

    @Nested
    @DisplayName("counts by key")
    class Keys {

        @Test
        @DisplayName("in a fixed array of counters per slot, several keys in one slot through current()")
        void keyed() {
            TimeWindow w = window().keys(4).build();
            TimeWindow.Slot s = w.current();
            s.increment(0);
            s.increment(3);
            w.increment(3);
            clock.advance(MINUTE);
            w.increment(1);
            TimeWindow.Snapshot both = w.snapshot(Duration.ofMinutes(2));
            assertAll(
                    () -> assertEquals(4, both.keys()),
                    () -> assertEquals(1, both.keyCount(0)),
                    () -> assertEquals(1, both.keyCount(1)),
                    () -> assertEquals(0, both.keyCount(2)),
                    () -> assertEquals(2, both.keyCount(3)),
                    () -> assertEquals(0, both.count(), "keyed counters are not timed outcomes"),
                    () -> assertEquals(1, w.snapshot(MINUTE).keyCount(1)));
        }

        @Test
        @DisplayName("rejecting a key outside the array")
        void outOfRange() {
            TimeWindow w = window().keys(2).build();
            assertThrows(IndexOutOfBoundsException.class, () -> w.increment(2));
            assertThrows(IndexOutOfBoundsException.class, () -> w.increment(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> w.current().increment(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> w.snapshot(MINUTE).keyCount(2));
            assertEquals(0, w.snapshot(MINUTE).keyCount(0));
            assertThrows(IndexOutOfBoundsException.class, () -> window().build().increment(0));
        }
    }

    @Nested
    @DisplayName("switches intervals exactly at their edges")
    class Edges {

        /** current() keeps the last slot as a hint; it must never serve a millisecond outside its interval. */
        @Test
        @DisplayName("the last millisecond of an interval in it, the next millisecond in the next, and back again")
        void hintStaysInsideItsInterval() {
            clock.set(Instant.parse("2026-01-01T10:00:00Z").toEpochMilli());
            TimeWindow w = window().slots(10).build();
            w.record(MS, false, false);                   // 10:00:00.000, first of its minute
            clock.advance(Duration.ofMillis(59_999));
            w.record(MS, false, false);                   // 10:00:59.999, last of the same minute
            clock.advance(Duration.ofMillis(1));
            w.record(MS, false, false);                   // 10:01:00.000, the next minute
            clock.advance(Duration.ofMillis(-1));
            w.record(MS, false, false);                   // 10:00:59.999 again: the earlier minute
            clock.advance(Duration.ofMillis(1));
            assertEquals(List.of(3L, 1L), w.series(Duration.ofMinutes(2)).stream().map(TimeWindow.Snapshot::count).toList());
            assertEquals(0, w.lateRecordings());
        }
    }

    @Nested
    @DisplayName("with a clock that steps back")
    class Backwards {

        @Test
        @DisplayName("records into the earlier interval while the ring still holds it")
        void withinRing() {
            TimeWindow w = window().slots(10).build();
            w.record(MS, false, false);
            clock.advance(Duration.ofMinutes(3));
            w.record(MS, false, false);
            clock.advance(Duration.ofMinutes(-3));
            w.record(MS, false, false);
            clock.advance(Duration.ofMinutes(3));
            assertEquals(List.of(2L, 0L, 0L, 1L), w.series(Duration.ofMinutes(4)).stream().map(TimeWindow.Snapshot::count).toList());
            assertEquals(0, w.lateRecordings());
        }

        @Test
        @DisplayName("counts a recording whose interval is older than the ring as late, and nowhere else")
        void late() {
            TimeWindow w = window().slots(5).build();
            clock.advance(Duration.ofMinutes(5));
            w.record(MS, false, false);
            clock.advance(Duration.ofMinutes(-5)); // same position, an older interval
            w.record(MS, false, false);
            assertEquals(1, w.lateRecordings());
            assertEquals(0, w.snapshot(Duration.ofMinutes(5)).count());
            clock.advance(Duration.ofMinutes(5));
            assertEquals(1, w.snapshot(Duration.ofMinutes(5)).count());
        }
    }

    /**
     * The caveat of a slot kept past its interval: a thread that takes {@code current()} and records
     * into it after the ring has come round writes into a slot that is no longer in the ring.
     */
    @Test
    @DisplayName("loses what is recorded into a slot kept after the ring has replaced it, as documented")
    void detachedSlot() {
        TimeWindow w = window().slots(2).build();
        TimeWindow.Slot kept = w.current();
        clock.advance(Duration.ofMinutes(2));
        w.record(MS, false, false); // replaces kept
        kept.record(MS, false, false);
        assertEquals(1, w.snapshot(Duration.ofMinutes(2)).count());
    }

    @Test
    @DisplayName("places intervals on the epoch, before 1970 too")
    void beforeEpoch() {
        clock.set(-90_000); // 1969-12-31T23:58:30Z
        TimeWindow w = window().slots(3).build();
        w.record(MS, false, false);
        clock.advance(Duration.ofSeconds(30)); // 23:59:00, the next interval
        w.record(MS, false, false);
        List<TimeWindow.Snapshot> series = w.series(Duration.ofMinutes(2));
        assertEquals(Instant.parse("1969-12-31T23:58:00Z"), series.get(0).start());
        assertEquals(List.of(1L, 1L), series.stream().map(TimeWindow.Snapshot::count).toList());
    }

    @Test
    @DisplayName("uses the system UTC clock unless told otherwise")
    void systemClock() {
        TimeWindow w = TimeWindow.builder().slotWidth(Duration.ofDays(1)).slots(2).build();
        w.record(MS, false, false);
        assertEquals(1, w.snapshot(Duration.ofDays(2)).count()); // the same or the next day: both in the span
    }
}
