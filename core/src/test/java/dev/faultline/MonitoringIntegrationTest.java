package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.analysis.ErrorPattern;
import dev.faultline.analysis.Insights;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.ResponseView;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.metrics.TrendDirection;
import dev.faultline.security.AttackCategory;
import dev.faultline.security.Finding;
import dev.faultline.security.ScanReport;
import dev.faultline.testkit.TestRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
                .monitoring(m -> m.anonymous(dev.faultline.monitoring.MonitoringConfig.Anonymous.ALL))
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

    static PerformanceStats.Window hour(PerformanceStats p, String method, String endpoint) {
        return p.endpoint(method, endpoint)
                .orElseThrow(() -> new AssertionError(method + " " + endpoint + " not in " + p.endpoints()))
                .windows().lastHour();
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
        @DisplayName("errors() reports 5 requests and 2 internal errors on the route")
        void errors() {
            drive();
            ErrorStats m = faultline.errors();
            assertEquals(2, m.totalErrors());
            assertEquals(2, m.recentErrors());
            assertEquals(5, m.totalRequests());
            assertEquals(0.4, m.errorRatio());
            assertEquals(2.0, m.errorRatePerMinute());
            assertEquals(Map.of(ErrorType.INTERNAL, 2L), m.byType());
            assertEquals(2L, m.byType(ErrorType.INTERNAL));
            assertEquals(Map.of(ErrorSeverity.HIGH, 2L), m.bySeverity());
            assertEquals(Map.of(ROUTE, 2L), m.byEndpoint());
        }

        @Test
        @DisplayName("trends(1) has the current hour with 2 errors among 5 requests")
        void trends() {
            drive();
            ErrorTrends t = faultline.trends(1);
            assertEquals(List.of(new ErrorTrends.Hour(Instant.parse("2024-05-01T12:00:00Z"), 2, 5)), t.hourlyCounts());
            assertEquals(2.0, t.averageErrorsPerHour());
            assertEquals(2, t.peak().errors());
            assertEquals(TrendDirection.STABLE, t.direction());
        }

        @Test
        @DisplayName("insights() has two patterns: one per throw site")
        void insights() {
            drive();
            Insights i = faultline.insights();
            assertEquals(2, i.totalPatterns());
            assertEquals(2, i.totalErrors());
            List<ErrorPattern> common = i.mostCommonErrors();
            assertEquals(2, common.size());
            assertTrue(common.stream().allMatch(p -> p.errorType() == ErrorType.INTERNAL), common::toString);
            assertEquals(2, common.stream().map(ErrorPattern::fingerprint).distinct().count());
        }

        @Test
        @DisplayName("the same throw site twice is one pattern")
        void oneSiteOnePattern() {
            failing(TestRequest.get("/videos/2").route(ROUTE), siteA(), 5);
            failing(TestRequest.get("/videos/3").route(ROUTE), siteA(), 5);
            assertEquals(1, faultline.insights().totalPatterns());
        }

        @Test
        @DisplayName("performance() reports the count, errors and latencies set by the ticker")
        void performance() {
            drive();
            PerformanceStats p = faultline.performance();
            PerformanceStats.Window all = p.overall().lastHour();
            assertEquals(5, p.totalRequests());
            assertEquals(2, all.errorRequests());
            assertEquals(0, all.slowRequests());
            assertEquals(30.0, all.averageDurationMs());
            assertEquals(Duration.ofMillis(500), p.slowRequestThreshold());
            PerformanceStats.Window route = hour(p, "GET", ROUTE);
            assertEquals(5, route.totalRequests());
            assertEquals(2, route.errorRequests());
            assertEquals(50.0, route.maxMs());
            assertEquals(1, p.endpoints().size());
        }

        @Test
        @DisplayName("a 404 without a route template counts as endpoint _unmatched")
        void unmatched() {
            Exchange x = faultline.open(TestRequest.get("/wp-login.php"));
            elapse(3);
            ErrorReply r = x.failStatus(404);
            assertEquals(404, r.status());
            x.close(ResponseView.of(404, r.body().length));

            PerformanceStats p = faultline.performance();
            assertEquals(1, hour(p, "GET", "_unmatched").totalRequests());
            assertEquals(1, hour(p, "GET", "_unmatched").clientErrorRequests());
            ErrorStats m = faultline.errors();
            assertEquals(Map.of("_unmatched", 1L), m.byEndpoint());
            assertEquals(Map.of(ErrorType.NOT_FOUND, 1L), m.byType());
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
            ErrorStats errorsBefore = faultline.errors();
            long performanceBefore = faultline.performance().totalRequests();
            try (LogCapture slow = LogCapture.of("faultline.performance")) {
                assertEquals(200, serve("/metrics/errors", null).status());
                assertEquals(200, serve("/metrics/performance", null).status());
                assertEquals(404, serve("/metrics/nothing-here", null).status());
                assertEquals(400, serve("/metrics/trends", "hours=0").status());
                assertEquals(200, serve("/health", null).status());
                assertEquals(List.of(), slow.withMessage("slow request"));
            }
            assertEquals(errorsBefore, faultline.errors());
            assertEquals(performanceBefore, faultline.performance().totalRequests());
            assertEquals(2, faultline.insights().totalPatterns());
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
            assertEquals(1, faultline.performance().overall().lastHour().slowRequests());
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

            ErrorStats m = faultline.errors();
            assertEquals(1, m.totalErrors());
            assertEquals(Map.of(ErrorType.RATE_LIMITED, 1L), m.byType());
            assertEquals(3, m.totalRequests());
            assertEquals(1, faultline.security().findings(AttackCategory.RATE_LIMIT));
        }

        @Test
        @DisplayName("checkSecurity(request) reports each finding with its rule, category and place, and counts nothing")
        void checkSecurity() {
            ScanReport report = faultline.checkSecurity(TestRequest.get("/search").query("q=%3Cscript%3E"));
            assertEquals(1, report.issuesFound());
            Finding finding = report.issues().get(0);
            assertEquals(List.of("xss.script-tag", "query:q"), List.of(finding.ruleId(), finding.location()));
            assertEquals(AttackCategory.XSS, finding.category());
            assertEquals(ScanReport.empty(), faultline.checkSecurity(TestRequest.get("/videos/1")));
            assertEquals(0, faultline.security().findings());
        }
    }
}
