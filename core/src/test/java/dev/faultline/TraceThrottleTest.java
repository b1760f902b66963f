package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The stack-trace throttle: one full trace per failure pattern and interval")
class TraceThrottleTest {

    private static final long MINUTES_5 = 5 * 60_000L;

    @Test
    @DisplayName("the first failure of a pattern carries the trace; the next ones count from it and name its request")
    void firstThenCounted() {
        TraceThrottle t = new TraceThrottle(MINUTES_5);
        assertTrue(t.decide("fp-a", "r1", 1_000).fullTrace());
        TraceThrottle.Decision second = t.decide("fp-a", "r2", 2_000);
        assertFalse(second.fullTrace());
        assertEquals(1, second.sinceTrace());
        assertEquals("r1", second.traceRequestId());
        TraceThrottle.Decision third = t.decide("fp-a", "r3", 1_000 + MINUTES_5 - 1);
        assertEquals(2, third.sinceTrace());
        assertEquals("r1", third.traceRequestId());
    }

    @Test
    @DisplayName("once the interval has passed the trace is logged again and the count starts over")
    void againAfterInterval() {
        TraceThrottle t = new TraceThrottle(MINUTES_5);
        t.decide("fp-a", "r1", 0);
        t.decide("fp-a", "r2", 10);
        assertTrue(t.decide("fp-a", "r3", MINUTES_5).fullTrace());
        TraceThrottle.Decision next = t.decide("fp-a", "r4", MINUTES_5 + 1);
        assertEquals(1, next.sinceTrace());
        assertEquals("r3", next.traceRequestId());
    }

    @Test
    @DisplayName("each pattern has its own trace")
    void perPattern() {
        TraceThrottle t = new TraceThrottle(MINUTES_5);
        assertTrue(t.decide("fp-a", "r1", 0).fullTrace());
        assertTrue(t.decide("fp-b", "r2", 1).fullTrace());
        assertEquals("r2", t.decide("fp-b", "r3", 2).traceRequestId());
    }

    @Test
    @DisplayName("an interval of zero logs every trace and tracks nothing")
    void off() {
        TraceThrottle t = new TraceThrottle(0);
        for (int i = 0; i < 3; i++) {
            TraceThrottle.Decision d = t.decide("fp-a", "r" + i, i);
            assertTrue(d.fullTrace());
            assertNull(d.traceRequestId());
        }
        assertEquals(0, t.size());
    }

    @Test
    @DisplayName("a full table logs a new pattern's trace every time, and makes room once old traces are due")
    void bounded() {
        TraceThrottle t = new TraceThrottle(MINUTES_5, 2);
        t.decide("fp-a", "r1", 0);
        t.decide("fp-b", "r2", 0);
        assertTrue(t.decide("fp-c", "r3", 1).fullTrace());
        assertTrue(t.decide("fp-c", "r4", 2).fullTrace(), "no room: never elided, so never lost");
        assertEquals(2, t.size());
        // swept at 1 (nothing due yet), so not again before 1 + interval; then fp-a and fp-b are due
        assertTrue(t.decide("fp-c", "r5", MINUTES_5).fullTrace());
        assertTrue(t.decide("fp-c", "r6", MINUTES_5 + 1).fullTrace());
        TraceThrottle.Decision tracked = t.decide("fp-c", "r7", MINUTES_5 + 2);
        assertFalse(tracked.fullTrace(), "tracked once the due entries went");
        assertEquals("r6", tracked.traceRequestId());
        assertEquals(1, t.size());
    }

    @Test
    @DisplayName("under concurrency: one trace per interval, counts 1..n-1 each once, every line names the traced request")
    void concurrent() throws Exception {
        TraceThrottle t = new TraceThrottle(MINUTES_5);
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (long now : new long[] {0, MINUTES_5}) {
                ConcurrentLinkedQueue<String> traced = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<TraceThrottle.Decision> elided = new ConcurrentLinkedQueue<>();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    int id = th;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            String requestId = now + "-" + id + "-" + i;
                            TraceThrottle.Decision d = t.decide("fp-a", requestId, now);
                            if (d.fullTrace()) {
                                traced.add(requestId);
                            } else {
                                elided.add(d);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, traced.size(), "one full trace in the interval starting at " + now);
                String tracedId = traced.peek();
                Set<Long> counts = new HashSet<>();
                for (TraceThrottle.Decision d : elided) {
                    assertEquals(tracedId, d.traceRequestId());
                    assertTrue(counts.add(d.sinceTrace()), "count repeated: " + d.sinceTrace());
                }
                int n = threads * perThread;
                assertEquals(n - 1, counts.size());
                assertEquals(1L, counts.stream().mapToLong(Long::longValue).min().orElseThrow());
                assertEquals(n - 1L, counts.stream().mapToLong(Long::longValue).max().orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
