package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.ResponseView;
import dev.faultline.testkit.TestRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("Monitoring, driven through exchanges")
class MonitoringIntegrationTest {

    static final String ROUTE = "/videos/{id}";

    /** A wall clock that moves only when told to. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }

    final MutableClock clock = new MutableClock();
    final AtomicLong nanos = new AtomicLong(7_000_000_000L);
    Faultline faultline = build(b -> { });

    Faultline build(Consumer<Faultline.Builder> configure) {
        Faultline.Builder b = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .clock(clock).ticker(nanos::get).applicationPackages("dev.faultline")
                .monitoring(m -> m.anonymous(dev.faultline.http.MonitoringConfig.Anonymous.ALL))
                .performance(p -> p.slowRequestThreshold(Duration.ofMillis(500)));
        configure.accept(b);
        return b.build();
    }

    @AfterEach
    void close() {
        faultline.close();
        MDC.clear();
    }

    void elapse(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    /** A successful exchange that takes {@code millis}. */
    Exchange ok(TestRequest request, long millis) {
        Exchange x = faultline.open(request);
        elapse(millis);
        x.close(ResponseView.of(200, 100));
        return x;
    }

    /** An exchange that fails with {@code error} after {@code millis}. */
    ErrorReply failing(TestRequest request, Throwable error, long millis) {
        Exchange x = faultline.open(request);
        elapse(millis);
        ErrorReply r = x.fail(error);
        x.close(ResponseView.of(r.status(), r.body().length));
        return r;
    }

    static RuntimeException siteA() {
        return new IllegalStateException("video store unavailable");
    }

    static RuntimeException siteB() {
        return new IllegalStateException("video store unavailable");
    }

    static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertNotNull(v, () -> key + " missing in " + m);
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static Map<String, Long> longs(Object o) {
        Map<String, Long> out = new LinkedHashMap<>();
        map(o).forEach((k, v) -> out.put(k, ((Number) v).longValue()));
        return out;
    }

    static Map<String, Object> endpoint(Map<String, Object> perf, String method, String endpoint) {
        for (Map<String, Object> e : list(perf.get("endpoints"))) {
            if (method.equals(e.get("method")) && endpoint.equals(e.get("endpoint"))) {
                return e;
            }
        }
        throw new AssertionError(method + " " + endpoint + " not in " + perf.get("endpoints"));
    }

    static Map<String, Object> hour(Map<String, Object> owner) {
        return map(map(owner.get("windows")).get("1h"));
    }

    /** Five requests on one route, two failing from two different throw sites. */
    void drive() {
        ok(TestRequest.get("/videos/1").route(ROUTE), 10);
        failing(TestRequest.get("/videos/2").route(ROUTE), siteA(), 20);
        ok(TestRequest.get("/videos/3").route(ROUTE), 30);
        failing(TestRequest.get("/videos/4").route(ROUTE), siteB(), 40);
        ok(TestRequest.get("/videos/5").route(ROUTE), 50);
    }

    @Nested
    @DisplayName("what was driven")
    class Driven {

        @Test
        @DisplayName("metrics() reports 5 requests and 2 internal errors on the route")
        void metrics() {
            drive();
            Map<String, Object> m = faultline.metrics();
            assertEquals(2, num(m, "total_errors"));
            assertEquals(2, num(m, "recent_errors"));
            assertEquals(5, num(m, "total_requests"));
            assertEquals(0.4, ((Number) m.get("error_ratio")).doubleValue());
            assertEquals(2.0, ((Number) m.get("error_rate_per_minute")).doubleValue());
            assertEquals(Map.of("internal", 2L), longs(m.get("by_type")));
            assertEquals(Map.of("high", 2L), longs(m.get("by_severity")));
            assertEquals(Map.of(ROUTE, 2L), longs(m.get("by_endpoint")));
        }

        @Test
        @DisplayName("trends(1) has the current hour with 2 errors among 5 requests")
        void trends() {
            drive();
            Map<String, Object> t = faultline.trends(1);
            List<Map<String, Object>> hours = list(t.get("hourly_counts"));
            assertEquals(1, hours.size());
            assertEquals("2024-05-01T12:00:00Z", hours.get(0).get("hour"));
            assertEquals(2, num(hours.get(0), "errors"));
            assertEquals(5, num(hours.get(0), "requests"));
            assertEquals(2.0, ((Number) t.get("average_errors_per_hour")).doubleValue());
            assertEquals(2, num(map(t.get("peak")), "errors"));
            assertEquals("stable", t.get("direction"));
        }

