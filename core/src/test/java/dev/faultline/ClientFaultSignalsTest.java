package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.PredicateRule;
import dev.faultline.error.ErrorType;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.internal.LogText;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.testkit.TestRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 14: what the pipeline makes of client faults, refusals and hostile text. */
@DisplayName("Client faults in the pipeline")
class ClientFaultSignalsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private static final IOException CUT =
            new IOException("UT000128: Remote peer closed connection before all data could be read");

    private Faultline.Builder builder() {
        return Faultline.builder().settings(n -> null).environment(Environment.PRODUCTION).ticker(nanos::get)
                .security(s -> s.rateLimit(false));
    }

    private static void cut(Faultline f, String client, String requestId) {
        Exchange x = f.open(TestRequest.of("POST", "/videos").route("/videos").remoteAddress(client)
                .header("X-Request-Id", requestId));
        assertTrue(x.rejection().isEmpty());
        ErrorReply r = x.fail(new RuntimeException(CUT));
        assertEquals(ErrorType.CLIENT_CLOSED, r.classification().type());
        x.close(ResponseView.of(500, 0)); // the server's own status on giving up; nothing was sent
    }

    @Nested
    @DisplayName("a client that went away")
    class ClientClosed {

        @Test
        @DisplayName("is logged once, at INFO, with status 499, whatever status the server had set")
        void loggedOnce() {
            try (Faultline f = builder().build(); LogCapture http = LogCapture.of("faultline.http");
                    LogCapture error = LogCapture.of("faultline.error")) {
                cut(f, "203.0.113.1", "gone-1");
                List<ILoggingEvent> completed = http.withMessage("request completed");
                assertEquals(1, completed.size());
                assertEquals(Level.INFO, completed.get(0).getLevel());
                Map<String, Object> kv = LogCapture.keyValues(completed.get(0));
                assertEquals(499, kv.get("status"));
                assertEquals("client_closed", kv.get("error_type"));
                assertTrue(error.events().stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.INFO)),
                        () -> "a failure event at INFO or above: " + error.events());
                assertEquals(0L, f.performance().overall().lastHour().errorRequests(), "no 5xx");
            }
        }

        @Test
        @DisplayName("twenty from one client within a minute are one security finding, not an alert")
        void burstIsASecurityFinding() {
            try (Faultline f = builder().alerting(a -> a.tickInterval(Duration.ZERO).logChannel(false)).build();
                    LogCapture security = LogCapture.of("faultline.security")) {
                for (int i = 0; i < 19; i++) {
                    cut(f, "203.0.113.2", "burst-" + i);
                }
                assertTrue(security.withMessage("client fault burst").isEmpty(), "19 are not a burst");
                for (int i = 19; i < 45; i++) {
                    cut(f, "203.0.113.2", "burst-" + i);
                }
                List<ILoggingEvent> found = security.withMessage("client fault burst");
                assertEquals(1, found.size(), "reported once per window");
                Map<String, Object> kv = LogCapture.keyValues(found.get(0));
                assertEquals("203.0.113.2", kv.get("ip_address"));
                assertEquals("client_closed", kv.get("kind"));
                assertEquals(20L, ((Number) kv.get("count")).longValue());
                assertEquals(Level.WARN, found.get(0).getLevel());
                assertEquals(1L, f.security().clientFaultBursts());
                assertTrue(f.alerts(1).alerts().isEmpty(), "no alert");
                // a new window reports again
                nanos.addAndGet(Duration.ofMinutes(1).toNanos());
                for (int i = 0; i < 20; i++) {
                    cut(f, "203.0.113.2", "burst2-" + i);
                }
                assertEquals(2, security.withMessage("client fault burst").size());
            }
        }

        @Test
        @DisplayName("does not count against route shedding, which opens on the service's own failures")
        void noShedding() {
            try (Faultline f = builder().recovery(r -> r.shedding("/videos",
                    s -> s.minimumCalls(2).window(2).failureRatePercent(50).openFor(Duration.ofSeconds(30)))).build()) {
                for (int i = 0; i < 10; i++) {
                    cut(f, "203.0.113.3", "shed-" + i);
                    Exchange x = f.open(TestRequest.of("POST", "/videos").route("/videos").remoteAddress("203.0.113.3"));
                    assertTrue(x.rejection().isEmpty(), "admitted after " + i + " client faults");
                    x.close(ResponseView.of(x.failStatus(400).status(), 0));
                }
            }
        }
    }

    @Nested
    @DisplayName("alert rules")
    class Alerts {

        private Faultline withRule(boolean clientErrors) {
            return builder().defaultAlertRules(false).alerting(a -> a.tickInterval(Duration.ZERO).logChannel(false)
                    .clientErrors(clientErrors)
                    .rule(PredicateRule.builder("failed_logins").condition(e -> e.type() == ErrorType.AUTHENTICATION)
                            .level(AlertLevel.WARNING).build())).build();
        }

        private static void unauthorized(Faultline f) {
            Exchange x = f.open(TestRequest.get("/login").route("/login").remoteAddress("203.0.113.4"));
            x.close(ResponseView.of(x.failStatus(401).status(), 0));
        }

        @Test
        @DisplayName("never see 4xx outcomes by default: an anonymous client cannot fire them")
        void clientErrorsIgnoredByDefault() {
            try (Faultline f = withRule(false)) {
                unauthorized(f);
                assertTrue(f.alerts(1).alerts().isEmpty());
                assertFalse(f.pipeline.alerting.counts(401));
                assertFalse(f.pipeline.alerting.counts(499));
                assertTrue(f.pipeline.alerting.counts(500));
            }
        }

        @Test
        @DisplayName("see them when client errors are turned on")
        void clientErrorsWhenTurnedOn() {
            try (Faultline f = withRule(true)) {
                unauthorized(f);
                assertEquals("failed_logins", f.alerts(1).alerts().get(0).alert().rule());
            }
        }
    }

    @Nested
    @DisplayName("refused requests")
    class Refused {

        @Test
        @DisplayName("are recorded under _rejected, in metrics and logs, never under their raw path")
        void rejectedEndpoint() {
            try (Faultline f = Faultline.builder().settings(n -> null).environment(Environment.PRODUCTION)
                    .ticker(nanos::get).security(s -> s.maxRequestsPerMinute(1)).build();
                    LogCapture http = LogCapture.of("faultline.http")) {
                for (int i = 0; i < 3; i++) {
                    Exchange x = f.open(TestRequest.get("/random-" + i).remoteAddress("203.0.113.5"));
                    int status = x.rejection().map(ErrorReply::status).orElseGet(() -> x.failStatus(404).status());
                    x.close(ResponseView.of(status, 0));
                }
                assertTrue(f.performance().endpoint("GET", PerformanceStats.REJECTED).isPresent());
                assertTrue(f.performance().endpoint("GET", PerformanceStats.UNMATCHED).isPresent());
                assertEquals(2, f.performance().trackedEndpoints());
                List<ILoggingEvent> completed = http.withMessage("request completed");
                assertEquals(PerformanceStats.REJECTED, LogCapture.keyValues(completed.get(2)).get("endpoint"));
            }
        }

        @Test
        @DisplayName("an adapter's reject() of a malformed request is recorded under _rejected too")
        void adapterReject() {
            try (Faultline f = builder().build()) {
                Exchange x = f.open(TestRequest.of("POST", "/any/raw/path").remoteAddress("203.0.113.6"));
                ErrorReply r = x.reject(new dev.faultline.error.ValidationException("bad framing", List.of()));
                assertEquals(400, r.status());
                assertSame(r, x.rejection().orElseThrow());
                x.close(ResponseView.of(400, r.body().length));
                assertTrue(f.performance().endpoint("POST", PerformanceStats.REJECTED).isPresent());
                assertFalse(f.performance().endpoint("POST", "/any/raw/path").isPresent());
            }
        }
    }

    @Nested
    @DisplayName("log lines")
    class LogLines {

        @Test
        @DisplayName("escape CR, LF and other control characters a client sent, and keep clean text as is")
        void escaped() {
            assertEquals("a\\r\\nINFO forged\\u001b[31m\\u0000\tend", LogText.clean("a\r\nINFO forged\u001b[31m\u0000\tend"));
            String clean = "/videos/42?q=ok";
            assertSame(clean, LogText.clean(clean));
            assertEquals("\\u0085\\u2028", LogText.clean("\u0085\u2028"));
        }

        @Test
        @DisplayName("hold no control character in the completion event, whatever the path and user agent")
        void completion() {
            try (Faultline f = builder().build(); LogCapture http = LogCapture.of("faultline.http")) {
                Exchange x = f.open(TestRequest.get("/a\r\nINFO forged line").query("q=%0d%0a\r\n")
                        .header("User-Agent", "kit\u001b[2J\n"));
                x.close(ResponseView.of(x.failStatus(404).status(), 0));
                Map<String, Object> kv = LogCapture.keyValues(http.withMessage("request completed").get(0));
                for (String field : List.of("path", "query", "user_agent")) {
                    String v = String.valueOf(kv.get(field));
                    assertTrue(v.chars().noneMatch(c -> c < 0x20), () -> field + ": " + v);
                }
                assertEquals("/a\\r\\nINFO forged line", kv.get("path"));
            }
        }
    }
}
