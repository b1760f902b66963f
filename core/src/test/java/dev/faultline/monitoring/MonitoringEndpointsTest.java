package dev.faultline.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.AlertStats;
import dev.faultline.analysis.Insights;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthStatus;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.RequestView;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.metrics.TrendDirection;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.SecurityStats;
import dev.faultline.testkit.TestRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The monitoring endpoints")
class MonitoringEndpointsTest {

    static final String TOKEN = "s3cret-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
            .clock(Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC)).ticker(nanos::get).build();

    @AfterEach
    void close() {
        faultline.close();
    }


    static final ErrorTrends.Hour NO_HOUR = new ErrorTrends.Hour(Instant.EPOCH, 0, 0);
    static final PerformanceStats.Window NO_REQUESTS = new PerformanceStats.Window(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A stub that answers empty snapshots and records what it was asked. */
    static class Stub implements MonitoringSources {
        final List<String> calls = new ArrayList<>();
        int retention = 24;
        HealthReport readiness = HealthReport.of(Instant.EPOCH, Map.of());
        HealthReport liveness = new HealthReport(HealthStatus.DOWN, Instant.EPOCH, Map.of());

        @Override
        public ErrorStats errors() {
            calls.add("errors");
            return new ErrorStats(0, 0, 60, 0, Map.of(), Map.of(), Map.of(), 0, 0, 0, List.of(), retention);
        }

        @Override
        public ErrorTrends trends(int hours) {
            calls.add("trends:" + hours);
            return new ErrorTrends(hours, List.of(NO_HOUR), 0, 0, NO_HOUR, TrendDirection.STABLE);
        }

        @Override
        public Insights insights() {
            calls.add("insights");
            return new Insights(Instant.EPOCH, 24, 0, 0, List.of(), List.of(), List.of(), 0, List.of());
        }

        @Override
        public AlertHistory alerts(int hours) {
            calls.add("alerts:" + hours);
            return new AlertHistory(true, List.of(), hours, List.of(),
                    new AlertStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        @Override
        public PerformanceStats performance() {
            calls.add("performance");
            return new PerformanceStats(Duration.ofMillis(500), new PerformanceStats.Windows(NO_REQUESTS, NO_REQUESTS,
                    NO_REQUESTS), List.of(), 0, 64, 0, 0);
        }

        @Override
        public SecurityStats security() {
            return new SecurityStats(0, Map.of(), 0, 0, 0, 0, 0);
        }

        @Override
        public RecoveryStats recovery() {
            return new RecoveryStats(false, 0, 0, 0, 0, Map.of(), 0);
        }

        @Override
        public int retentionHours() {
            return retention;
        }

        @Override
        public HealthReport readiness() {
            calls.add("readiness");
            return readiness;
        }

        @Override
        public HealthReport liveness() {
            calls.add("liveness");
            return liveness;
        }
    }

    final Stub stub = new Stub();

    /** Endpoints open to every caller unless {@code configure} guards them: these tests are about what they answer. */
    MonitoringEndpoints endpoints(Consumer<MonitoringConfig.Builder> configure) {
        MonitoringConfig.Builder b = MonitoringConfig.builder().anonymous(MonitoringConfig.Anonymous.ALL);
        configure.accept(b);
        return new MonitoringEndpoints(b.build(), stub);
    }

    MonitoringEndpoints endpoints() {
        return endpoints(b -> { });
    }

    HttpReply handle(MonitoringEndpoints e, TestRequest request) {
        Exchange x = faultline.open(request);
        return e.handle(x, request);
    }

    HttpReply get(MonitoringEndpoints e, String pathAndQuery) {
        return handle(e, TestRequest.of("GET", pathAndQuery));
    }

    static String header(HttpReply r, String name) {
        for (Map.Entry<String, String> h : r.headers()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    static JsonNode body(HttpReply r) {
        try {
            return JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    static void assertJson(HttpReply r, int status) {
        assertEquals(status, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("no-store", header(r, "Cache-Control"));
    }

    static void assertProblem(HttpReply r, int status) {
        assertEquals(status, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/problem+json", header(r, "Content-Type"));
        assertEquals(status, body(r).get("status").asInt());
    }

    static void assertBadHours(HttpReply r) {
        assertProblem(r, 400);
        JsonNode errors = body(r).get("errors");
        assertTrue(errors != null && errors.isArray() && errors.size() == 1, () -> body(r).toString());
        assertEquals("hours", errors.get(0).get("field").asText());
    }

    @Nested
    @DisplayName("routing")
    class Routing {

        @Test
        @DisplayName("sends each path to its source, as JSON that is never cached")
        void eachPath() {
            MonitoringEndpoints e = endpoints();
            Map<String, String> routes = new LinkedHashMap<>(); // path -> a member only its source's body has
            routes.put("/metrics/errors", "per_minute");
            routes.put("/metrics/trends", "hourly_counts");
            routes.put("/metrics/insights", "most_common_errors");
            routes.put("/metrics/alerts", "alerts");
            routes.put("/metrics/performance", "security");
            routes.put("/health", "services");
            routes.put("/health/ready", "services");
            for (Map.Entry<String, String> route : routes.entrySet()) {
                HttpReply r = get(e, route.getKey());
                assertJson(r, 200);
                assertTrue(body(r).has(route.getValue()), route.getKey());
            }
            HttpReply live = get(e, "/health/live");
            assertJson(live, 503);
            assertEquals("down", body(live).get("status").asText());
            assertEquals(List.of("errors", "trends:1", "insights", "alerts:24", "performance", "readiness", "readiness",
                    "liveness"), stub.calls);
        }

        @Test
        @DisplayName("answers HEAD like GET")
        void head() {
            HttpReply r = handle(endpoints(), TestRequest.of("HEAD", "/metrics/errors"));
            assertJson(r, 200);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/metrics", "/metrics/", "/metrics/unknown", "/metrics/errors/extra", "/health/foo",
                "/metrics/ERRORS"})
        @DisplayName("answers an unknown path under the endpoints with a 404 problem")
        void unknown(String path) {
            assertProblem(get(endpoints(), path), 404);
            assertEquals(List.of(), stub.calls);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
        @DisplayName("answers a method other than GET or HEAD with a 405 problem and Allow: GET, HEAD")
        void methodNotAllowed(String method) {
            HttpReply r = handle(endpoints(), TestRequest.of(method, "/metrics/errors"));
            assertProblem(r, 405);
            assertEquals("GET, HEAD", header(r, "Allow"));
            assertEquals(List.of(), stub.calls);
        }

        @Test
        @DisplayName("answers a source that throws with a 500 problem that tells nothing of the failure")
        void failingSource() {
            Stub failing = new Stub() {
                @Override
                public ErrorStats errors() {
                    throw new IllegalStateException("jdbc:postgresql://10.0.0.5/db password=hunter2");
                }
            };
            MonitoringEndpoints e = new MonitoringEndpoints(MonitoringConfig.builder()
                    .anonymous(MonitoringConfig.Anonymous.ALL).build(), failing);
            HttpReply r = get(e, "/metrics/errors");
            assertProblem(r, 500);
            String text = new String(r.body(), StandardCharsets.UTF_8);
            for (String secret : List.of("hunter2", "postgresql", "10.0.0.5", "IllegalStateException")) {
                assertFalse(text.contains(secret), () -> "500 body leaks '" + secret + "': " + text);
            }
        }
    }

    @Nested
    @DisplayName("extra resources")
    class Resources {

        record Fixed(String path, List<String> asked) implements MonitoringResource {
            @Override
            public HttpReply serve(String relativePath, RequestView request) {
                asked.add(relativePath);
                return HttpReply.of(200, List.of(Map.entry("Content-Type", "text/plain")),
                        (path + " " + relativePath).getBytes(StandardCharsets.UTF_8));
            }
        }

        final List<String> asked = new ArrayList<>();

        @Test
        @DisplayName("are served at their exact path, and a directory path below it and without its slash")
        void routing() {
            MonitoringEndpoints e = endpoints(b -> b.resource(new Fixed("/metrics/prometheus", asked))
                    .resource(new Fixed("/metrics/dashboard/", asked))
                    .resource(new Fixed("/metrics/dashboard/assets/", asked)));
            assertEquals("/metrics/prometheus /metrics/prometheus",
                    new String(get(e, "/metrics/prometheus").body(), StandardCharsets.UTF_8));
            assertEquals("/metrics/dashboard/ /metrics/dashboard",
                    new String(get(e, "/metrics/dashboard").body(), StandardCharsets.UTF_8));
            assertEquals("/metrics/dashboard/ /metrics/dashboard/app.js",
                    new String(get(e, "/metrics/dashboard/app.js").body(), StandardCharsets.UTF_8));
            assertEquals("/metrics/dashboard/assets/ /metrics/dashboard/assets/x.css",
                    new String(get(e, "/metrics/dashboard/assets/x.css").body(), StandardCharsets.UTF_8),
                    "the longest directory wins");
            assertProblem(get(e, "/metrics/prometheus/x"), 404);
            assertProblem(get(e, "/metrics/dashboardx"), 404);
            assertJson(get(e, "/metrics/errors"), 200);
        }

        @Test
        @DisplayName("sit behind the access guard and answer GET and HEAD only")
        void guarded() {
            MonitoringEndpoints e = endpoints(b -> b.token(TOKEN).resource(new Fixed("/metrics/prometheus", asked)));
            assertProblem(get(e, "/metrics/prometheus"), 401);
            assertProblem(handle(e, TestRequest.of("POST", "/metrics/prometheus")
                    .header("Authorization", "Bearer " + TOKEN)), 405);
            assertEquals(List.of(), asked);
            HttpReply ok = handle(e, TestRequest.of("GET", "/metrics/prometheus").header("Authorization", "Bearer " + TOKEN));
            assertEquals(200, ok.status());
            assertEquals(List.of("/metrics/prometheus"), asked);
        }

        /** Answers like {@link Fixed}; paths under {@code /metrics/page/static/} need no token. */
        record Shell(List<String> asked) implements MonitoringResource {
            @Override
            public String path() {
                return "/metrics/page/";
            }

            @Override
            public HttpReply serve(String relativePath, RequestView request) {
                asked.add(relativePath);
                return HttpReply.of(200, List.of(Map.entry("Content-Type", "text/plain")), new byte[0]);
            }

            @Override
            public boolean requiresToken(String relativePath) {
                if (relativePath.endsWith("/throws")) {
                    throw new IllegalStateException("broken");
                }
                return !relativePath.startsWith("/metrics/page/static/");
            }
        }

        @Test
        @DisplayName("may exempt static paths from the token, never from the access predicate nor the built-ins")
        void tokenExempt() {
            java.util.concurrent.atomic.AtomicBoolean allowed = new java.util.concurrent.atomic.AtomicBoolean(true);
            MonitoringEndpoints e = endpoints(b -> b.token(TOKEN).access(r -> allowed.get()).resource(new Shell(asked)));
            assertEquals(200, get(e, "/metrics/page/static/app.js").status(), "no token needed");
            assertProblem(get(e, "/metrics/page/data"), 401);
            assertProblem(get(e, "/metrics/page/static/throws"), 401);
            assertProblem(get(e, "/metrics/errors"), 401);
            assertEquals(200, handle(e, TestRequest.of("GET", "/metrics/page/data")
                    .header("Authorization", "Bearer " + TOKEN)).status());
            allowed.set(false);
            assertProblem(get(e, "/metrics/page/static/app.js"), 401);
            assertEquals(List.of("/metrics/page/static/app.js", "/metrics/page/data"), asked);
        }

        @Test
        @DisplayName("that throw answer a problem without internals")
        void failing() {
            MonitoringEndpoints e = endpoints(b -> b.resource(new MonitoringResource() {
                @Override
                public String path() {
                    return "/metrics/broken";
                }

                @Override
                public HttpReply serve(String relativePath, RequestView request) {
                    throw new IllegalStateException("password=hunter2");
                }
            }));
            HttpReply r = get(e, "/metrics/broken");
            assertProblem(r, 500);
            assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("hunter2"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/metrics/errors", "/health/x", "/metrics/", "/metrics/a/../b", "/metrics//x",
                "/metrics/x?y", "/metrics/a b", "metrics/x", "/metrics/trends/"})
        @DisplayName("with a bad or taken path are refused, naming monitoring.resources")
        void badPath(String path) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> MonitoringConfig.builder().resource(new Fixed(path, asked)));
            assertTrue(ex.getMessage().contains("monitoring.resources"), ex.getMessage());
        }

        @Test
        @DisplayName("registered twice at one path are refused")
        void twice() {
            MonitoringConfig.Builder b = MonitoringConfig.builder().resource(new Fixed("/metrics/p", asked));
            assertThrows(IllegalArgumentException.class, () -> b.resource(new Fixed("/metrics/p", asked)));
        }
    }

    @Nested
    @DisplayName("the hours parameter")
    class Hours {

        @Test
        @DisplayName("defaults to 1 on trends and 24 on alerts")
        void defaults() {
            MonitoringEndpoints e = endpoints();
            assertEquals(1, body(get(e, "/metrics/trends")).get("hours").asInt());
            assertEquals(24, body(get(e, "/metrics/alerts")).get("hours").asInt());
            assertEquals(List.of("trends:1", "alerts:24"), stub.calls);
        }

        @Test
        @DisplayName("is passed on when valid, the first one winning when repeated")
        void valid() {
            MonitoringEndpoints e = endpoints();
            assertEquals(6, body(get(e, "/metrics/trends?hours=6")).get("hours").asInt());
            assertEquals(24, body(get(e, "/metrics/trends?hours=24")).get("hours").asInt());
            assertEquals(2, body(get(e, "/metrics/trends?hours=2&hours=3")).get("hours").asInt());
            assertEquals(5, body(get(e, "/metrics/trends?x=1&hours=5&y")).get("hours").asInt());
            assertEquals(720, body(get(e, "/metrics/alerts?hours=720")).get("hours").asInt());
            assertEquals(1, body(get(e, "/metrics/alerts?hours=1")).get("hours").asInt());
            assertEquals(1, body(get(e, "/metrics/trends?hourss=9")).get("hours").asInt(), "another parameter");
        }

        @ParameterizedTest(name = "trends?{0}")
        @ValueSource(strings = {"hours=abc", "hours=0", "hours=-1", "hours=100000", "hours=1.5", "hours=", "hours",
                "hours=25", "hours=2x&hours=3", "hours=99999999999999999999", "hours=0x10"})
        @DisplayName("answers a bad value on trends with a 400 problem naming the field hours")
        void badTrends(String query) {
            assertBadHours(get(endpoints(), "/metrics/trends?" + query));
            assertEquals(List.of(), stub.calls);
        }

        @ParameterizedTest(name = "alerts?{0}")
        @ValueSource(strings = {"hours=abc", "hours=0", "hours=-1", "hours=100000", "hours=1.5", "hours=", "hours=721"})
        @DisplayName("answers a bad value on alerts with a 400 problem naming the field hours")
        void badAlerts(String query) {
            assertBadHours(get(endpoints(), "/metrics/alerts?" + query));
            assertEquals(List.of(), stub.calls);
        }

        @Test
        @DisplayName("bounds trends by the source's retention")
        void retention() {
            stub.retention = 1;
            MonitoringEndpoints e = endpoints();
            assertJson(get(e, "/metrics/trends?hours=1"), 200);
            assertBadHours(get(e, "/metrics/trends?hours=2"));
        }
    }

    @Nested
    @DisplayName("access")
    class Access {

        TestRequest request(String path, @Nullable String authorization) {
            TestRequest v = TestRequest.of("GET", path);
            if (authorization != null) {
                v.header("Authorization", authorization);
            }
            return v;
        }

        void assertRefused(HttpReply r) {
            assertProblem(r, 401);
            assertEquals("Bearer realm=\"faultline\"", header(r, "WWW-Authenticate"));
        }

        @Test
        @DisplayName("with a token, refuses a missing header, another scheme and a wrong token; serves the right one")
        void token() {
            MonitoringEndpoints e = endpoints(b -> b.token(TOKEN));
            assertRefused(handle(e, request("/metrics/errors", null)));
            assertRefused(handle(e, request("/metrics/errors", "Basic " + TOKEN)));
            assertRefused(handle(e, request("/metrics/errors", "Bearer wrong-token-0123456789")));
            assertRefused(handle(e, request("/metrics/errors", "Bearer " + TOKEN + "x")));
            assertRefused(handle(e, request("/metrics/errors", "Bearer " + TOKEN.substring(1))));
            assertRefused(handle(e, request("/metrics/errors", "Bearer")));
            assertRefused(handle(e, request("/metrics/errors", "Bearer ")));
            assertEquals(List.of(), stub.calls);
            assertJson(handle(e, request("/health", null)), 200); // a health probe, open as /health/ready is
            assertJson(handle(e, request("/metrics/errors", "Bearer " + TOKEN)), 200);
            assertJson(handle(e, request("/metrics/errors", "bearer " + TOKEN)), 200);
            assertEquals(List.of("readiness", "errors", "errors"), stub.calls);
        }

        @Test
        @DisplayName("checks the token before the method, so that an anonymous POST learns nothing")
        void tokenBeforeMethod() {
            MonitoringEndpoints e = endpoints(b -> b.token(TOKEN));
            assertRefused(handle(e, TestRequest.of("POST", "/metrics/errors")));
        }

        @Test
        @DisplayName("leaves the liveness and readiness probes open, unless guardProbes(true)")
        void probes() {
            MonitoringEndpoints open = endpoints(b -> b.token(TOKEN));
            assertEquals(200, handle(open, request("/health/ready", null)).status());
            assertEquals(503, handle(open, request("/health/live", null)).status());
            MonitoringEndpoints guarded = endpoints(b -> b.token(TOKEN).guardProbes(true));
            assertRefused(handle(guarded, request("/health/ready", null)));
            assertRefused(handle(guarded, request("/health/live", null)));
            assertEquals(200, handle(guarded, request("/health/ready", "Bearer " + TOKEN)).status());
        }

        @Test
        @DisplayName("with an access predicate, serves what it accepts and refuses what it rejects")
        void predicate() {
            MonitoringEndpoints e = endpoints(b -> b.access(r -> "yes".equals(r.header("X-Ops"))));
            assertJson(handle(e, request("/metrics/errors", null).header("X-Ops", "yes")), 200);
            assertRefused(handle(e, request("/metrics/errors", null).header("X-Ops", "no")));
            assertRefused(handle(e, request("/metrics/errors", null)));
        }

        @Test
        @DisplayName("refuses when the access predicate throws")
        void throwingPredicate() {
            MonitoringEndpoints e = endpoints(b -> b.access(r -> {
                throw new IllegalStateException("directory down");
            }));
            HttpReply r = handle(e, request("/metrics/errors", null));
            assertRefused(r);
            assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("directory down"));
            assertEquals(List.of(), stub.calls);
        }

        @Test
        @DisplayName("with both a token and a predicate, needs both")
        void both() {
            MonitoringEndpoints e = endpoints(b -> b.token(TOKEN).access(r -> r.header("X-Ops") != null));
            assertRefused(handle(e, request("/metrics/errors", "Bearer " + TOKEN)));
            assertRefused(handle(e, request("/metrics/errors", null).header("X-Ops", "1")));
            assertJson(handle(e, request("/metrics/errors", "Bearer " + TOKEN).header("X-Ops", "1")), 200);
        }
    }

    @Nested
    @DisplayName("owns()")
    class Owns {

        @Test
        @DisplayName("without a base, owns /metrics and /health and what is under them")
        void noBase() {
            MonitoringEndpoints e = endpoints();
            for (String p : List.of("/metrics", "/metrics/errors", "/metrics/anything", "/health", "/health/live",
                    "/health/ready")) {
                assertTrue(e.owns(p), p);
            }
            for (String p : List.of("/", "/metricsx", "/metrics-old/errors", "/healthz", "/api/metrics/errors",
                    "/videos/1", "")) {
                assertFalse(e.owns(p), p);
            }
        }

        @Test
        @DisplayName("with base /ops, owns only the paths under it, and serves them")
        void base() {
            MonitoringEndpoints e = endpoints(b -> b.base("/ops"));
            assertEquals("/ops", e.config().base());
            assertTrue(e.owns("/ops/metrics/errors"));
            assertTrue(e.owns("/ops/health"));
            assertTrue(e.owns("/ops/health/live"));
            for (String p : List.of("/metrics/errors", "/health", "/ops", "/ops/", "/opsmetrics/errors",
                    "/ops2/metrics/errors", "/x/ops/metrics/errors")) {
                assertFalse(e.owns(p), p);
            }
            HttpReply r = get(e, "/ops/metrics/performance");
            assertJson(r, 200);
            assertTrue(body(r).has("security"));
            assertEquals(3, body(get(e, "/ops/metrics/trends?hours=3")).get("hours").asInt());
            assertProblem(get(e, "/ops/metrics/nothing"), 404);
        }

        @Test
        @DisplayName("disabled, owns nothing")
        void disabled() {
            MonitoringEndpoints e = endpoints(b -> b.enabled(false));
            assertFalse(e.config().enabled());
            for (String p : List.of("/metrics", "/metrics/errors", "/health", "/health/live")) {
                assertFalse(e.owns(p), p);
            }
            MonitoringEndpoints based = endpoints(b -> b.base("/ops").enabled(false));
            assertFalse(based.owns("/ops/metrics/errors"));
        }
    }

    @Nested
    @DisplayName("configuration")
    class Config {

        @ParameterizedTest(name = "base \"{0}\"")
        @ValueSource(strings = {"ops", "/ops/", "/", "/o*", "ops/"})
        @DisplayName("refuses a malformed base, naming monitoring.base")
        void badBase(String base) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MonitoringConfig.builder().base(base));
            assertTrue(e.getMessage().contains("monitoring.base"), e.getMessage());
        }

        @Test
        @DisplayName("accepts an empty base and /ops and /a/b")
        void goodBase() {
            assertEquals("", MonitoringConfig.builder().base("").build().base());
            assertEquals("/ops", MonitoringConfig.builder().base("/ops").build().base());
            assertEquals("/a/b", MonitoringConfig.builder().base("/a/b").build().base());
            assertEquals("", MonitoringConfig.builder().build().base());
        }

        @ParameterizedTest(name = "token \"{0}\"")
        @ValueSource(strings = {"", "short", "fifteen-chars-x", "sixteen chars xx", "sixteen-chars-\u00e9x", "tab\tin-the-token-x"})
        @DisplayName("refuses a short or non-printable token, naming monitoring.token and never echoing it")
        void badToken(String token) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MonitoringConfig.builder().token(token));
            assertTrue(e.getMessage().contains("monitoring.token"), e.getMessage());
            if (!token.isEmpty()) {
                assertFalse(e.getMessage().contains(token), "the message must not echo the secret");
            }
        }

        @Test
        @DisplayName("accepts a 16-character token")
        void goodToken() {
            MonitoringConfig c = MonitoringConfig.builder().token("0123456789abcdef").build();
            MonitoringEndpoints e = new MonitoringEndpoints(c, stub);
            assertEquals(200, handle(e, TestRequest.of("GET", "/metrics/errors").header("Authorization",
                    "Bearer 0123456789abcdef")).status());
        }

        @Test
        @DisplayName("is enabled, without a base or token, and closed but for the health probes by default")
        void defaults() {
            MonitoringConfig c = MonitoringConfig.builder().build();
            assertTrue(c.enabled());
            assertEquals("", c.base());
            assertEquals(MonitoringConfig.Anonymous.NONE, c.anonymous());
            MonitoringEndpoints e = new MonitoringEndpoints(c, stub);
            assertProblem(get(e, "/metrics/errors"), 401);
            for (String probe : List.of("/health", "/health/live", "/health/ready")) {
                assertTrue(get(e, probe).status() != 401, probe);
            }
        }
    }

    @Nested
    @DisplayName("Anonymous access (issue 20: monitoring that only its operators can read)")
    class AnonymousAccess {

        private final List<String> guarded = List.of("/metrics/errors", "/metrics/trends", "/metrics/insights",
                "/metrics/alerts", "/metrics/performance", "/metrics/prometheus", "/metrics/dashboard/",
                "/metrics/unknown");

        private MonitoringEndpoints with(MonitoringConfig.Anonymous anonymous) {
            return new MonitoringEndpoints(MonitoringConfig.builder().anonymous(anonymous)
                    .resource(new Resources.Fixed("/metrics/prometheus", new ArrayList<>()))
                    .resource(new Resources.Fixed("/metrics/dashboard/", new ArrayList<>())).build(), stub);
        }

        @Test
        @DisplayName("NONE refuses every resource but the probes, with a 401 problem and a Bearer challenge")
        void none() {
            MonitoringEndpoints e = with(MonitoringConfig.Anonymous.NONE);
            for (String path : guarded) {
                HttpReply r = get(e, path);
                assertProblem(r, 401);
                assertTrue(r.headers().contains(Map.entry("WWW-Authenticate", "Bearer realm=\"faultline\"")), path);
            }
            assertTrue(stub.calls.isEmpty(), "no source was read: " + stub.calls);
        }

        @Test
        @DisplayName("LOOPBACK serves 127.0.0.0/8 and ::1 peers, by the peer address only, and refuses others")
        void loopback() {
            MonitoringEndpoints e = with(MonitoringConfig.Anonymous.LOOPBACK);
            for (String peer : List.of("127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1")) {
                assertEquals(200, handle(e, TestRequest.get("/metrics/errors").remoteAddress(peer)).status(), peer);
            }
            for (String peer : List.of("192.0.2.10", "10.0.0.1", "127.0.0.1.evil", "1127.0.0.1", "::2", "128.0.0.1")) {
                assertProblem(handle(e, TestRequest.get("/metrics/errors").remoteAddress(peer)), 401);
            }
            assertProblem(handle(e, TestRequest.get("/metrics/errors").remoteAddress(null)), 401);
            assertProblem(handle(e, TestRequest.get("/metrics/errors").remoteAddress("192.0.2.10")
                    .header("X-Forwarded-For", "127.0.0.1")), 401);
        }

        @Test
        @DisplayName("a configured token or predicate decides, whatever the anonymous access")
        void credentialDecides() {
            MonitoringEndpoints e = new MonitoringEndpoints(MonitoringConfig.builder().anonymous(MonitoringConfig.Anonymous.ALL)
                    .token(TOKEN).build(), stub);
            assertProblem(get(e, "/metrics/errors"), 401);
            assertEquals(200, handle(e, TestRequest.get("/metrics/errors").header("Authorization", "Bearer " + TOKEN)).status());
        }

        @Test
        @DisplayName("the presets: closed in default and production, loopback in development; the token setting is read")
        void presets() {
            try (Faultline prod = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION).build();
                    Faultline dflt = Faultline.builder().settings(name -> null).environment(Environment.DEFAULT).build();
                    Faultline dev = Faultline.builder().settings(name -> null).environment(Environment.DEVELOPMENT).build();
                    Faultline fromEnv = Faultline.builder().environment(Environment.PRODUCTION)
                            .settings(name -> name.equals("faultline.monitoring.token") ? TOKEN : null).build()) {
                assertEquals(MonitoringConfig.Anonymous.NONE, prod.monitoring().config().anonymous());
                assertEquals(MonitoringConfig.Anonymous.NONE, dflt.monitoring().config().anonymous());
                assertEquals(MonitoringConfig.Anonymous.LOOPBACK, dev.monitoring().config().anonymous());
                assertFalse(prod.monitoring().config().hasToken());
                assertTrue(fromEnv.monitoring().config().hasToken());
                assertTrue(prod.monitoring().config().describe().contains("closed"), prod.monitoring().config().describe());
                assertFalse(fromEnv.monitoring().config().describe().contains(TOKEN));
            }
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Faultline.builder()
                    .settings(name -> name.equals("faultline.monitoring.token") ? "short" : null).build());
            assertTrue(bad.getMessage().contains("monitoring.token"), bad.getMessage());
        }
    }
}
