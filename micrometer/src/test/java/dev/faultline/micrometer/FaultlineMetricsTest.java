package dev.faultline.micrometer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.DeliveryException;
import dev.faultline.error.ErrorType;
import dev.faultline.error.ExternalServiceException;
import dev.faultline.error.ValidationException;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthResult;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.recovery.RecoveryResult;
import dev.faultline.testkit.TestRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("FaultlineMetrics on a MeterRegistry")
class FaultlineMetricsTest {

    final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Faultline faultline = build(b -> { });
    FaultlineMetrics metrics = bind(faultline);

    Faultline build(Consumer<Faultline.Builder> configure) {
        Faultline.Builder b = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .ticker(nanos::get).security(s -> s.rateLimit(false));
        configure.accept(b);
        return b.build();
    }

    FaultlineMetrics bind(Faultline f) {
        FaultlineMetrics m = FaultlineMetrics.create(f);
        m.bindTo(registry);
        return m;
    }

    void rebuild(Consumer<Faultline.Builder> configure) {
        metrics.close();
        faultline.close();
        faultline = build(configure);
        metrics = bind(faultline);
    }

    @AfterEach
    void tearDown() {
        metrics.close();
        faultline.close();
    }

    /** Runs one exchange: refused by Faultline, failed with {@code failure}, or answered {@code status}. */
    int serve(TestRequest request, long millis, int status, Exception failure) {
        Exchange x = faultline.open(request);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        Optional<ErrorReply> refused = x.rejection();
        int sent = status;
        if (refused.isPresent()) {
            sent = refused.get().status();
        } else if (failure != null) {
            sent = x.fail(failure).status();
        }
        x.close(ResponseView.of(sent, 0));
        return sent;
    }

    int serve(TestRequest request, long millis, int status) {
        return serve(request, millis, status, null);
    }

    @Nested
    @DisplayName("faultline.requests")
    class Requests {

        @Test
        @DisplayName("a timer per method, endpoint and outcome (no status, no error type), timed on Faultline's ticker")
        void timers() {
            serve(TestRequest.get("/videos/1").route("/videos/{id}"), 20, 200);
            serve(TestRequest.get("/videos/2").route("/videos/{id}"), 40, 200);
            serve(TestRequest.of("POST", "/videos").route("/videos"), 5, 0, new ValidationException("title is required"));

            Timer ok = registry.get("faultline.requests").tags("method", "GET", "endpoint", "/videos/{id}",
                    "outcome", "SUCCESS").timer();
            assertEquals(2, ok.count());
            assertEquals(60.0, ok.totalTime(TimeUnit.MILLISECONDS), 1e-9);
            assertEquals(40.0, ok.max(TimeUnit.MILLISECONDS), 1e-9);

            Timer invalid = registry.get("faultline.requests").tags("method", "POST", "endpoint", "/videos",
                    "outcome", "CLIENT_ERROR").timer();
            assertEquals(1, invalid.count());
            for (Timer t : registry.get("faultline.requests").timers()) {
                assertNull(t.getId().getTag("status"), t.getId().toString());
                assertNull(t.getId().getTag("error"), "the error type is on faultline.errors only: " + t.getId());
            }
            assertEquals(2, registry.get("faultline.requests").timers().size());
        }

        @Test
        @DisplayName("publishes five buckets around the latency objective (the slow threshold), no percentile histogram")
        void histogram() {
            rebuild(b -> b.performance(p -> p.slowRequestThreshold(Duration.ofMillis(800))));
            List<Double> expected = java.util.stream.DoubleStream.of(80, 200, 400, 800, 2000)
                    .map(ms -> ms * 1e6).boxed().toList();
            assertEquals(expected, slos(), "10 %, 25 %, 50 %, 100 % and 250 % of 800 ms");
        }

