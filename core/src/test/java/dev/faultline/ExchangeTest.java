package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.error.NotFoundException;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.testkit.TestRequest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("An exchange")
class ExchangeTest {

    /** A fake monotonic clock: nanoseconds that only move when the test says so. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private final Faultline faultline = Faultline.builder()
            .settings(name -> null)
            .environment(Environment.PRODUCTION)
            .ticker(nanos::get)
            .build();

    @BeforeEach
    @AfterEach
    void clean() {
        MDC.clear();
    }

    private Exchange open(String requestId) {
        return faultline.open(TestRequest.get("/videos/42").header("X-Request-Id", requestId));
    }

    @Nested
    @DisplayName("request id")
    class RequestId {

        @Test
        @DisplayName("keeps a valid incoming X-Request-Id")
        void kept() {
            assertEquals("abc-123", open("abc-123").requestId());
        }

        @Test
        @DisplayName("takes a traceparent's trace id when there is no X-Request-Id")
        void traceparent() {
            Exchange x = faultline.open(TestRequest.get("/")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", x.requestId());
        }

        @Test
        @DisplayName("is generated when the incoming one is malformed, and stays the same for the exchange")
        void generated() {
            Exchange x = open("bad id\r\n");
            assertTrue(x.requestId().matches("[0-9a-f]{32}"), x.requestId());
            assertEquals(x.requestId(), x.requestId());
            assertTrue(x.toString().contains(x.requestId()));
            assertTrue(x.toString().contains("GET /videos/42"));
        }

        @Test
        @DisplayName("refuses a null request")
        void nullRequest() {
            assertThrows(NullPointerException.class, () -> faultline.open(null));
        }
    }

    @Nested
    @DisplayName("bind()")
    class Bind {

        @Test
        @DisplayName("puts request_id into the MDC and makes the exchange current until the scope closes")
        void bindsAndClears() {
            Exchange x = open("req-1");
            assertEquals(Optional.empty(), Faultline.current());
            Exchange.Scope s = x.bind();
            try {
                assertEquals("req-1", MDC.get("request_id"));
                assertSame(Faultline.requestContext(x), Faultline.current().orElseThrow());
            } finally {
                s.close();
            }
            assertNull(MDC.get("request_id"));
            assertEquals(Optional.empty(), Faultline.current());
        }

        @Test
        @DisplayName("nests: closing the inner scope restores the outer exchange, closing the outer clears it")
        void nested() {
            Exchange outer = open("outer");
            Exchange inner = open("inner");
            Exchange.Scope a = outer.bind();
            Exchange.Scope b = inner.bind();
            assertEquals("inner", MDC.get("request_id"));
            assertSame(Faultline.requestContext(inner), Faultline.current().orElseThrow());
            b.close();
            assertEquals("outer", MDC.get("request_id"));
            assertSame(Faultline.requestContext(outer), Faultline.current().orElseThrow());
            a.close();
            assertNull(MDC.get("request_id"));
            assertTrue(Faultline.current().isEmpty());
        }

        @Test
        @DisplayName("restores an MDC value that was there before")
        void restoresPrevious() {
            MDC.put("request_id", "set-by-someone-else");
            Exchange.Scope s = open("req-2").bind();
            assertEquals("req-2", MDC.get("request_id"));
            s.close();
            assertEquals("set-by-someone-else", MDC.get("request_id"));
        }

        @Test
        @DisplayName("closing a scope twice does nothing more")
        void scopeIdempotent() {
            Exchange outer = open("outer");
            Exchange.Scope a = outer.bind();
            Exchange.Scope b = open("inner").bind();
            b.close();
            b.close();
            assertEquals("outer", MDC.get("request_id"));
            assertSame(Faultline.requestContext(outer), Faultline.current().orElseThrow());
            a.close();
            assertNull(MDC.get("request_id"));
        }

        @Test
        @DisplayName("puts the user id into the MDC while bound, and removes it afterwards")
        void userId() {
            Exchange x = open("req-3");
            Exchange.Scope first = x.bind();
            assertNull(MDC.get("user_id"));
            x.userId("u-9");
            assertEquals("u-9", MDC.get("user_id"));
            first.close();
            assertNull(MDC.get("user_id"));
            assertEquals(Optional.of("u-9"), x.userId());
            Exchange.Scope second = x.bind();
            assertEquals("u-9", MDC.get("user_id"));
            second.close();
        }

        @Test
        @DisplayName("an exchange without a user hides the user of an outer binding, and restores it")
        void userIdNotLeaked() {
            Exchange outer = open("outer");
            outer.userId("alice");
            Exchange.Scope a = outer.bind();
            assertEquals("alice", MDC.get("user_id"));
            Exchange.Scope b = open("inner").bind();
            assertNull(MDC.get("user_id"));
            b.close();
            assertEquals("alice", MDC.get("user_id"));
            a.close();
            assertNull(MDC.get("user_id"));
        }
    }

    @Nested
    @DisplayName("wrap()")
    class Wrap {

        @Test
        @DisplayName("a wrapped Runnable run on another thread sees the request id, and leaves that thread clean")
        void otherThread() throws InterruptedException {
            Exchange x = open("req-async");
            AtomicReference<String> seen = new AtomicReference<>();
            AtomicReference<RequestContext> current = new AtomicReference<>();
            AtomicReference<String> after = new AtomicReference<>("unset");
            Runnable task = x.wrap(() -> {
                seen.set(MDC.get("request_id"));
                current.set(Faultline.current().orElse(null));
            });
            Thread t = new Thread(() -> {
                task.run();
                after.set(MDC.get("request_id"));
            });
            t.start();
            t.join();
            assertEquals("req-async", seen.get());
            assertSame(Faultline.requestContext(x), current.get());
            assertNull(after.get());
            assertNull(MDC.get("request_id"), "the calling thread is untouched");
        }

        @Test
        @DisplayName("a wrapped Executor runs every task bound to the exchange")
        void executor() throws Exception {
            Exchange x = open("req-exec");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                String seen = CompletableFuture.supplyAsync(() -> MDC.get("request_id"), x.wrap(pool)).get();
                assertEquals("req-exec", seen);
                assertNull(pool.submit(() -> MDC.get("request_id")).get(), "the worker is clean afterwards");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("close()")
    class Close {

        @Test
        @DisplayName("is idempotent: only the first call logs one \"request completed\" event with the exchange's fields")
        void idempotent() {
            Exchange x = faultline.open(TestRequest.of("PUT", "/videos/42").route("/videos/{id}")
                    .header("X-Request-Id", "req-close").remoteAddress("203.0.113.5"));
            try (LogCapture http = LogCapture.of("faultline.http")) {
                assertFalse(x.isClosed());
                x.close(ResponseView.of(204, 0));
                assertTrue(x.isClosed());
                x.close(ResponseView.of(500, 99));
                List<ILoggingEvent> completed = http.withMessage("request completed");
                assertEquals(1, completed.size());
                ILoggingEvent event = completed.get(0);
                assertEquals(Level.INFO, event.getLevel());
                Map<String, Object> kv = LogCapture.keyValues(event);
                assertEquals("req-close", kv.get("request_id"));
                assertEquals("PUT", kv.get("method"));
                assertEquals("/videos/42", kv.get("path"));
                assertEquals("/videos/{id}", kv.get("endpoint"));
                assertEquals(204, kv.get("status"));
                assertTrue(kv.containsKey("duration_ms"));
                assertEquals(0L, kv.get("bytes_out"));
                assertEquals("203.0.113.5", kv.get("ip_address"));
                assertFalse(kv.containsKey("user_id"));
                assertFalse(kv.containsKey("error_type"));
            }
        }

        @Test
        @DisplayName("reports duration_ms exactly from the injected ticker (12,345,000 ns is 12.345 ms)")
        void duration() {
            Exchange x = open("req-time");
            nanos.addAndGet(12_345_000L);
            try (LogCapture http = LogCapture.of("faultline.http")) {
                x.close(ResponseView.of(200, 5));
                Map<String, Object> kv = LogCapture.keyValues(http.withMessage("request completed").get(0));
                assertEquals(12.345, kv.get("duration_ms"));
            }
        }

        @Test
        @DisplayName("reports a zero duration when no time passed")
        void zeroDuration() {
            Exchange x = open("req-zero");
            try (LogCapture http = LogCapture.of("faultline.http")) {
                x.close(ResponseView.of(200, 5));
                assertEquals(0.0, LogCapture.keyValues(http.events().get(0)).get("duration_ms"));
            }
        }

        @Test
        @DisplayName("logs WARN for 4xx and ERROR for 5xx; without a route template the endpoint is the path, or _unmatched for a 404")
        void levels() {
            try (LogCapture http = LogCapture.of("faultline.http")) {
                open("a").close(ResponseView.of(404, 10));
                open("b").close(ResponseView.of(503, 10));
                List<ILoggingEvent> events = http.withMessage("request completed");
                assertEquals(Level.WARN, events.get(0).getLevel());
                assertEquals(Level.ERROR, events.get(1).getLevel());
                // the same endpoint names as the metrics, so that logs and metrics can be joined
                assertEquals("_unmatched", LogCapture.keyValues(events.get(0)).get("endpoint"));
                assertEquals("/videos/42", LogCapture.keyValues(events.get(1)).get("endpoint"));
                assertEquals("/videos/42", LogCapture.keyValues(events.get(0)).get("path"));
            }
        }

        @Test
        @DisplayName("includes the user id and the failure's error_type when known")
        void userAndError() {
            Exchange x = open("req-fail");
            x.userId("u-1");
            try (LogCapture http = LogCapture.of("faultline.http")) {
                x.fail(new NotFoundException("No such video."));
                x.close(ResponseView.of(404, 100));
                Map<String, Object> kv = LogCapture.keyValues(http.withMessage("request completed").get(0));
                assertEquals("u-1", kv.get("user_id"));
                assertEquals("not_found", kv.get("error_type"));
                assertEquals(404, kv.get("status"));
            }
        }
    }

    @Nested
    @DisplayName("fail()")
    class Fail {

        @Test
        @DisplayName("records the first failure once on faultline.error; a second call replies but records nothing")
        void recordsOnce() {
            Exchange x = open("req-twice");
            try (LogCapture errors = LogCapture.of("faultline.error");
                    LogCapture http = LogCapture.of("faultline.http")) {
                assertEquals(503, x.fail(new SQLException("down")).status());
                assertEquals(404, x.fail(new NotFoundException(null)).status());
                List<ILoggingEvent> failed = errors.withMessage("request failed");
                assertEquals(1, failed.size());
                ILoggingEvent e = failed.get(0);
                assertEquals(Level.ERROR, e.getLevel());
                Map<String, Object> kv = LogCapture.keyValues(e);
                assertEquals("req-twice", kv.get("request_id"));
                assertEquals("database", kv.get("error_type"));
                assertEquals("critical", kv.get("severity"));
                assertEquals(503, kv.get("status"));
                assertEquals("GET", kv.get("method"));
                assertEquals("/videos/42", kv.get("path"));
                x.close(ResponseView.of(503, 10));
                assertEquals("database", LogCapture.keyValues(http.events().get(0)).get("error_type"));
            }
        }

        @Test
        @DisplayName("logs a client error at INFO with the exception's class instead of its stack")
        void clientErrorInfo() {
            try (LogCapture errors = LogCapture.of("faultline.error")) {
                open("req-404").fail(new NotFoundException(null));
                ILoggingEvent e = errors.withMessage("request failed").get(0);
                assertEquals(Level.INFO, e.getLevel());
                assertNull(e.getThrowableProxy());
                assertEquals(NotFoundException.class.getName(), LogCapture.keyValues(e).get("exception"));
            }
        }

        @Test
        @DisplayName("never throws, even when a user rule throws")
        void neverThrows() {
            Faultline f = Faultline.builder().settings(name -> null)
                    .classifier(dev.faultline.error.ErrorClassifier.builder().rule(t -> {
                        throw new IllegalStateException("rule bug");
                    }).build())
                    .build();
            assertEquals(500, f.open(TestRequest.get("/")).fail(new RuntimeException("x")).status());
            assertEquals(1, f.classifier().ruleFailures());
        }

        @Test
        @DisplayName("never throws, even for a throwable whose getCause() throws")
        void hostileGetCause() {
            RuntimeException hostile = new RuntimeException("hostile") {
                @Override
                public synchronized Throwable getCause() {
                    throw new IllegalStateException("getCause failed");
                }
            };
            assertEquals(500, open("req-hostile").fail(hostile).status());
        }

        @Test
        @DisplayName("never throws, even for a throwable whose getMessage() throws, in development too")
        void hostileGetMessage() {
            RuntimeException hostile = new RuntimeException("hostile") {
                @Override
                public String getMessage() {
                    throw new IllegalStateException("getMessage failed");
                }
            };
            Faultline dev = Faultline.builder().settings(name -> null).environment(Environment.DEVELOPMENT).build();
            assertEquals(500, dev.open(TestRequest.get("/")).fail(hostile).status());
            assertEquals(500, open("req-hostile").fail(hostile).status());
        }

        @Test
        @DisplayName("refuses null")
        void refusesNull() {
            Exchange x = open("req-null");
            assertThrows(NullPointerException.class, () -> x.fail(null));
        }
    }
}
