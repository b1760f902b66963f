package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Window arithmetic against a naive model: every recording kept with its time, and each span
 * recomputed from the recordings whose interval ({@code floor(millis / width)}) lies in the span's
 * intervals. Clock jumps of about a ring and more make positions hold stale slots, which must never
 * count.
 */
@Label("TimeWindow properties")
class TimeWindowProperties {

    /** One step: move the clock (a kind of jump and a fraction), then record, maybe with a key. */
    record Op(int jump, double fraction, long nanos, boolean error, boolean slow, int key) {
    }

    /** What the model keeps of a recording. */
    record Event(long millis, long nanos, boolean error, boolean slow, int key) {
    }

    record Shape(int slots, long widthMillis, int keys, boolean histogram, long startMillis) {
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 8),
                Arbitraries.oneOf(Arbitraries.of(1L, 7L, 1_000L, 60_000L), Arbitraries.longs().between(1, 5_000)),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.oneOf(Arbitraries.longs().between(-10_000_000L, 10_000_000L),
                        Arbitraries.longs().between(1_700_000_000_000L, 1_800_000_000_000L)))
                .as(Shape::new);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> nanos = Arbitraries.oneOf(LatencyHistogramProperties.latency(), Arbitraries.of(0L, -1L, 100L));
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(4, 1), Tuple.of(2, 2), Tuple.of(1, 3), Tuple.of(1, 4)),
                Arbitraries.doubles().between(0, 1).ofScale(4),
                nanos,
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(-1, 3))
                .as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 200)
    @Label("snapshots, counts and series equal a naive recomputation over the recordings in their intervals")
    void matchesModel(@ForAll("shapes") Shape shape, @ForAll("ops") List<Op> ops) {
        FakeClock clock = new FakeClock(shape.startMillis());
        TimeWindow w = TimeWindow.builder().clock(clock).slots(shape.slots())
                .slotWidth(Duration.ofMillis(shape.widthMillis())).keys(shape.keys())
                .latencyHistogram(shape.histogram()).build();
        long width = shape.widthMillis();
        long ring = width * shape.slots();
        List<Event> events = new ArrayList<>();

        for (Op op : ops) {
            long delta = switch (op.jump()) {
                case 0 -> 0;
                case 1 -> (long) (op.fraction() * width); // within or to the next interval
                case 2 -> width + (long) (op.fraction() * 2 * width); // one to three intervals
                case 3 -> ring - 1 + Math.round(op.fraction() * 2); // about one whole ring
                default -> (long) (op.fraction() * 3 * ring); // up to three rings
            };
            clock.advanceMillis(delta);
            long now = clock.millis();
            if (op.key() >= 0 && op.key() < shape.keys()) {
                w.increment(op.key());
                events.add(new Event(now, 0, false, false, op.key()));
            } else {
                w.record(op.nanos(), op.error(), op.slow());
                events.add(new Event(now, op.nanos(), op.error(), op.slow(), -1));
            }
            long newest = Math.floorDiv(now, width);
            checkSpan(w, shape, events, newest, 1);
            checkSpan(w, shape, events, newest, shape.slots());
        }

        long newest = Math.floorDiv(clock.millis(), width);
        for (int k = 1; k <= shape.slots(); k++) {
            checkSpan(w, shape, events, newest, k);
        }
        List<TimeWindow.Snapshot> series = w.series(Duration.ofMillis(ring));
        assertEquals(shape.slots(), series.size());
        for (int j = 0; j < series.size(); j++) {
            long interval = newest - shape.slots() + 1 + j;
            check(series.get(j), shape, events, interval, interval);
        }
        assertEquals(0, w.lateRecordings(), "the clock never went back");
    }

    private static void checkSpan(TimeWindow w, Shape shape, List<Event> events, long newest, int k) {
        Duration span = Duration.ofMillis(k * shape.widthMillis());
        TimeWindow.Snapshot s = w.snapshot(span);
        check(s, shape, events, newest - k + 1, newest);
        // the allocation-free count of the same slots, at a reading in the newest interval
        assertEquals(k, w.slotsIn(span));
        assertEquals(s.count(), w.count(k, newest * shape.widthMillis()), "count(k, now) as snapshot(span).count()");
        for (long enough : new long[] {1, 2, s.count(), s.count() + 1}) {
            long partial = w.count(k, newest * shape.widthMillis(), enough);
            if (s.count() < enough) {
                assertEquals(s.count(), partial, "below enough: exact");
            } else {
                assertTrue(partial >= enough && partial <= s.count(), "at least enough, at most the count: " + partial);
            }
        }
    }

    /** {@code s} against the events whose interval is in [first, last]. */
    private static void check(TimeWindow.Snapshot s, Shape shape, List<Event> events, long first, long last) {
        long width = shape.widthMillis();
        long count = 0;
        long errors = 0;
        long slow = 0;
        long sum = 0;
        long max = 0;
        long[] keys = new long[shape.keys()];
        LatencyHistogram model = LatencyHistogram.create();
        for (Event e : events) {
            long interval = Math.floorDiv(e.millis(), width);
            if (interval < first || interval > last) {
                continue;
            }
            if (e.key() >= 0) {
                keys[e.key()]++;
                continue;
            }
            long v = Math.max(0, e.nanos());
            count++;
            errors += e.error() ? 1 : 0;
            slow += e.slow() ? 1 : 0;
            sum += v;
            max = Math.max(max, v);
            model.record(v);
        }
        String where = "intervals " + first + ".." + last;
        assertEquals(Instant.ofEpochMilli(first * width), s.start(), where);
        assertEquals(Instant.ofEpochMilli((last + 1) * width), s.end(), where);
        assertEquals(count, s.count(), where);
        assertEquals(errors, s.errors(), where);
        assertEquals(slow, s.slow(), where);
        assertEquals(sum, s.sumNanos(), where);
        assertEquals(max, s.maxNanos(), where);
        for (int k = 0; k < keys.length; k++) {
            assertEquals(keys[k], s.keyCount(k), where + ", key " + k);
        }
        if (shape.histogram()) {
            for (double q : new double[] {0, 0.5, 0.9, 0.99, 1}) {
                assertEquals(model.valueAtQuantile(q), s.latencyAtQuantile(q), where + ", q " + q);
            }
        }
    }
}
