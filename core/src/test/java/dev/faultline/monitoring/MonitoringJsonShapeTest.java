package dev.faultline.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.error.DatabaseException;
import dev.faultline.error.ServiceTimeoutException;
import dev.faultline.health.HealthCheck;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthResult;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.ResponseView;
import dev.faultline.testkit.TestRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bodies of the monitoring endpoints, byte for byte, against the bodies the endpoints answered
 * before their figures became typed records (recorded under {@code monitoring-json/} in the test
 * resources): the dashboard, the conformance kit, the examples and Prometheus scrapers read these
 * field names, their order and their number formats, so a change to any of them fails here.
 *
 * <p>Two scenarios: a Faultline that served nothing, and one that served a deterministic mix of
 * traffic over three hours (every figure from a fixed clock and ticker, every stack trace fixed).
 * Only alert ids, which are random, are replaced before comparing. Run with
 * {@code -Dfaultline.monitoring-json.write=<dir>} to write the current bodies to a directory instead.
 */
@DisplayName("The monitoring endpoints' JSON keeps its shape")
class MonitoringJsonShapeTest {

    static final List<String> PATHS = List.of("/metrics/errors", "/metrics/trends", "/metrics/trends?hours=3",
            "/metrics/insights", "/metrics/alerts", "/metrics/alerts?hours=1", "/metrics/performance", "/health",
            "/health/ready", "/health/live");

    /** A wall clock that moves only when told to. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2024-05-01T09:10:00Z").toEpochMilli());

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

    static Faultline build(MutableClock clock, AtomicLong nanos) {
        return Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .clock(clock).ticker(nanos::get).applicationPackages("com.example")
                .monitoring(m -> m.anonymous(MonitoringConfig.Anonymous.ALL))
                .performance(p -> p.slowRequestThreshold(Duration.ofMillis(250)))
                .security(s -> s.rateLimit(true).maxRequestsPerMinute(1000))
                .recovery(r -> r.enabled(true).shedding("/search/**", s -> s.minimumCalls(5)))
                .alerting(a -> a.logChannel(false).tickInterval(Duration.ZERO))
                .health(h -> h
                        .check("database", () -> HealthResult.up().withDetail("pool_active", 3).withDetail("pool", "main"))
                        .check("search", HealthCheck.ping(() -> { throw new java.io.IOException("search unreachable"); }), c -> c.critical(false))
                        .check("disk", () -> HealthResult.degraded("disk 91% full").withDetail("free_mb", 512.5),
                                c -> c.probes(HealthProbe.LIVENESS, HealthProbe.READINESS)))
                .build();
    }

    /** An exception with a fixed stack trace, so that its fingerprint does not depend on this file's lines. */
    static <T extends Throwable> T at(T t, String method, int line) {
        t.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.example.videos.VideoService", method, "VideoService.java", line),
                new StackTraceElement("com.example.videos.VideoApi", "handle", "VideoApi.java", 12)});
        return t;
    }

    /** Serves the scenario's traffic. */
    static void traffic(Faultline f, MutableClock clock, AtomicLong nanos) {
        int[] n = {0};
        Consumer<Object[]> serve = spec -> {
            TestRequest request = ((TestRequest) spec[0]).header("X-Request-Id", "req-" + (++n[0]))
                    .remoteAddress("10.0.0." + (n[0] % 3 + 1));
            Exchange x = f.open(request);
            nanos.addAndGet((Long) spec[1] * 1_000_000L);
            ErrorReply refused = x.rejection().orElse(null);
            if (refused != null) {
                x.close(ResponseView.of(refused.status(), refused.body().length));
            } else if (spec[2] instanceof Throwable t) {
                ErrorReply r = x.fail(t);
                x.close(ResponseView.of(r.status(), r.body().length));
            } else {
                x.close(ResponseView.of((Integer) spec[2], 120));
            }
        };
        for (int hour = 0; hour < 3; hour++) {
            for (int i = 0; i < 6 + hour * 3; i++) {
                serve.accept(new Object[] {TestRequest.get("/videos/" + i).route("/videos/{id}"), 20L + i * 7, 200});
            }
            for (int i = 0; i < 2 + hour * 4; i++) {
                serve.accept(new Object[] {TestRequest.get("/videos/" + i).route("/videos/{id}"), 40L + i,
                        at(new DatabaseException("connection refused"), "load", 30)});
            }
            for (int i = 0; i < 1 + hour * 2; i++) {
                serve.accept(new Object[] {TestRequest.get("/search/videos").query("q=cats").route("/search/videos"),
                        300L + hour, at(new ServiceTimeoutException("search timed out"), "search", 55)});
            }
            serve.accept(new Object[] {TestRequest.of("POST", "/videos").route("/videos"), 15L,
                    at(new IllegalStateException("state " + hour + " broken"), "create", 77)});
            serve.accept(new Object[] {TestRequest.get("/nowhere/" + hour), 2L, 404});
            serve.accept(new Object[] {TestRequest.get("/videos/1").query("id=1%27%20OR%201=1--").route("/videos/{id}"),
                    5L, 200});
            clock.advance(Duration.ofMinutes(hour == 2 ? 17 : 61));
        }
        clock.advance(Duration.ofSeconds(7));
    }

    static Faultline scenario(String name) {
        MutableClock clock = new MutableClock();
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        Faultline f = build(clock, nanos);
        if (name.equals("traffic")) {
            traffic(f, clock, nanos);
        }
        return f;
    }

    static String body(Faultline f, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        TestRequest request = q < 0 ? TestRequest.get(pathAndQuery)
                : TestRequest.get(pathAndQuery.substring(0, q)).query(pathAndQuery.substring(q + 1));
        HttpReply reply = f.monitoring().handle(f.open(request), request);
        String json = new String(reply.body(), StandardCharsets.UTF_8);
        return reply.status() + " " + json.replaceAll("\"id\":\"[0-9a-f]{16}\"", "\"id\":\"<id>\"") + "\n";
    }

    static String fileName(String pathAndQuery) {
        return pathAndQuery.substring(1).replace('/', '.').replace("?hours=", "-") + ".json";
    }

    static List<Arguments> cases() {
        return List.of("empty", "traffic").stream()
                .flatMap(s -> PATHS.stream().map(p -> Arguments.of(s, p)))
                .toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    @DisplayName("answers the recorded body")
    void sameBody(String scenario, String path) throws IOException {
        String actual;
        try (Faultline f = scenario(scenario)) {
            actual = body(f, path);
        }
        String resource = "monitoring-json/" + scenario + "/" + fileName(path);
        String write = System.getProperty("faultline.monitoring-json.write");
        if (write != null) {
            Path out = Path.of(write).resolve(resource);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual);
            return;
        }
        String expected;
        try (InputStream in = MonitoringJsonShapeTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no recorded body " + resource);
            }
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual, resource);
    }
}