        @Test
        @DisplayName("the buckets are configurable")
        void buckets() {
            metrics.close();
            metrics = FaultlineMetrics.builder(faultline)
                    .latencyBuckets(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(2)).build();
            metrics.bindTo(registry);
            assertEquals(List.of(100e6, 300e6, 2000e6), slos());
            assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(2)),
                    metrics.latencyBuckets());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FaultlineMetrics.builder(faultline).latencyBuckets());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FaultlineMetrics.builder(faultline).latencyBuckets(Duration.ZERO));
        }

        /** The SLO boundaries of the first faultline.requests timer registered, in nanoseconds. */
        List<Double> slos() {
            List<List<Double>> seen = new java.util.ArrayList<>();
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    if (id.getName().equals("faultline.requests")) {
                        assertTrue(config.isPercentileHistogram() == null || !config.isPercentileHistogram());
                        seen.add(java.util.Arrays.stream(config.getServiceLevelObjectiveBoundaries()).boxed().toList());
                    }
                    return config;
                }
            });
            serve(TestRequest.get("/a"), 1, 200);
            assertEquals(1, seen.size());
            return seen.get(0);
        }

        @Test
        @DisplayName("common tags go on every meter")
        void commonTags() {
            metrics.close();
            metrics = FaultlineMetrics.create(faultline, Tags.of("application", "videos"));
            metrics.bindTo(registry);
            serve(TestRequest.get("/a"), 1, 0, new SQLException("down"));

            for (Meter m : registry.getMeters()) {
                if (m.getId().getName().startsWith("faultline.")) {
                    assertEquals("videos", m.getId().getTag("application"), m.getId().toString());
                }
            }
        }
    }

    @Nested
    @DisplayName("faultline.errors and faultline.recovery")
    class Errors {

        @Test
        @DisplayName("errors count by type, severity and endpoint")
        void errors() {
            serve(TestRequest.get("/videos/1").route("/videos/{id}"), 1, 0, new SQLException("down"));
            serve(TestRequest.get("/videos/2").route("/videos/{id}"), 1, 0, new SQLException("down"));
            serve(TestRequest.get("/videos").route("/videos"), 1, 0, new IllegalStateException("bug"));
            serve(TestRequest.get("/videos").route("/videos"), 1, 200);

            assertEquals(2.0, registry.get("faultline.errors")
                    .tags("type", "database", "severity", "critical", "endpoint", "/videos/{id}").counter().count());
            assertEquals(1.0, registry.get("faultline.errors")
                    .tags("type", "internal", "severity", "high", "endpoint", "/videos").counter().count());
            assertEquals(2, registry.get("faultline.errors").counters().size());
            double total = registry.get("faultline.errors").counters().stream().mapToDouble(Counter::count).sum();
            assertEquals(faultline.errors().totalErrors(), total,
                    "the same count as /metrics/errors");
        }

        @Test
        @DisplayName("recovery attempts count by outcome and error type; sheds are read from Faultline")
        void recovery() {
            rebuild(b -> b.recovery(r -> r.enabled(true)
                    .fallback(ErrorType.EXTERNAL_SERVICE, ctx -> RecoveryResult.degradedJson("{\"items\":[]}"))));
            int status = serve(TestRequest.get("/feed").route("/feed"), 1, 0, new ExternalServiceException("cdn", "CDN down", null));
            assertEquals(200, status);

            assertEquals(1.0, registry.get("faultline.recovery").tags("outcome", "degraded", "type", "external_service")
                    .counter().count());
            assertEquals(0.0, registry.get("faultline.recovery.shed").functionCounter().count());
        }
    }

    @Nested
    @DisplayName("read from Faultline's own counters")
    class Polled {

        @Test
        @DisplayName("security findings by category, and refusals")
        void security() {
            rebuild(b -> b.security(s -> s.rateLimit(true).maxRequestsPerMinute(1)));
            serve(TestRequest.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E"), 1, 200);
            assertEquals(429, serve(TestRequest.get("/search"), 1, 200));

            assertEquals(1.0, registry.get("faultline.security.findings").tag("category", "xss").functionCounter().count());
            assertEquals(1.0, registry.get("faultline.security.findings").tag("category", "rate_limit")
                    .functionCounter().count());
            assertEquals(0.0, registry.get("faultline.security.findings").tag("category", "sql_injection")
                    .functionCounter().count());
            assertEquals(1.0, registry.get("faultline.security.blocked").functionCounter().count());
            assertEquals(1.0, registry.get("faultline.requests").tags("outcome", "CLIENT_ERROR")
                    .timer().count(), "refused requests are timed like any other");
        }

        @Test
        @DisplayName("alert deliveries by outcome: delivered, failed, dropped")
        void alerts() {
            rebuild(b -> b.alerting(a -> a.logChannel(false)
                    .channel(AlertChannel.of("pager", alert -> { }))
                    .channel(AlertChannel.of("broken", alert -> {
                        throw DeliveryException.permanent("the receiver answered 400");
                    }))));
            serve(TestRequest.get("/videos").route("/videos"), 1, 0, new SQLException("down")); // critical_errors fires
            faultline.close(); // flushes the deliveries

            assertEquals(1.0, registry.get("faultline.alerts.fired").functionCounter().count());
            assertEquals(1.0, registry.get("faultline.alerts.deliveries").tag("outcome", "delivered")
                    .functionCounter().count());
            assertEquals(1.0, registry.get("faultline.alerts.deliveries").tag("outcome", "failed")
                    .functionCounter().count());
            assertEquals(0.0, registry.get("faultline.alerts.deliveries").tag("outcome", "dropped")
                    .functionCounter().count());
        }

        @Test
        @DisplayName("health: readiness overall and each check, 1 up, 0.5 degraded, 0 down")
        void health() {
            rebuild(b -> b.health(h -> h
                    .check("database", HealthResult::up)
                    .check("cache", () -> HealthResult.degraded("cold"), o -> o.critical(false))
                    .check("deadlocks", () -> HealthResult.down("2 threads"), o -> o.probes(HealthProbe.LIVENESS))));

            assertEquals(1.0, registry.get("faultline.health.check").tag("check", "database").gauge().value());
            assertEquals(0.5, registry.get("faultline.health.check").tag("check", "cache").gauge().value());
            assertEquals(0.0, registry.get("faultline.health.check").tag("check", "deadlocks").gauge().value());
            assertEquals(0.5, registry.get("faultline.health").gauge().value(), "degraded: a non-critical check is");
        }
    }

    @Nested
    @DisplayName("lifecycle and failures")
    class Lifecycle {

        @Test
        @DisplayName("close() stops counting and removes the meters")
        void close() {
            serve(TestRequest.get("/a"), 1, 200);
            metrics.close();
            serve(TestRequest.get("/a"), 1, 200);

            assertNull(registry.find("faultline.requests").timer());
            assertNull(registry.find("faultline.health").gauge());
            assertDoesNotThrow(metrics::close, "idempotent");
        }

        @Test
        @DisplayName("concurrent exchanges are all counted, each tag combination once")
        void concurrent() throws Exception {
            int threads = 4;
            int each = 500;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String endpoint = "/e" + (i % 5);
                        serve(TestRequest.get(endpoint).route(endpoint), 0, i % 2 == 0 ? 200 : 0,
                                i % 2 == 0 ? null : new SQLException("down"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertEquals(threads * each, registry.get("faultline.requests").timers().stream().mapToLong(Timer::count).sum());
            assertEquals(10, registry.get("faultline.requests").timers().size(), "5 endpoints x (200, 503)");
            assertEquals(threads * each / 2.0,
                    registry.get("faultline.errors").counters().stream().mapToDouble(Counter::count).sum());
        }

        @Test
        @DisplayName("bound to two registries, both count")
        void twoRegistries() {
            SimpleMeterRegistry other = new SimpleMeterRegistry();
            metrics.bindTo(other);
            serve(TestRequest.get("/a"), 1, 200);

            assertEquals(1, registry.get("faultline.requests").timer().count());
            assertEquals(1, other.get("faultline.requests").timer().count());
        }

        @Test
        @DisplayName("a registry that throws breaks neither the request nor Faultline's own figures")
        void failingRegistry() {
            MeterRegistry broken = new SimpleMeterRegistry();
            broken.config().meterFilter(new MeterFilter() {
                @Override
                public Meter.Id map(Meter.Id id) {
                    if (id.getName().equals("faultline.errors")) {
                        throw new IllegalStateException("registry bug");
                    }
                    return id;
                }
            });
            metrics.close();
            metrics = FaultlineMetrics.create(faultline);
            metrics.bindTo(broken);

            int status = assertDoesNotThrow(() -> serve(TestRequest.get("/a"), 1, 0, new SQLException("down")));

            assertEquals(503, status);
            assertEquals(1, faultline.listenerFailures());
            assertEquals(1L, faultline.errors().totalErrors());
            assertEquals(1, broken.get("faultline.requests").timer().count(), "what came before the failure counted");
        }
    }

    @Test
    @DisplayName("every meter has a description and only dot-separated lower-case names")
    void conventions() {
        serve(TestRequest.get("/a"), 1, 0, new SQLException("down"));
        List<Meter> ours = registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("faultline."))
                .filter(m -> !m.getId().getName().endsWith(".histogram")) // Micrometer's own SLO-bucket gauges
                .toList();
        assertTrue(ours.size() > 10, ours::toString);
        for (Meter m : ours) {
            assertTrue(m.getId().getName().matches("[a-z]+(\\.[a-z]+)*"), m.getId().getName());
            assertNotNull(m.getId().getDescription(), m.getId().getName());
            for (Tag t : m.getId().getTags()) {
                assertTrue(t.getKey().matches("[a-z]+"), t.getKey());
            }
        }
    }
}
