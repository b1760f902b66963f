package dev.faultline.internal.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A cooldown gate")
class GateTest {

    @Test
    @DisplayName("carries each suppressed repeat once, by the next notification or resolution")
    void sequential() {
        Gate g = new Gate();
        assertEquals(0, g.offer(1_000, 100));
        for (int i = 0; i < 5; i++) {
            assertEquals(Gate.SUPPRESSED, g.offer(1_000 + i, 100));
        }
        assertEquals(5, g.offer(1_100, 100));
        assertEquals(Gate.SUPPRESSED, g.offer(1_150, 100));
        assertEquals(Gate.SUPPRESSED, g.tryResolve(1_200, 100), "held 50 ms ago");
        assertEquals(1, g.tryResolve(1_250, 100));
        assertTrue(!g.active());
        assertEquals(0, g.offer(1_260, 100), "resolution took the count");
    }

    @Test
    @DisplayName("under 8 threads and a moving clock: notifications a cooldown apart, and every repeat carried exactly once")
    void concurrent() throws Exception {
        List<Long> times = race(false);
        assertTrue(times.size() > 10, "the clock moved past several cooldowns: " + times.size());
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - 1) >= 50, "notified at " + times.get(i - 1) + " and " + times.get(i));
        }
    }

    @Test
    @DisplayName("under 8 threads with resolutions racing the notifications: every repeat carried exactly once")
    void concurrentResolutions() throws Exception {
        assertTrue(race(true).size() > 10);
    }

    /** 8 threads offer 50,000 times each; checks the counts and returns the notifications' times, sorted. */
    private static List<Long> race(boolean resolve) throws Exception {
        Gate g = new Gate();
        long cooldown = 50;
        AtomicLong clock = new AtomicLong(1_000);
        LongAdder suppressed = new LongAdder();
        LongAdder carried = new LongAdder();
        List<Long> notified = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(8);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 50_000; i++) {
                    // the clock moves every 16 calls, so threads read it out of order as request threads do
                    long now = (i & 15) == 0 ? clock.incrementAndGet() : clock.get();
                    long c = g.offer(now, cooldown);
                    if (c == Gate.SUPPRESSED) {
                        suppressed.increment();
                    } else {
                        carried.add(c);
                        notified.add(now);
                    }
                    if (resolve && (i & 1023) == 0) {
                        long r = g.tryResolve(now, 0);
                        if (r != Gate.SUPPRESSED) {
                            carried.add(r);
                        }
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        long rest = g.tryResolve(Long.MAX_VALUE / 2, 0);
        if (rest != Gate.SUPPRESSED) {
            carried.add(rest);
        }
        assertEquals(8 * 50_000, suppressed.sum() + notified.size());
        assertEquals(suppressed.sum(), carried.sum(),
                "each suppressed repeat is carried by exactly one notification or resolution");
        List<Long> times = new ArrayList<>(notified);
        Collections.sort(times);
        return times;
    }
}
