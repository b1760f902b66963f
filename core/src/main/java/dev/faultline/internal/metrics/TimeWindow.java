package dev.faultline.internal.metrics;

import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A bounded time window: a ring of {@link Builder#slots(int) N} slots, one per interval of
 * {@link Builder#slotWidth(Duration) width W}, aligned on the epoch ({@code interval = floor(millis / W)}).
 * Each {@link Slot} counts what was recorded during its interval: timed outcomes (count, errors, slow,
 * latency sum and maximum, and, {@link Builder#latencyHistogram(boolean) optionally}, a
 * {@link LatencyHistogram}) and a small fixed array of {@link Builder#keys(int) keyed counters}
 * indexed by an int (an enum ordinal, a capped endpoint index). Typical uses: per-endpoint
 * performance with 1-minute slots and histograms; error counts by type, severity and endpoint with
 * 60 one-minute slots for the last hour and 24 one-hour slots for the retention.
 *
 * <h2>Rotation</h2>
 * Interval {@code i} lives at ring position {@code i mod N}. A recording reads the clock, and if its
 * position still holds a slot of an older interval (or none), replaces it with a fresh slot by
 * {@link AtomicReferenceArray#compareAndSet compare-and-set}; a thread that loses the race re-reads
 * the position and records into the winner's slot. The interval a position holds only ever moves
 * forward, so counts are exact and no lock is taken. A recording whose position already holds a
 * <em>newer</em> interval — its thread stalled for about a whole ring between reading the clock and
 * recording, or the clock stepped back by more than {@code N × W} — belongs to an interval no span
 * can still include: it is not counted in any slot but in {@link #lateRecordings()}. A thread that
 * stalls <em>after</em> getting its slot, until the ring has come round and replaced it, writes into
 * the replaced slot, where no snapshot reads it; by then its interval has left every span anyway.
 *
 * <h2>Reading</h2>
 * A span of {@code k} slots ({@code span = k × W}, {@code 1 ≤ k ≤ N}) covers the current interval,
 * which is partly elapsed, and the {@code k − 1} before it. {@link #snapshot(Duration)} sums the
 * slots of the span; {@link #series(Duration)} lists them one by one, oldest first. Only a slot whose
 * own interval is in the span counts: a position still holding an older interval (nothing was
 * recorded since) reads as zero, so stale slots never count.
 *
 * <h2>Complexity</h2>
 * Recording ({@link #record}, {@link #increment}, {@link #current()}) is O(1), lock-free and
 * allocation-free, except that the first recording of an interval allocates its slot (threads racing
 * for the same new interval may each allocate one; one wins, the others are dropped unused).
 * {@link #snapshot(Duration)} and {@link #series(Duration)} are O(k × (5 + K + 866)), 866 only with
 * histograms, and allocate their results.
 *
 * <h2>Memory</h2>
 * Fixed whatever the traffic, at most {@code N} slots plus one: the ring is allocated up front, a
 * slot is created only for an interval that records something, and it replaces the slot of the
 * interval {@code N} before it. With {@code K} keys, a slot takes about {@code 104 + 8K} bytes, plus
 * about 7,030 with a histogram (64-bit JVM, compressed references); the window itself about
 * {@code 120 + 4N} bytes plus one {@code 104 + 8K} slot that takes late recordings. 60 one-minute
 * slots with histograms: about 428 KB; 60 slots of 118 keys without: about 63 KB.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe, and every method uses the same scheme: atomics only ({@link AtomicReferenceArray} for
 * the ring, {@link AtomicLongArray} and {@link java.util.concurrent.atomic.AtomicLong} for
 * counters), no lock, no method that resets or rewrites counters in place. Reads are weakly
 * consistent: each counter is read exactly as it was at some moment, but a snapshot taken while
 * others record may see part of a recording (its count but not yet its latency), and a slot replaced
 * during a read is read as it was.
 */
public final class TimeWindow {

    /** Default number of slots: 60. */
    public static final int DEFAULT_SLOTS = 60;
    /** Default slot width: one minute. */
    public static final Duration DEFAULT_SLOT_WIDTH = Duration.ofMinutes(1);
    /** The largest number of slots. */
    public static final int MAX_SLOTS = 1 << 16;
    /** The largest number of keyed counters per slot. */
    public static final int MAX_KEYS = 1 << 16;

    private final AtomicReferenceArray<@Nullable Slot> ring;
    private final int slots;
    private final long widthMillis;
    private final int keys;
    private final boolean histogram;
    private final Clock clock;
    /** Takes recordings whose interval is older than the ring; never read. */
    private final Slot late;
    private final AtomicLong lateRecordings = new AtomicLong();
    private final @Nullable RotationListener listener;
    /**
     * The slot of the newest interval seen, so that {@link #current(long)} skips the ring arithmetic
     * (two long divisions) while the clock stays inside it. A hint only: a racing writer may leave an
     * older slot here, and the next call that misses it takes the ring path and puts the newer one back.
     */
    private volatile @Nullable Slot latest;

    private TimeWindow(Builder b) {
        this.slots = b.slots;
        this.widthMillis = b.widthMillis;
        this.keys = b.keys;
        this.histogram = b.histogram;
        this.clock = b.clock;
        this.listener = b.listener;
        this.ring = new AtomicReferenceArray<>(slots);
        this.late = new Slot(Long.MIN_VALUE, 0, 0, keys, false);
    }

    /** A builder with the defaults: 60 slots of one minute, no histogram, no keys, the UTC system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The slot of the current interval, installing it if its position holds an older one. Use it at
     * once to record several things in the same interval (an error's type, severity and endpoint),
     * never keep it: once its interval leaves the ring, what is recorded into it is lost.
     */
    public Slot current() {
        return current(clock.millis());
    }

    /**
     * {@link #current()} at {@code nowMillis}, a reading of this window's {@link Builder#clock(Clock)
     * clock}: for owners of several windows on one clock, or of a window they record into and read at
     * once, who read it once per recording.
     */
    public Slot current(long nowMillis) {
        Slot hint = latest;
        if (hint != null && nowMillis >= hint.startMillis && nowMillis < hint.endMillis) {
            return hint; // the common case: the same interval as the last recording
        }
        long interval = Math.floorDiv(nowMillis, widthMillis);
        int position = (int) Math.floorMod(interval, (long) slots);
        Slot fresh = null;
        while (true) {
            Slot s = ring.get(position);
            if (s != null) {
                if (s.interval == interval) {
                    return remember(s);
                }
                if (s.interval > interval) {
                    lateRecordings.getAndIncrement();
                    return late;
                }
            }
            if (fresh == null) {
                long start = interval * widthMillis;
                long end = start > Long.MAX_VALUE - widthMillis ? Long.MAX_VALUE : start + widthMillis;
                fresh = new Slot(interval, start, end, keys, histogram);
            }
            if (ring.compareAndSet(position, s, fresh)) {
                RotationListener l = listener;
                if (l != null) {
                    l.rotated(s, fresh);
                }
                return remember(fresh);
            }
            // lost the race: re-read the position
        }
    }

    private Slot remember(Slot s) {
        Slot hint = latest;
        if (hint == null || hint.interval < s.interval) {
            latest = s;
        }
        return s;
    }

    /**
     * Records one timed outcome in the current interval: {@code current().record(nanos, error, slow)}.
     *
     * @param nanos the latency in nanoseconds; a negative one counts as 0
     * @param error whether it failed
     * @param slow whether it was over the slow threshold
     */
    public void record(long nanos, boolean error, boolean slow) {
        current().record(nanos, error, slow);
    }

    /**
     * Adds one to keyed counter {@code key} in the current interval: {@code current().increment(key)}.
     *
     * @throws IndexOutOfBoundsException if {@code key} is not in [0, {@link #keys()})
     */
    public void increment(int key) {
        Objects.checkIndex(key, keys);
        current().increment(key);
    }

    /**
     * The sum of the slots of the last {@code span}: the current, partly elapsed interval and the ones
     * before it, {@code span / width} in all. Its {@link Snapshot#start()} is the start of the oldest
     * of them and its {@link Snapshot#end()} the end of the current one.
     *
     * @param span a whole number of slot widths, from one to the whole ring
     * @throws IllegalArgumentException if {@code span} is not such a duration
     */
    public Snapshot snapshot(Duration span) {
        return sum(this, List.of(this), span);
    }

    /**
     * How many timed outcomes the last {@code slots} slots at {@code nowMillis} (a reading of this
     * window's clock) recorded: {@code snapshot(span).count()} for the span of that many slots, read
     * without allocating anything. For an owner that compares a count with a threshold on every event.
     * O(slots).
     *
     * @param slots from 1 to the ring's length (see {@link #slotsIn(Duration)})
     * @throws IllegalArgumentException if {@code slots} is out of that range
     */
    public long count(int slots, long nowMillis) {
        return count(slots, nowMillis, Long.MAX_VALUE);
    }

    /**
     * {@link #count(int, long)}, read from the newest slot back and stopped once it reaches
     * {@code enough}: the exact count when below {@code enough}, else some count of at least
     * {@code enough}. For a threshold, which a burst reaches in the newest slot or two: O(slots) at most.
     *
     * @throws IllegalArgumentException if {@code slots} is out of range
     */
    public long count(int slots, long nowMillis, long enough) {
        if (slots < 1 || slots > this.slots) {
            throw Preconditions.invalid("TimeWindow slots", "must be from 1 to " + this.slots + ", was " + slots);
        }
        long newest = Math.floorDiv(nowMillis, widthMillis);
        long count = 0;
        for (long i = newest; i > newest - slots && count < enough; i--) {
            Slot s = slotOf(i);
            if (s != null) {
                count += s.count();
            }
        }
        return count;
    }

    /**
     * The sum of the same span over {@code windows}, all of {@code shape}'s slot width, ring length,
     * keys and histogram setting, read at one reading of {@code shape}'s clock (which they all share):
     * for owners that record each event in one of several windows and report their total as well.
     * O(windows × k × (5 + K + 866)).
     *
     * @throws IllegalArgumentException if a window's shape differs, or {@code span} is not a whole
     *     number of slot widths within the ring
     */
    static Snapshot sum(TimeWindow shape, Iterable<TimeWindow> windows, Duration span) {
        int k = shape.slotsIn(span);
        long newest = Math.floorDiv(shape.clock.millis(), shape.widthMillis);
        long[] cells = new long[Slot.KEY0 + shape.keys];
        long[] buckets = shape.histogram ? new long[LatencyHistogram.bucketCount()] : null;
        long sum = 0;
        long max = 0;
        for (TimeWindow w : windows) {
            if (w.widthMillis != shape.widthMillis || w.slots != shape.slots || w.keys != shape.keys
                    || w.histogram != shape.histogram) {
                throw Preconditions.invalid("TimeWindow.sum", "needs windows of one shape: " + w + " and " + shape);
            }
            for (long i = newest - k + 1; i <= newest; i++) {
                Slot s = w.slotOf(i);
                if (s == null) {
                    continue;
                }
                s.addCellsTo(cells);
                if (s.latency != null && buckets != null) {
                    s.latency.mergeInto(buckets);
                    sum += s.latency.sumNanos();
                    max = Math.max(max, s.latency.maxNanos());
                }
            }
        }
        LatencyHistogram h = buckets == null ? null : LatencyHistogram.of(buckets, sum, max);
        return new Snapshot(shape.startOf(newest - k + 1), shape.startOf(newest + 1), cells, h);
    }

    /**
     * The slots of the last {@code span} one by one, oldest first, ending with the current, partly
     * elapsed interval: {@code span / width} snapshots, each with its interval's start, zero for an
     * interval that recorded nothing (or whose slot has left the ring).
     *
     * @param span a whole number of slot widths, from one to the whole ring
     * @throws IllegalArgumentException if {@code span} is not such a duration
     */
    public List<Snapshot> series(Duration span) {
        int k = slotsIn(span);
        long newest = Math.floorDiv(clock.millis(), widthMillis);
        List<Snapshot> out = new ArrayList<>(k);
        for (long i = newest - k + 1; i <= newest; i++) {
            Slot s = slotOf(i);
            long[] cells = new long[Slot.KEY0 + keys];
            LatencyHistogram h = null;
            if (s != null) {
                s.addCellsTo(cells);
                if (s.latency != null) {
                    long[] buckets = new long[LatencyHistogram.bucketCount()];
                    s.latency.mergeInto(buckets);
                    h = LatencyHistogram.of(buckets, s.latency.sumNanos(), s.latency.maxNanos());
                }
            } else if (histogram) {
                h = LatencyHistogram.create();
            }
            out.add(new Snapshot(startOf(i), startOf(i + 1), cells, h));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * How many recordings ({@link #record}, {@link #increment}, {@link #current()}) came too late for
     * the ring: their position already held a newer interval, so they were counted nowhere else.
     */
    public long lateRecordings() {
        return lateRecordings.get();
    }

    /** The number of slots in the ring. */
    public int slots() {
        return slots;
    }

    /** The width of each slot. */
    public Duration slotWidth() {
        return Duration.ofMillis(widthMillis);
    }

    /** The number of keyed counters per slot. */
    public int keys() {
        return keys;
    }

    /** Whether slots keep a latency histogram. */
    public boolean hasLatencyHistogram() {
        return histogram;
    }

    @Override
    public String toString() {
        return "TimeWindow[slots=" + slots + ", slotWidth=" + slotWidth() + ", keys=" + keys + ", latencyHistogram="
                + histogram + "]";
    }

    /** The slot of {@code interval} if the ring still holds it. */
    @Nullable
    Slot slotOf(long interval) {
        Slot s = ring.get((int) Math.floorMod(interval, (long) slots));
        return s != null && s.interval == interval ? s : null;
    }

    /** What the ring holds at {@code position}, whatever its interval; for tests. */
    @Nullable
    Slot slotAt(int position) {
        return ring.get(position);
    }

    /**
     * How many slots {@code span} covers.
     *
     * @throws IllegalArgumentException unless {@code span} is a whole number of slot widths, from one
     *     to the whole ring
     */
    public int slotsIn(Duration span) {
        Objects.requireNonNull(span, "span");
        if (span.isNegative() || span.isZero() || span.compareTo(Duration.ofMillis(widthMillis * slots)) > 0
                || span.toMillis() % widthMillis != 0 || !span.equals(Duration.ofMillis(span.toMillis()))) {
            throw Preconditions.invalid("TimeWindow span", "must be a whole number of slot widths ("
                    + slotWidth() + ") from 1 to " + slots + ", was " + span);
        }
        return (int) (span.toMillis() / widthMillis);
    }

    private Instant startOf(long interval) {
        return Instant.ofEpochMilli(interval * widthMillis);
    }

    /** Told of every rotation, on the recording thread; for tests. */
    interface RotationListener {
        void rotated(@Nullable Slot replaced, Slot installed);
    }

    /**
     * The counters of one interval. Obtained from {@link TimeWindow#current()} and used at once.
     *
     * <p>O(1), lock-free and allocation-free; thread-safe by atomics only. Errors, slow count, latency
     * sum and maximum and keyed counters share one {@link AtomicLongArray} of {@code 5 + K} cells; the
     * count, which every recording writes, is a {@link StripedCounter} (each thread on its own cache
     * line: a window that every request of a server counts into is not passed between its I/O threads'
     * cores on each request). With a histogram, count, latency sum and maximum are the histogram's (one
     * atomic operation less per recording).
     */
    public static final class Slot {

        static final int COUNT = 0;
        static final int ERRORS = 1;
        static final int SLOW = 2;
        static final int SUM = 3;
        static final int MAX = 4;
        static final int KEY0 = 5;

        final long interval;
        /** The interval's first millisecond and the first past it (0 and 0 for the late slot). */
        final long startMillis;
        final long endMillis;
        private final AtomicLongArray cells;
        final @Nullable LatencyHistogram latency;
        /** The count when there is no histogram (whose buckets are the count); cell COUNT stays 0. */
        private final @Nullable StripedCounter count;

        Slot(long interval, long startMillis, long endMillis, int keys, boolean histogram) {
            this.interval = interval;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
            this.cells = new AtomicLongArray(KEY0 + keys);
            this.latency = histogram ? LatencyHistogram.create() : null;
            this.count = histogram ? null : new StripedCounter();
        }

        /**
         * Records one timed outcome: one to the count, to errors if {@code error}, to slow if
         * {@code slow}, and the latency to the sum, the maximum and the histogram if there is one.
         *
         * @param nanos the latency in nanoseconds; a negative one counts as 0
         */
        public void record(long nanos, boolean error, boolean slow) {
            long v = Math.max(0L, nanos);
            if (error) {
                cells.getAndIncrement(ERRORS);
            }
            if (slow) {
                cells.getAndIncrement(SLOW);
            }
            LatencyHistogram h = latency;
            if (h != null) {
                // the histogram's buckets are the count (written after its sum and maximum): no count cell
                h.record(v);
                return;
            }
            if (v != 0) { // a count without a duration (ErrorMetrics' requests): two atomic writes fewer
                raise(cells, MAX, v);
                cells.getAndAdd(SUM, v);
            }
            Objects.requireNonNull(count).increment(); // last, and read first: a snapshot never counts a missing sum
        }

        /**
         * Adds one to keyed counter {@code key}.
         *
         * @throws IndexOutOfBoundsException if {@code key} is not in [0, K)
         */
        public void increment(int key) {
            Objects.checkIndex(key, cells.length() - KEY0);
            cells.getAndIncrement(KEY0 + key);
        }

        /**
         * Adds this slot's cells to {@code into} (the count read first). With a histogram, the caller
         * adds its sum and maximum, read after its buckets.
         */
        void addCellsTo(long[] into) {
            for (int i = 0; i < into.length; i++) {
                long v = i == COUNT ? count() : cells.get(i);
                if (i == MAX) {
                    into[i] = Math.max(into[i], v);
                } else {
                    into[i] += v;
                }
            }
        }

        /** How many timed outcomes were recorded: the histogram's count when there is one (O(866)). */
        long count() {
            LatencyHistogram h = latency;
            return h != null ? h.count() : Objects.requireNonNull(count).sum();
        }

        private static void raise(AtomicLongArray a, int i, long v) {
            long current;
            while (v > (current = a.get(i)) && !a.compareAndSet(i, current, v)) {
                // another writer moved it: re-read
            }
        }

        @Override
        public String toString() {
            return "TimeWindow.Slot[interval=" + interval + ", count=" + count() + "]";
        }
    }

    /**
     * What a span (or one slot) of a window counted. Immutable and thread-safe; holds {@code 5 + K}
     * counters and, when the window keeps histograms, a private 7 KB histogram. Every method is O(1)
     * but {@link #latencyAtQuantile(double)}, O(866).
     */
    public static final class Snapshot {

        private final Instant start;
        private final Instant end;
        private final long[] cells;
        private final @Nullable LatencyHistogram latency;

        Snapshot(Instant start, Instant end, long[] cells, @Nullable LatencyHistogram latency) {
            this.start = start;
            this.end = end;
            this.cells = cells;
            this.latency = latency;
        }

        /** The start of the oldest interval covered. */
        public Instant start() {
            return start;
        }

        /** The end of the newest interval covered (exclusive; in the future for the current interval). */
        public Instant end() {
            return end;
        }

        /** How many timed outcomes were recorded. */
        public long count() {
            return cells[Slot.COUNT];
        }

        /** How many of them failed. */
        public long errors() {
            return cells[Slot.ERRORS];
        }

        /** How many of them were slow. */
        public long slow() {
            return cells[Slot.SLOW];
        }

        /** The sum of their latencies in nanoseconds. */
        public long sumNanos() {
            return latency != null ? latency.sumNanos() : cells[Slot.SUM];
        }

        /** Their mean latency in nanoseconds; 0 when none. */
        public double meanNanos() {
            long n = count();
            return n == 0 ? 0.0 : (double) sumNanos() / n;
        }

        /** Their largest latency in nanoseconds, exact; 0 when none. */
        public long maxNanos() {
            return latency != null ? latency.maxNanos() : cells[Slot.MAX];
        }

        /** The number of keyed counters. */
        public int keys() {
            return cells.length - Slot.KEY0;
        }

        /**
         * The value of keyed counter {@code key}.
         *
         * @throws IndexOutOfBoundsException if {@code key} is not in [0, {@link #keys()})
         */
        public long keyCount(int key) {
            Objects.checkIndex(key, keys());
            return cells[Slot.KEY0 + key];
        }

        /** Whether latency quantiles are available (the window keeps histograms). */
        public boolean hasLatencyHistogram() {
            return latency != null;
        }

        /**
         * The latency at quantile {@code q} in nanoseconds, as {@link LatencyHistogram#valueAtQuantile(double)}
         * gives it: within 1/64 of the exact nearest-rank value from 1 µs to 60 s; 0 when none.
         *
         * @throws IllegalStateException if the window keeps no histograms
         * @throws IllegalArgumentException if {@code q} is not in [0, 1]
         */
        public long latencyAtQuantile(double q) {
            LatencyHistogram h = latency;
            if (h == null) {
                throw new IllegalStateException(
                        "TimeWindow keeps no latency histogram: enable Builder.latencyHistogram");
            }
            return h.valueAtQuantile(q);
        }

        @Override
        public String toString() {
            return "TimeWindow.Snapshot[start=" + start + ", end=" + end + ", count=" + count() + ", errors=" + errors()
                    + ", slow=" + slow() + ", meanNanos=" + (long) meanNanos() + ", maxNanos=" + maxNanos()
                    + (keys() > 0 ? ", keys=" + Arrays.toString(Arrays.copyOfRange(cells, Slot.KEY0, cells.length))
                            : "")
                    + "]";
        }
    }

    /**
     * Builds a {@link TimeWindow}. Not thread-safe; each setter checks its argument.
     */
    public static final class Builder {

        private int slots = DEFAULT_SLOTS;
        private long widthMillis = DEFAULT_SLOT_WIDTH.toMillis();
        private int keys;
        private boolean histogram;
        private Clock clock = Clock.systemUTC();
        private @Nullable RotationListener listener;

        private Builder() {
        }

        /**
         * How many slots the ring holds; the longest span is {@code slots × slotWidth}. Default
         * {@value TimeWindow#DEFAULT_SLOTS}.
         *
         * @throws IllegalArgumentException unless from 1 to {@value TimeWindow#MAX_SLOTS}
         */
        public Builder slots(int slots) {
            if (slots < 1 || slots > MAX_SLOTS) {
                throw Preconditions.invalid("slots", "must be from 1 to " + MAX_SLOTS + ", was " + slots);
            }
            this.slots = slots;
            return this;
        }

        /**
         * The interval each slot covers, a whole number of milliseconds. Default one minute
         * ({@link TimeWindow#DEFAULT_SLOT_WIDTH}).
         *
         * @throws IllegalArgumentException unless at least one millisecond and whole milliseconds
         */
        public Builder slotWidth(Duration slotWidth) {
            Objects.requireNonNull(slotWidth, "slotWidth");
            if (slotWidth.compareTo(Duration.ofMillis(1)) < 0 || slotWidth.getNano() % 1_000_000 != 0) {
                throw Preconditions.invalid(
                        "slotWidth", "must be a whole number of milliseconds, at least 1 ms, was " + slotWidth);
            }
            this.widthMillis = slotWidth.toMillis();
            return this;
        }

        /**
         * Whether each slot keeps a {@link LatencyHistogram} (about 7 KB) for latency quantiles.
         * Default {@code false}: counts, errors, slow, sum and maximum only.
         */
        public Builder latencyHistogram(boolean latencyHistogram) {
            this.histogram = latencyHistogram;
            return this;
        }

        /**
         * How many keyed counters each slot has, indexed from 0 (an enum ordinal, a capped endpoint
         * index). Default 0.
         *
         * @throws IllegalArgumentException unless from 0 to {@value TimeWindow#MAX_KEYS}
         */
        public Builder keys(int keys) {
            if (keys < 0 || keys > MAX_KEYS) {
                throw Preconditions.invalid("keys", "must be from 0 to " + MAX_KEYS + ", was " + keys);
            }
            this.keys = keys;
            return this;
        }

        /** The wall clock that places recordings in intervals. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Told of every rotation, on the recording thread; for tests. Default none. */
        Builder rotationListener(RotationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The window.
         *
         * @throws IllegalStateException if {@code slots × slotWidth} does not fit in a {@code long} of milliseconds
         */
        public TimeWindow build() {
            try {
                Math.multiplyExact(widthMillis, (long) slots + 1);
            } catch (ArithmeticException e) {
                throw new IllegalStateException(
                        "slots × slotWidth is too long: " + slots + " × " + widthMillis + " ms", e);
            }
            return new TimeWindow(this);
        }
    }
}
