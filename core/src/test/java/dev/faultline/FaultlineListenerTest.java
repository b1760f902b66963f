package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.error.Classification;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.error.NotFoundException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.logging.LogFields;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryOutcome;
import dev.faultline.recovery.RecoveryResult;
import dev.faultline.testkit.TestRequest;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("FaultlineListener: what observers are told, per exchange")
class FaultlineListenerTest {

    /** One call of {@link FaultlineListener#exchangeCompleted}. */
    record Completed(String method, String endpoint, int status, @Nullable Classification error,
            RecoveryOutcome recovery, long durationNanos) {
    }

    /** Records every call. */
    static final class Recording implements FaultlineListener {
        final List<Completed> calls = new CopyOnWriteArrayList<>();

        @Override
        public void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
                RecoveryOutcome recovery, long durationNanos) {
            calls.add(new Completed(method, endpoint, status, error, recovery, durationNanos));
        }
    }

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Recording recording = new Recording();
    Faultline faultline = build(b -> b.listener(recording));

    Faultline build(Consumer<Faultline.Builder> configure) {
        Faultline.Builder b = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .ticker(nanos::get).security(s -> s.rateLimit(false));
        configure.accept(b);
        return b.build();
    }

    @AfterEach
    void close() {
        faultline.close();
    }

    /** Opens an exchange, lets {@code millis} pass on the ticker, and closes it with {@code status}. */
    void exchange(TestRequest request, int status, long millis) {
        Exchange x = faultline.open(request);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        x.close(ResponseView.of(status, 10));
    }

    @Test
    @DisplayName("a successful exchange: method, route template, status, no error, duration on the ticker")
    void success() {
        exchange(TestRequest.get("/videos/42").route("/videos/{id}"), 200, 12);

        assertEquals(List.of(new Completed("GET", "/videos/{id}", 200, null, RecoveryOutcome.NONE, 12_000_000L)),
                recording.calls);
    }

    @Test
    @DisplayName("a failed exchange carries its classification, never its message")
    void failure() {
        Exchange x = faultline.open(TestRequest.of("POST", "/videos").route("/videos"));
        ErrorReply r = x.fail(new IllegalStateException(new SQLException("password=hunter2")));
        x.close(ResponseView.of(r.status(), r.body().length));

        Completed c = recording.calls.get(0);
        assertEquals("POST", c.method());
        assertEquals("/videos", c.endpoint());
        assertEquals(503, c.status());
        assertEquals(new Classification(ErrorType.DATABASE, ErrorSeverity.CRITICAL, 503), c.error());
        assertEquals(RecoveryOutcome.NONE, c.recovery());
    }

    @Test
    @DisplayName("a 404 without a route is _unmatched, like the performance monitor counts it")
    void unmatched() {
        Exchange x = faultline.open(TestRequest.get("/no/such/thing"));
        ErrorReply r = x.fail(new NotFoundException("nothing here", null, null));
        x.close(ResponseView.of(r.status(), 0));

        assertEquals(PerformanceStats.UNMATCHED, recording.calls.get(0).endpoint());
        assertEquals(ErrorType.NOT_FOUND, recording.calls.get(0).error().type());
    }

    @Test
    @DisplayName("the recovery outcome of the exchange is reported")
    void recovery() {
        faultline.close();
        faultline = build(b -> b.listener(recording).recovery(r -> r.enabled(true)
                .fallback(ErrorType.EXTERNAL_SERVICE, ctx -> RecoveryResult.degradedJson("{\"items\":[]}"))));
        Exchange x = faultline.open(TestRequest.get("/feed").route("/feed"));
        ErrorReply r = x.fail(new dev.faultline.error.ExternalServiceException("cdn", "The CDN failed.", null));
        x.close(ResponseView.of(r.status(), r.body().length));

        Completed c = recording.calls.get(0);
        assertEquals(RecoveryOutcome.DEGRADED, c.recovery());
        assertEquals(ErrorType.EXTERNAL_SERVICE, c.error().type());
        assertEquals(200, c.status());
    }

    @Test
    @DisplayName("beyond maxEndpoints, requests are reported as * and _other, exactly as the core folds them")
    void folding() {
        faultline.close();
        faultline = build(b -> b.listener(recording).performance(p -> p.maxEndpoints(2)));
        exchange(TestRequest.get("/a"), 200, 1);
        exchange(TestRequest.of("POST", "/a"), 201, 1);
        exchange(TestRequest.get("/b"), 200, 1);             // a third pair: folded
        exchange(TestRequest.of("BREW", "/a"), 200, 1);      // a new method at the cap: folded
        exchange(TestRequest.get("/a"), 200, 1);             // tracked pairs stay tracked

        assertEquals(List.of("GET /a", "POST /a", "* _other", "* _other", "GET /a"),
                recording.calls.stream().map(c -> c.method() + " " + c.endpoint()).toList());
        assertEquals(2, faultline.performance().trackedEndpoints());
    }

    @Test
    @DisplayName("the monitoring and health endpoints' own exchanges are not reported")
    void monitoringNotReported() {
        exchange(TestRequest.get("/health"), 200, 1);
        exchange(TestRequest.get("/metrics/errors"), 200, 1);

        assertTrue(recording.calls.isEmpty(), recording.calls::toString);
    }

    @Test
    @DisplayName("listeners added later hear what follows; removed ones hear nothing more")
    void addAndRemove() {
        Recording late = new Recording();
        exchange(TestRequest.get("/a"), 200, 1);
        faultline.addListener(late);
        exchange(TestRequest.get("/a"), 200, 1);
        assertTrue(faultline.removeListener(late));
        assertFalse(faultline.removeListener(late));
        exchange(TestRequest.get("/a"), 200, 1);

        assertEquals(3, recording.calls.size());
        assertEquals(1, late.calls.size());
    }

    @Nested
    @DisplayName("a listener that throws")
    class Throwing {

        final FaultlineListener broken = new FaultlineListener() {
            @Override
            public void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
                    RecoveryOutcome recovery, long durationNanos) {
                throw new IllegalStateException("listener bug");
            }
        };

        @Test
        @DisplayName("breaks neither the request, nor Faultline's figures, nor the other listeners")
        void isolated() {
            faultline.close();
            faultline = build(b -> b.listener(broken).listener(recording));
            for (int i = 0; i < 3; i++) {
                exchange(TestRequest.get("/a"), 200, 1); // close() does not throw
            }

            assertEquals(3, recording.calls.size());
            assertEquals(3, faultline.listenerFailures());
            assertEquals(3L, faultline.performance().totalRequests());
        }

        @Test
        @DisplayName("is logged once with its stack trace, then at most once a minute")
        void throttledLog() {
            faultline.close();
            faultline = build(b -> b.listener(broken));
            try (LogCapture log = LogCapture.of(LogFields.LOGGER_ERROR)) {
                for (int i = 0; i < 5; i++) {
                    exchange(TestRequest.get("/a"), 200, 1);
                }
                List<ILoggingEvent> first = log.withMessage(
                        "a Faultline listener failed; ignored (later failures are counted, and logged at most once a minute)");
                assertEquals(1, first.size());
                assertEquals("listener bug", first.get(0).getThrowableProxy().getMessage());
                assertTrue(log.withMessage("a Faultline listener failed again; ignored").isEmpty());

                nanos.addAndGet(Duration.ofMinutes(1).toNanos());
                exchange(TestRequest.get("/a"), 200, 1);
                exchange(TestRequest.get("/a"), 200, 1);
                List<ILoggingEvent> again = log.withMessage("a Faultline listener failed again; ignored");
                assertEquals(1, again.size());
                assertEquals(6L, LogCapture.keyValues(again.get(0)).get("listener_failures"));
            }
            assertEquals(7, faultline.listenerFailures());
        }
    }

    @Test
    @DisplayName("with no listener, the notification allocates nothing")
    void noListenerNoAllocation() {
        faultline.close();
        faultline = build(b -> { });
        Listeners none = faultline.pipeline.listeners;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Classification c = Classification.of(ErrorType.INTERNAL);
        for (int i = 0; i < 10_000; i++) { // warm up
            none.exchangeCompleted("GET", "/a", 500, c, RecoveryOutcome.NONE, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            none.exchangeCompleted("GET", "/a", 500, c, RecoveryOutcome.NONE, i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 100,000 notifications");
    }
}
