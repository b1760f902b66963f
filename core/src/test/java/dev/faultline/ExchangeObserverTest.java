package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorType;
import dev.faultline.error.NotFoundException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.recovery.RecoveryResult;
import dev.faultline.testkit.TestRequest;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("ExchangeObserver: request id, MDC and failure, per exchange")
class ExchangeObserverTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    record Failure(@Nullable Throwable failure, Classification classification, int status) {
    }

    /** Proposes {@link #id} and puts {@code trace_id} in the MDC; records every failure it is told. */
    static final class Recording implements ExchangeObserver {
        final List<Failure> failures = new CopyOnWriteArrayList<>();
        final List<String> incoming = new CopyOnWriteArrayList<>();
        @Nullable String id = TRACE;
        boolean takePart = true;

        @Override
        public @Nullable Observation open(dev.faultline.http.RequestView request, @Nullable String incomingRequestId) {
            incoming.add(String.valueOf(incomingRequestId));
            if (!takePart) {
                return null;
            }
            return new Observation() {
                @Override
                public @Nullable String requestId() {
                    return id;
                }

                @Override
                public Exchange.Scope bind() {
                    String before = MDC.get("trace_id");
                    MDC.put("trace_id", TRACE);
                    return () -> {
                        if (before == null) {
                            MDC.remove("trace_id");
                        } else {
                            MDC.put("trace_id", before);
                        }
                    };
                }

                @Override
                public void failed(@Nullable Throwable failure, Classification classification, int status) {
                    failures.add(new Failure(failure, classification, status));
                }
            };
        }
    }

    final Recording recording = new Recording();
    Faultline faultline = build(b -> b.exchangeObserver(recording));

    static Faultline build(Consumer<Faultline.Builder> configure) {
        Faultline.Builder b = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .alertingEnabled(false).security(s -> s.rateLimit(false));
        configure.accept(b);
        return b.build();
    }

    @AfterEach
    void close() {
        faultline.close();
        MDC.clear();
    }

    @Nested
    @DisplayName("the request id")
    class RequestId {

        @Test
        @DisplayName("is the one the observation proposes, in the problem body and the response header")
        void proposed() {
            Exchange x = faultline.open(TestRequest.get("/videos/1").header("traceparent",
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
            assertEquals(TRACE, x.requestId());
            ErrorReply r = x.fail(new NotFoundException("no such video"));
            assertTrue(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"request_id\":\"" + TRACE + "\""));
            assertTrue(r.headers().contains(java.util.Map.entry("X-Request-Id", TRACE)), r.headers().toString());
        }

        @Test
        @DisplayName("the observer sees a well-formed incoming X-Request-Id, and null for a malformed one")
        void incoming() {
            faultline.open(TestRequest.get("/a").header("X-Request-Id", "abc-123"));
            faultline.open(TestRequest.get("/a").header("X-Request-Id", "bad id with spaces"));
            faultline.open(TestRequest.get("/a"));
            assertEquals(List.of("abc-123", "null", "null"), recording.incoming);
        }

        @Test
        @DisplayName("falls back to Faultline's rules when the observation proposes none, or a malformed one")
        void fallback() {
            recording.id = null;
            assertEquals("abc-123", faultline.open(TestRequest.get("/a").header("X-Request-Id", "abc-123")).requestId());
            recording.id = "not a valid id";
            assertEquals("0af7651916cd43dd8448eb211c80319c", faultline.open(TestRequest.get("/a").header("traceparent",
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).requestId());
            recording.takePart = false;
            assertNotEquals(TRACE, faultline.open(TestRequest.get("/a")).requestId());
        }
    }

    @Test
    @DisplayName("a binding adds the observation's MDC fields after request_id and removes them when it closes")
    void mdc() {
        Exchange x = faultline.open(TestRequest.get("/a"));
        try (Exchange.Scope s = x.bind()) {
            assertEquals(TRACE, MDC.get("trace_id"));
            assertEquals(TRACE, MDC.get("request_id"));
        }
        assertNull(MDC.get("trace_id"));
        assertNull(MDC.get("request_id"));
    }

    @Nested
    @DisplayName("the failure")
    class Failed {

        @Test
        @DisplayName("is told once, with the classification and the status answered")
        void once() {
            Exchange x = faultline.open(TestRequest.get("/videos/1"));
            SQLException db = new SQLException("connection refused", "08001");
            x.fail(db);
            x.fail(new IllegalStateException("second"));
            x.close(ResponseView.of(503, 10));
            assertEquals(1, recording.failures.size());
            Failure f = recording.failures.get(0);
            assertEquals(db, f.failure());
            assertEquals(ErrorType.DATABASE, f.classification().type());
            assertEquals(503, f.status());
        }

        @Test
        @DisplayName("a bare error status is told without an exception")
        void status() {
            faultline.open(TestRequest.get("/nowhere")).failStatus(404);
            assertEquals(List.of(new Failure(null, Classification.of(ErrorType.NOT_FOUND), 404)), recording.failures);
        }

        @Test
        @DisplayName("a failure answered by a recovery fallback is told with the fallback's status")
        void recovered() {
            faultline.close();
            faultline = build(b -> b.exchangeObserver(recording).recovery(r -> r.enabled(true)
                    .fallback(ErrorType.EXTERNAL_SERVICE, ctx -> RecoveryResult.degraded(200, "application/json", "[]".getBytes()))));
            Exchange x = faultline.open(TestRequest.get("/videos"));
            ErrorReply r = x.fail(new dev.faultline.error.ExternalServiceException("recommender", "down", null));
            assertEquals(200, r.status());
            assertEquals(1, recording.failures.size());
            assertEquals(200, recording.failures.get(0).status());
            assertEquals(ErrorType.EXTERNAL_SERVICE, recording.failures.get(0).classification().type());
        }
    }

    @Test
    @DisplayName("an observer that throws is counted and ignored: the request goes on with Faultline's own id")
    void guarded() {
        faultline.close();
        ExchangeObserver broken = (request, incoming) -> {
            throw new IllegalStateException("broken observer");
        };
        faultline = build(b -> b.exchangeObserver(broken).exchangeObserver(recording));
        Exchange x = faultline.open(TestRequest.get("/a"));
        assertEquals(TRACE, x.requestId(), "the other observer still takes part");
        ExchangeObserver.Observation throwing = new ExchangeObserver.Observation() {
            @Override
            public String requestId() {
                throw new IllegalStateException("id");
            }

            @Override
            public Exchange.Scope bind() {
                throw new IllegalStateException("bind");
            }

            @Override
            public void failed(@Nullable Throwable failure, Classification classification, int status) {
                throw new IllegalStateException("failed");
            }
        };
        faultline.close();
        faultline = build(b -> b.exchangeObserver((request, incoming) -> throwing));
        Exchange y = faultline.open(TestRequest.get("/a").header("X-Request-Id", "kept-1"));
        assertEquals("kept-1", y.requestId());
        try (Exchange.Scope s = y.bind()) {
            assertEquals("kept-1", MDC.get("request_id"));
        }
        ErrorReply r = y.fail(new NotFoundException("x"));
        assertEquals(404, r.status());
        assertEquals(3, faultline.observerFailures());
    }
}