        @Test
        @DisplayName("insights() has two patterns: one per throw site")
        void insights() {
            drive();
            Map<String, Object> i = faultline.insights();
            assertEquals(2, num(i, "total_patterns"));
            assertEquals(2, num(i, "total_errors"));
            List<Map<String, Object>> common = list(i.get("most_common_errors"));
            assertEquals(2, common.size());
            assertTrue(common.stream().allMatch(p -> "internal".equals(p.get("error_type"))), common::toString);
            assertEquals(2, common.stream().map(p -> p.get("fingerprint")).distinct().count());
        }

        @Test
        @DisplayName("the same throw site twice is one pattern")
        void oneSiteOnePattern() {
            failing(TestRequest.get("/videos/2").route(ROUTE), siteA(), 5);
            failing(TestRequest.get("/videos/3").route(ROUTE), siteA(), 5);
            assertEquals(1, num(faultline.insights(), "total_patterns"));
        }

        @Test
        @DisplayName("performanceStats() reports the count, errors and latencies set by the ticker")
        void performance() {
            drive();
            Map<String, Object> p = faultline.performanceStats();
            assertEquals(5, num(p, "total_requests"));
            assertEquals(2, num(p, "error_requests"));
            assertEquals(0, num(p, "slow_requests"));
            assertEquals(30.0, ((Number) p.get("average_duration_ms")).doubleValue());
            assertEquals(500, num(p, "slow_request_threshold_ms"));
            Map<String, Object> route = hour(endpoint(p, "GET", ROUTE));
            assertEquals(5, num(route, "total_requests"));
            assertEquals(2, num(route, "error_requests"));
            assertEquals(50.0, ((Number) route.get("max_ms")).doubleValue());
            assertEquals(1, list(p.get("endpoints")).size());
        }

        @Test
        @DisplayName("a 404 without a route template counts as endpoint _unmatched")
        void unmatched() {
            Exchange x = faultline.open(TestRequest.get("/wp-login.php"));
            elapse(3);
            ErrorReply r = x.failStatus(404);
            assertEquals(404, r.status());
            x.close(ResponseView.of(404, r.body().length));

            Map<String, Object> p = faultline.performanceStats();
            assertEquals(1, num(hour(endpoint(p, "GET", "_unmatched")), "total_requests"));
            assertEquals(1, num(hour(endpoint(p, "GET", "_unmatched")), "client_error_requests"));
            Map<String, Object> m = faultline.metrics();
            assertEquals(Map.of("_unmatched", 1L), longs(m.get("by_endpoint")));
            assertEquals(Map.of("not_found", 1L), longs(m.get("by_type")));
        }
    }

    @Nested
    @DisplayName("the monitoring endpoints")
    class Endpoints {

        HttpReply serve(String path, String query) {
            TestRequest request = TestRequest.get(path);
            if (query != null) {
                request.query(query);
            }
            assertTrue(faultline.monitoring().owns(path), path);
            Exchange x = faultline.open(request);
            elapse(2_000); // slow, yet never reported
            HttpReply reply = faultline.monitoring().handle(x, request);
            x.close(ResponseView.of(reply.status(), reply.body().length));
            return reply;
        }

        @Test
        @DisplayName("are not counted in performance or error metrics, nor logged as slow")
        void notCounted() {
            drive();
            Map<String, Object> metricsBefore = faultline.metrics();
            long performanceBefore = num(faultline.performanceStats(), "total_requests");
            try (LogCapture slow = LogCapture.of("faultline.performance")) {
                assertEquals(200, serve("/metrics/errors", null).status());
                assertEquals(200, serve("/metrics/performance", null).status());
                assertEquals(404, serve("/metrics/nothing-here", null).status());
                assertEquals(400, serve("/metrics/trends", "hours=0").status());
                assertEquals(200, serve("/health", null).status());
                assertEquals(List.of(), slow.withMessage("slow request"));
            }
            assertEquals(metricsBefore, faultline.metrics());
            assertEquals(performanceBefore, num(faultline.performanceStats(), "total_requests"));
            assertEquals(2, num(faultline.insights(), "total_patterns"));
        }

        @Test
        @DisplayName("serve what the exchanges drove")
        void serveDrivenFigures() {
            drive();
            HttpReply r = serve("/metrics/errors", null);
            JsonNode body = ProblemJson.parse(r.body());
            assertEquals(2, body.get("total_errors").asInt());
            assertEquals(5, body.get("total_requests").asInt());
            JsonNode trends = ProblemJson.parse(serve("/metrics/trends", "hours=2").body());
            assertEquals(2, trends.get("hourly_counts").size());
            assertEquals(2, trends.get("total_errors").asInt());
            JsonNode perf = ProblemJson.parse(serve("/metrics/performance", null).body());
            assertEquals(5, perf.get("total_requests").asInt());
            assertEquals(400, serve("/metrics/trends", "hours=25").status(), "over the 24-hour retention");
        }
    }

