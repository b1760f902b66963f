package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.logging.LoggingConfig;
import dev.faultline.testkit.TestRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code faultline.error} logs a failure pattern's stack trace once per interval: during an outage the
 * same 40-frame trace was logged for every failed request.
 */
@DisplayName("faultline.error: one stack trace per failure pattern and interval")
class StackTraceOncePerPatternTest {

    /** A fake wall clock: it moves only when the test says so. */
    private static final class FakeClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }
    }

    private final FakeClock clock = new FakeClock();

    private Faultline faultline(@Nullable String setting, @Nullable Duration inCode) {
        Faultline.Builder b = Faultline.builder()
                .settings(name -> name.equals(Faultline.Builder.LOG_STACK_TRACE_INTERVAL) ? setting : null)
                .environment(Environment.PRODUCTION)
                .clock(clock);
        if (inCode != null) {
            b.logging(l -> l.stackTraceInterval(inCode));
        }
        return b.build();
    }

    /** The same pattern every time: one throw site, one class chain, one message shape. */
    private static SQLException databaseDown(int attempt) {
        return new SQLException("connection " + attempt + " refused");
    }

    private static void fail(Faultline f, String requestId, int attempt) {
        Exchange x = f.open(TestRequest.get("/videos/" + attempt).route("/videos/{id}").header("X-Request-Id", requestId));
        x.fail(databaseDown(attempt));
        x.close(ResponseView.of(503, 10));
    }

    @Test
    @DisplayName("the first failure carries the trace; the next ones the fingerprint, their count and the traced request's id")
    void onceThenCounted() {
        Faultline f = faultline(null, null);
        try (LogCapture errors = LogCapture.of("faultline.error")) {
            for (int i = 1; i <= 3; i++) {
                fail(f, "req-" + i, i);
                clock.advance(Duration.ofSeconds(30));
            }
            List<ILoggingEvent> lines = errors.withMessage("request failed");
            assertEquals(3, lines.size());
            Map<String, Object> first = LogCapture.keyValues(lines.get(0));
            String fingerprint = (String) first.get("fingerprint");
            assertNotNull(lines.get(0).getThrowableProxy(), "the first line has the trace");
            assertFalse(first.containsKey("occurrences_since_trace"));
            for (int i = 1; i < 3; i++) {
                ILoggingEvent line = lines.get(i);
                Map<String, Object> kv = LogCapture.keyValues(line);
                assertNull(line.getThrowableProxy(), "no trace on line " + (i + 1));
                assertEquals(fingerprint, kv.get("fingerprint"));
                assertEquals((long) i, kv.get("occurrences_since_trace"));
                assertEquals("req-1", kv.get("trace_request_id"));
                assertEquals("req-" + (i + 1), kv.get("request_id"));
                assertEquals(java.sql.SQLException.class.getName(), kv.get("exception"));
            }
            dev.faultline.analysis.ErrorPattern pattern = f.insights().mostCommonErrors().stream()
                    .filter(p -> p.fingerprint().equals(fingerprint)).findFirst()
                    .orElseThrow(() -> new AssertionError("not the fingerprint of /metrics/insights"));
            assertEquals(3, pattern.count());
        }
    }

    @Test
    @DisplayName("after the interval (default 5 minutes) the trace is logged again and the count starts over")
    void againAfterInterval() {
        assertEquals(Duration.ofMinutes(5), faultline(null, null).logging().stackTraceInterval());
        Faultline f = faultline(null, null);
        try (LogCapture errors = LogCapture.of("faultline.error")) {
            fail(f, "req-1", 1);
            clock.advance(Duration.ofMinutes(4));
            fail(f, "req-2", 2);
            clock.advance(Duration.ofMinutes(1));
            fail(f, "req-3", 3);
            fail(f, "req-4", 4);
            List<ILoggingEvent> lines = errors.withMessage("request failed");
            assertNotNull(lines.get(0).getThrowableProxy());
            assertNull(lines.get(1).getThrowableProxy());
            assertNotNull(lines.get(2).getThrowableProxy(), "five minutes after the first trace");
            Map<String, Object> last = LogCapture.keyValues(lines.get(3));
            assertEquals(1L, last.get("occurrences_since_trace"));
            assertEquals("req-3", last.get("trace_request_id"));
        }
    }

    @Test
    @DisplayName("the interval comes from the builder, else the setting; zero logs every trace")
    void configurable() {
        assertEquals(Duration.ofSeconds(30), faultline("30s", null).logging().stackTraceInterval());
        assertEquals(Duration.ofMinutes(1), faultline("30s", Duration.ofMinutes(1)).logging().stackTraceInterval());
        Faultline off = faultline("0s", null);
        try (LogCapture errors = LogCapture.of("faultline.error")) {
            fail(off, "req-1", 1);
            fail(off, "req-2", 2);
            for (ILoggingEvent line : errors.withMessage("request failed")) {
                assertNotNull(line.getThrowableProxy(), "off: every line has its trace");
                assertFalse(LogCapture.keyValues(line).containsKey("occurrences_since_trace"));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoggingConfig.builder().stackTraceInterval(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("logging.stack_trace_interval"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> faultline("2d", null));
        assertTrue(bad.getMessage().contains(Faultline.Builder.LOG_STACK_TRACE_INTERVAL), bad.getMessage());
    }

    @Test
    @DisplayName("a different failure pattern has its own trace")
    void otherPattern() {
        Faultline f = faultline(null, null);
        try (LogCapture errors = LogCapture.of("faultline.error")) {
            fail(f, "req-1", 1);
            Exchange x = f.open(TestRequest.get("/other").header("X-Request-Id", "req-2"));
            x.fail(new IllegalStateException("broken"));
            x.close(ResponseView.of(500, 10));
            List<ILoggingEvent> lines = errors.withMessage("request failed");
            assertNotNull(lines.get(1).getThrowableProxy());
        }
    }

    @Test
    @DisplayName("under concurrency: one trace, every other line once with its own request id and a distinct count")
    void concurrent() throws Exception {
        Faultline f = faultline(null, null);
        int threads = 6;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LogCapture errors = LogCapture.of("faultline.error")) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        fail(f, "req-" + id + "-" + i, i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> d : done) {
                d.get(60, TimeUnit.SECONDS);
            }
            List<ILoggingEvent> lines = errors.withMessage("request failed");
            int n = threads * perThread;
            assertEquals(n, lines.size());
            List<ILoggingEvent> traced = lines.stream().filter(l -> l.getThrowableProxy() != null).toList();
            assertEquals(1, traced.size(), "one trace for the pattern");
            Object tracedId = LogCapture.keyValues(traced.get(0)).get("request_id");
            Set<Object> requestIds = new HashSet<>();
            Set<Object> counts = new HashSet<>();
            for (ILoggingEvent line : lines) {
                Map<String, Object> kv = LogCapture.keyValues(line);
                assertTrue(requestIds.add(kv.get("request_id")), "each request's line once");
                if (line.getThrowableProxy() == null) {
                    assertEquals(tracedId, kv.get("trace_request_id"));
                    assertTrue(counts.add(kv.get("occurrences_since_trace")), "count repeated");
                }
            }
            assertEquals(n - 1, counts.size());
            for (long c = 1; c < n; c++) {
                assertTrue(counts.contains(c), "count " + c + " missing");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
