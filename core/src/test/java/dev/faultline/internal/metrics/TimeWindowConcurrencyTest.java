package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Eight threads record 200,000 outcomes each while a ninth moves the fake clock across 1,000 slot
 * boundaries, so that slots are installed (and, in a small ring, replaced) by compare-and-set while
 * recording goes on. No sleeps: the threads pace each other by spinning (with yields) — the clock
 * moves one interval once every recorder has made 200 more recordings, and a recorder more than one
 * interval ahead of the clock waits for it. This cannot deadlock: the slowest recorder is never the
 * one waiting, since a waiting recorder is ahead of what the clock's next step needs. So rotations
 * happen while all eight record, and the number of intervals that recorded something has a lower
 * bound.
 */
@DisplayName("TimeWindow under concurrent recording and rotation")
class TimeWindowConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 200_000;
    private static final int TOTAL = THREADS * PER_THREAD;
    private static final int STEPS = 1_000;
    private static final int PER_STEP = PER_THREAD / STEPS;
    /** How many intervals a recorder may get ahead of the clock. */
    private static final int AHEAD = 1;
    /**
     * Intervals that recorded something, at least. Recording i of a thread, in the block of 100 that
     * starts at b, happens while the clock is from b/200 − 1 intervals on (the recorder waited for
     * that at b) to (b + 100)/200 (the clock gets there only once every recorder has published b + 100
     * or more). So recordings 200m to 200m + 199 happen m − 1, m or m + 1 intervals on: one interval
     * serves at most three of a thread's 1,000 pairs of blocks, and each thread records in at least
     * 334 intervals (about 500 in practice).
     */
    private static final int MIN_INTERVALS = 334;
    private static final long START = 1_767_261_600_000L; // 2026-01-01T10:00:00Z

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    @DisplayName("loses no recording when the ring holds every interval touched: the window sums to exactly 1,600,000")
    void exactInLargeRing() throws Exception {
        FakeClock clock = new FakeClock(START);
        Queue<TimeWindow.Slot> replaced = new ConcurrentLinkedQueue<>();
        LongAdder installs = new LongAdder();
        TimeWindow w = TimeWindow.builder().clock(clock).slots(2_048).slotWidth(Duration.ofMillis(1))
                .latencyHistogram(true).rotationListener((old, fresh) -> {
                    installs.increment();
                    if (old != null) {
                        replaced.add(old);
                    }
                }).build();

        run(w, clock);

        TimeWindow.Snapshot all = w.snapshot(Duration.ofMillis(2_048));
        long expectedSum = 0;
        long expectedErrors = 0;
        long expectedSlow = 0;
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                expectedSum += nanos(t, i);
                expectedErrors += error(i) ? 1 : 0;
                expectedSlow += slow(i) ? 1 : 0;
            }
        }
        assertEquals(TOTAL, all.count());
        assertEquals(expectedErrors, all.errors());
        assertEquals(expectedSlow, all.slow());
        assertEquals(expectedSum, all.sumNanos());
        assertEquals(nanos(THREADS - 1, PER_THREAD - 1), all.maxNanos());
        assertEquals(TOTAL, w.series(Duration.ofMillis(2_048)).stream().mapToLong(TimeWindow.Snapshot::count).sum());
        assertEquals(0, w.lateRecordings());
        assertTrue(replaced.isEmpty(), "no position was reused");
        long nonEmpty = w.series(Duration.ofMillis(2_048)).stream().filter(s -> s.count() > 0).count();
        assertEquals(nonEmpty, installs.sum(), "one slot installed per interval that recorded");
        assertTrue(nonEmpty >= MIN_INTERVALS, "rotations happened while recording: " + nonEmpty + " intervals");
    }

    @Test
    @DisplayName("accounts for every recording in a 4-slot ring: slots in the ring + slots rotated out + late = 1,600,000")
    void exactInSmallRing() throws Exception {
        FakeClock clock = new FakeClock(START);
        Queue<TimeWindow.Slot> replaced = new ConcurrentLinkedQueue<>();
        TimeWindow w = TimeWindow.builder().clock(clock).slots(4).slotWidth(Duration.ofMillis(1))
                .rotationListener((old, fresh) -> {
                    if (old != null) {
                        replaced.add(old);
                    }
                }).build();

        run(w, clock);

        long inRing = 0;
        for (int p = 0; p < w.slots(); p++) {
            TimeWindow.Slot s = w.slotAt(p);
            inRing += s == null ? 0 : s.count();
        }
        long rotatedOut = replaced.stream().mapToLong(TimeWindow.Slot::count).sum();
        assertEquals(TOTAL, inRing + rotatedOut + w.lateRecordings(),
                "in ring " + inRing + ", rotated out " + rotatedOut + ", late " + w.lateRecordings());
        // each of the intervals a thread recorded in was installed, or its recording there came late
        assertTrue(replaced.size() + w.lateRecordings() >= MIN_INTERVALS - w.slots(),
                "rotations happened while recording: " + replaced.size());
    }

    private void run(TimeWindow w, FakeClock clock) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicLongArray progress = new AtomicLongArray(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    if (i % 100 == 0) {
                        progress.set(thread, i);
                        long target = i / PER_STEP - AHEAD;
                        while (clock.millis() - START < target) {
                            Thread.yield();
                        }
                    }
                    w.record(nanos(thread, i), error(i), slow(i));
                }
                progress.set(thread, PER_THREAD);
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            start.await();
            for (int step = 1; step <= STEPS; step++) {
                long needed = (long) step * PER_STEP - 100; // every recorder near this step's share
                while (slowest(progress) < needed) {
                    Thread.yield();
                }
                clock.advanceMillis(1);
            }
            return null;
        }));
        start.countDown();
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
    }

    private static long slowest(AtomicLongArray progress) {
        long min = Long.MAX_VALUE;
        for (int t = 0; t < progress.length(); t++) {
            min = Math.min(min, progress.get(t));
        }
        return min;
    }

    private static long nanos(int thread, int i) {
        return 1_000L + thread * 7_919L + i * 13L;
    }

    private static boolean error(int i) {
        return i % 10 == 0;
    }

    private static boolean slow(int i) {
        return i % 7 == 0;
    }
}