    @Nested
    @DisplayName("slow requests")
    class Slow {

        @Test
        @DisplayName("log one 'slow request' WARN on faultline.performance with the request's figures")
        void logged() {
            try (LogCapture log = LogCapture.of("faultline.performance")) {
                ok(TestRequest.get("/videos/1").route(ROUTE), 100);
                ok(TestRequest.get("/videos/2").route(ROUTE), 499);
                Exchange slow = ok(TestRequest.get("/videos/3").route(ROUTE).header("X-Request-Id", "slow-1"), 750);
                List<ILoggingEvent> events = log.withMessage("slow request");
                assertEquals(1, events.size(), () -> log.events().toString());
                ILoggingEvent e = events.get(0);
                assertEquals(Level.WARN, e.getLevel());
                Map<String, Object> kv = LogCapture.keyValues(e);
                assertEquals("slow-1", slow.requestId());
                assertEquals("slow-1", kv.get("request_id"));
                assertEquals(ROUTE, kv.get("endpoint"));
                assertEquals(750.0, ((Number) kv.get("duration_ms")).doubleValue());
                assertEquals(500L, ((Number) kv.get("threshold_ms")).longValue());
                assertEquals(200, ((Number) kv.get("status")).intValue());
            }
            assertEquals(1, num(faultline.performanceStats(), "slow_requests"));
        }

        @Test
        @DisplayName("count a request that takes exactly the threshold as slow")
        void atThreshold() {
            try (LogCapture log = LogCapture.of("faultline.performance")) {
                ok(TestRequest.get("/videos/1").route(ROUTE), 500);
                assertEquals(1, log.withMessage("slow request").size());
            }
        }
    }

    @Nested
    @DisplayName("the security monitor")
    class Security {

        @Test
        @DisplayName("rejects the second exchange from one address at 1/min with a 429, counted as rate_limited")
        void rateLimited() {
            faultline.close();
            faultline = build(b -> b.security(s -> s.maxRequestsPerMinute(1)));
            Exchange first = faultline.open(TestRequest.get("/videos/1").route(ROUTE).remoteAddress("198.51.100.7"));
            assertEquals(Optional.empty(), first.rejection());
            elapse(5);
            first.close(ResponseView.of(200, 10));

            Exchange second = faultline.open(TestRequest.get("/videos/2").route(ROUTE).remoteAddress("198.51.100.7"));
            ErrorReply rejected = second.rejection().orElseThrow();
            assertEquals(429, rejected.status());
            long retryAfter = Long.parseLong(rejected.header("Retry-After"));
            assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
            assertEquals("rate_limited", ProblemJson.parse(rejected.body()).get("error_type").asText());
            assertEquals(rejected, second.rejection().orElseThrow(), "decided once");
            second.close(ResponseView.of(rejected.status(), rejected.body().length));

            Exchange other = faultline.open(TestRequest.get("/videos/3").route(ROUTE).remoteAddress("198.51.100.8"));
            assertEquals(Optional.empty(), other.rejection(), "another address has its own budget");
            other.close(ResponseView.of(200, 10));

            Map<String, Object> m = faultline.metrics();
            assertEquals(1, num(m, "total_errors"));
            assertEquals(Map.of("rate_limited", 1L), longs(m.get("by_type")));
            assertEquals(3, num(m, "total_requests"));
            assertEquals(1, num(map(map(faultline.security().stats()).get("by_category")), "rate_limit"));
        }

        @Test
        @DisplayName("checkSecurity(request) returns {issues_found, issues} and counts nothing")
        void checkSecurity() {
            Map<String, Object> report = faultline.checkSecurity(TestRequest.get("/search").query("q=%3Cscript%3E"))
                    .toMap();
            assertEquals(Map.of("issues_found", 1, "issues",
                    List.of(Map.of("rule_id", "xss.script-tag", "category", "xss", "location", "query:q"))), report);
            assertEquals(Map.of("issues_found", 0, "issues", List.of()),
                    faultline.checkSecurity(TestRequest.get("/videos/1")).toMap());
            assertEquals(0, num(faultline.security().stats(), "findings"));
        }
    }
}
