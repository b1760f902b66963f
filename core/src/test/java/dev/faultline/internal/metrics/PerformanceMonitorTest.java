package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.metrics.PerformanceConfig;
import dev.faultline.metrics.PerformanceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The performance monitor")
class PerformanceMonitorTest {

    /** A minute-, five-minute- and hour-aligned start, so that spans are easy to reason about. */
    static final long START = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    static final long MS = 1_000_000L;

    final FakeClock clock = new FakeClock(START);

    PerformanceMonitor monitor(Duration slow, int maxEndpoints) {
        return new PerformanceMonitor(
                PerformanceConfig.builder().slowRequestThreshold(slow).maxEndpoints(maxEndpoints).build(), clock);
    }

    PerformanceMonitor monitor() {
        return monitor(Duration.ofMillis(100), 64);
    }

    // ---- reading stats() ----

    /** One window ("1m", "5m", "1h") of an endpoint, or of the whole monitor when method is null. */
    static PerformanceStats.Window window(PerformanceStats stats, String method, String endpoint, String span) {
        PerformanceStats.Windows owner = method == null ? stats.overall()
                : stats.endpoint(method, endpoint).orElseThrow(() -> new AssertionError(
                        method + " " + endpoint + " not in " + stats.endpoints())).windows();
        return switch (span) {
            case "1m" -> owner.lastMinute();
            case "5m" -> owner.lastFiveMinutes();
            case "1h" -> owner.lastHour();
            default -> throw new IllegalArgumentException(span);
        };
    }

    static PerformanceStats.Window overall(PerformanceStats stats, String span) {
        return window(stats, null, null, span);
    }

    @Nested
    @DisplayName("counts")
    class Counts {

        @Test
        @DisplayName("records at the clock reading the caller passes, in that reading's minute")
        void atCallersReading() {
            PerformanceMonitor m = monitor();
            long twoMinutesAgo = START - Duration.ofMinutes(2).toMillis();
            assertFalse(m.record("GET", "/videos/{id}", 10 * MS, 200, twoMinutesAgo));
            m.record("GET", "/videos/{id}", 10 * MS, 200, START);

            PerformanceStats s = m.stats();
            assertEquals(1, overall(s, "1m").totalRequests(), "only the current minute's");
            assertEquals(2, overall(s, "5m").totalRequests());
            assertEquals(1, window(s, "GET", "/videos/{id}", "1m").totalRequests());
        }

        @Test
        @DisplayName("counts requests per endpoint and overall, and keeps endpoints apart by method")
        void perEndpointAndOverall() {
            PerformanceMonitor m = monitor();
            for (int i = 0; i < 3; i++) {
                m.record("GET", "/videos/{id}", 10 * MS, 200);
            }
            m.record("POST", "/videos", 20 * MS, 201);
            m.record("POST", "/videos", 20 * MS, 201);
            m.record("DELETE", "/videos/{id}", 5 * MS, 204);

            PerformanceStats s = m.stats();
            assertEquals(6, s.totalRequests());
            assertEquals(6, overall(s, "1h").totalRequests());
            assertEquals(3, window(s, "GET", "/videos/{id}", "1h").totalRequests());
            assertEquals(2, window(s, "POST", "/videos", "1h").totalRequests());
            assertEquals(1, window(s, "DELETE", "/videos/{id}", "1h").totalRequests());
            assertEquals(3, s.endpoints().size());
            assertEquals(3, s.trackedEndpoints());
            assertEquals(3, m.trackedEndpoints());
            assertEquals(64, s.maxEndpoints());
            assertEquals(0, s.foldedRequests());
            assertEquals(0, s.foldedEndpoints());
        }

        @Test
        @DisplayName("lists endpoints busiest first")
        void busiestFirst() {
            PerformanceMonitor m = monitor();
            m.record("GET", "/a", MS, 200);
            for (int i = 0; i < 5; i++) {
                m.record("GET", "/b", MS, 200);
            }
            m.record("GET", "/c", MS, 200);
            m.record("GET", "/c", MS, 200);
            List<Object> order = m.stats().endpoints().stream().map(PerformanceStats.Endpoint::endpoint).map(Object.class::cast).toList();
            assertEquals(List.of("/b", "/c", "/a"), order);
        }

        @Test
        @DisplayName("counts 5xx as errors and 4xx as client errors, and nothing else as either")
        void serverAndClientErrors() {
            PerformanceMonitor m = monitor();
            int[] statuses = {200, 204, 301, 399, 400, 404, 429, 499, 500, 502, 503, 599};
            for (int status : statuses) {
                m.record("GET", "/x", MS, status);
            }
            PerformanceStats s = m.stats();
            for (PerformanceStats.Window w : List.of(overall(s, "1h"), window(s, "GET", "/x", "1m"),
                    window(s, "GET", "/x", "5m"), window(s, "GET", "/x", "1h"))) {
                assertEquals(12, w.totalRequests());
                assertEquals(4, w.errorRequests(), w::toString);
                assertEquals(4, w.clientErrorRequests(), w::toString);
            }
            assertEquals(4, s.overall().lastHour().errorRequests());
        }

        @Test
        @DisplayName("counts a request as slow at or over the threshold, and says so")
        void slowAtOrOverThreshold() {
            PerformanceMonitor m = monitor(Duration.ofMillis(100), 64);
            assertFalse(m.record("GET", "/x", 100 * MS - 1, 200));
            assertTrue(m.record("GET", "/x", 100 * MS, 200));
            assertTrue(m.record("GET", "/x", 100 * MS + 1, 200));
            assertTrue(m.record("GET", "/x", 5_000 * MS, 500));
            assertFalse(m.record("GET", "/x", 0, 200));
            PerformanceStats s = m.stats();
            assertEquals(3, s.overall().lastHour().slowRequests());
            assertEquals(3, window(s, "GET", "/x", "1m").slowRequests());
            assertEquals(100, s.slowRequestThreshold().toMillis());
        }

        @Test
        @DisplayName("reports zeros, not NaN or failures, when nothing was recorded")
        void empty() {
            PerformanceStats s = monitor().stats();
            assertEquals(0, s.totalRequests());
            assertEquals(0.0, s.overall().lastHour().averageDurationMs());
            for (String span : List.of("1m", "5m", "1h")) {
                PerformanceStats.Window w = overall(s, span);
                assertEquals(0, w.totalRequests());
                assertEquals(0.0, w.p50Ms());
                assertEquals(0.0, w.p99Ms());
                assertEquals(0.0, w.maxMs());
            }
            assertEquals(List.of(), s.endpoints());
        }
    }

    @Nested
    @DisplayName("latency")
    class Latency {

        /** Within 1/64 of the exact value, plus the microsecond rounding of the millisecond figure. */
        void near(double expectedMs, double actualMs, String what) {
            double tolerance = expectedMs / 64 + 0.0011;
            assertTrue(Math.abs(actualMs - expectedMs) <= tolerance,
                    () -> what + ": expected " + expectedMs + " ± " + tolerance + ", was " + actualMs);
        }

        @Test
        @DisplayName("gives mean and max exactly and p50/p90/p99 within 1/64 for 1..100 ms")
        void quantiles() {
            PerformanceMonitor m = monitor(Duration.ofSeconds(10), 64);
            // shuffled order must not matter
            List<Integer> values = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                values.add(i);
            }
            java.util.Collections.shuffle(values, new java.util.Random(7));
            for (int v : values) {
                m.record("GET", "/x", v * MS, 200);
            }
            PerformanceStats s = m.stats();
            for (PerformanceStats.Window w : List.of(overall(s, "1m"), overall(s, "5m"), overall(s, "1h"),
                    window(s, "GET", "/x", "1m"), window(s, "GET", "/x", "1h"))) {
                assertEquals(50.5, w.averageDurationMs(), 0.0011);
                assertEquals(100.0, w.maxMs());
                near(50, w.p50Ms(), "p50");
                near(90, w.p90Ms(), "p90");
                near(99, w.p99Ms(), "p99");
            }
            assertEquals(50.5, s.overall().lastHour().averageDurationMs(), 0.0011);
        }

        @Test
        @DisplayName("keeps per-endpoint latencies apart")
        void perEndpointLatency() {
            PerformanceMonitor m = monitor(Duration.ofSeconds(10), 64);
            for (int i = 0; i < 10; i++) {
                m.record("GET", "/fast", 2 * MS, 200);
                m.record("GET", "/slow", 800 * MS, 200);
            }
            m.record("GET", "/slow", 1_600 * MS, 200);
            PerformanceStats s = m.stats();
            PerformanceStats.Window fast = window(s, "GET", "/fast", "1h");
            PerformanceStats.Window slow = window(s, "GET", "/slow", "1h");
            assertEquals(2.0, fast.averageDurationMs(), 0.0011);
            near(2, fast.p99Ms(), "fast p99");
            assertEquals(2.0, fast.maxMs());
            near(800, slow.p50Ms(), "slow p50");
            assertEquals(1_600.0, slow.maxMs());
            assertEquals(1_600.0, overall(s, "1h").maxMs());
            near((10 * 2 + 10 * 800 + 1_600) / 21.0, overall(s, "1h").averageDurationMs(), "overall mean");
        }
    }

    @Nested
    @DisplayName("windows")
    class Windows {

        @Test
        @DisplayName("a record 3 minutes old is in 5m and 1h but not 1m; one 2 hours old is in none")
        void spans() {
            PerformanceMonitor m = monitor();
            m.record("GET", "/x", 10 * MS, 200); // A at 12:00:00
            clock.advance(Duration.ofMinutes(3));
            m.record("GET", "/x", 30 * MS, 500); // B at 12:03:00

            PerformanceStats s = m.stats();
            for (String owner : new String[] {null, "/x"}) {
                String method = owner == null ? null : "GET";
                PerformanceStats.Window m1 = window(s, method, owner, "1m");
                PerformanceStats.Window m5 = window(s, method, owner, "5m");
                PerformanceStats.Window h1 = window(s, method, owner, "1h");
                assertEquals(1, m1.totalRequests(), m1::toString);
                assertEquals(1, m1.errorRequests());
                assertEquals(30.0, m1.maxMs());
                assertEquals(2, m5.totalRequests());
                assertEquals(2, h1.totalRequests());
                assertEquals(20.0, m5.averageDurationMs(), 0.0011);
            }

            clock.advance(Duration.ofHours(2));
            PerformanceStats later = m.stats();
            for (String span : List.of("1m", "5m", "1h")) {
                assertEquals(0, overall(later, span).totalRequests(), span);
                assertEquals(0, window(later, "GET", "/x", span).totalRequests(), span);
                assertEquals(0.0, window(later, "GET", "/x", span).maxMs(), span);
            }
            assertEquals(0, later.totalRequests());

            m.record("GET", "/x", 50 * MS, 200); // C, two hours later
            PerformanceStats withC = m.stats();
            for (String span : List.of("1m", "5m", "1h")) {
                assertEquals(1, overall(withC, span).totalRequests(), span);
                assertEquals(50.0, overall(withC, span).maxMs(), span);
                assertEquals(0, overall(withC, span).errorRequests(), span);
            }
        }

        @Test
        @DisplayName("the 5m span ends exactly five minutes back and the 1h span an hour back")
        void spanEdges() {
            PerformanceMonitor m = monitor();
            m.record("GET", "/x", MS, 200); // 12:00:00
            clock.advance(Duration.ofMinutes(4).plusSeconds(59));
            assertEquals(1, overall(m.stats(), "5m").totalRequests());
            clock.advance(Duration.ofSeconds(1)); // 12:05:00
            assertEquals(0, overall(m.stats(), "5m").totalRequests());
            assertEquals(1, overall(m.stats(), "1h").totalRequests());
            clock.set(START + Duration.ofMinutes(59).plusSeconds(59).toMillis());
            assertEquals(1, overall(m.stats(), "1h").totalRequests());
            clock.set(START + Duration.ofHours(1).toMillis());
            assertEquals(0, overall(m.stats(), "1h").totalRequests());
        }
    }

    @Nested
    @DisplayName("the endpoint cap")
    class Cap {

        @Test
        @DisplayName("folds endpoints beyond the cap into _other, keeping the first ones on their own")
        void folds() {
            PerformanceMonitor m = monitor(Duration.ofMillis(100), 2);
            m.record("GET", "/a", MS, 200);
            m.record("GET", "/b", MS, 200);
            m.record("GET", "/c", MS, 500);
            m.record("POST", "/a", MS, 200); // another method is another endpoint
            m.record("GET", "/a", MS, 200); // still tracked
            PerformanceStats s = m.stats();
            assertEquals(2, s.trackedEndpoints());
            assertEquals(2, window(s, "GET", "/a", "1h").totalRequests());
            assertEquals(1, window(s, "GET", "/b", "1h").totalRequests());
            assertTrue(s.endpoint("GET", "/c").isEmpty());
            assertTrue(s.endpoint("POST", "/a").isEmpty());
            // one _other for every method, so that random methods cannot grow the table
            assertEquals(2, window(s, "*", PerformanceStats.OTHER, "1h").totalRequests());
            assertEquals(1, window(s, "*", PerformanceStats.OTHER, "1h").errorRequests());
            assertEquals(2, s.foldedRequests());
            assertEquals(2, s.foldedEndpoints());
            assertEquals(5, s.totalRequests());
        }

        @ParameterizedTest(name = "{0} distinct folded endpoints")
        @ValueSource(ints = {1_000, 20_000})
        @DisplayName("counts folded requests exactly and estimates distinct folded endpoints within 5%")
        void estimate(int distinct) {
            PerformanceMonitor m = monitor(Duration.ofMillis(100), 10);
            for (int i = 0; i < 10; i++) {
                m.record("GET", "/tracked/" + i, MS, 200);
            }
            long folded = 0;
            for (int i = 0; i < distinct; i++) {
                String endpoint = "/api/v1/items/" + i + "/details";
                int repeats = 1 + (i % 3);
                for (int r = 0; r < repeats; r++) {
                    m.record("GET", endpoint, MS, 200);
                    folded++;
                }
            }
            PerformanceStats s = m.stats();
            assertEquals(10, s.trackedEndpoints());
            assertEquals(folded, s.foldedRequests());
            assertEquals(folded, m.foldedRequests());
            assertEquals(folded, window(s, "*", PerformanceStats.OTHER, "1h").totalRequests());
            long estimate = s.foldedEndpoints();
            assertEquals(estimate, m.foldedEndpoints());
            assertTrue(Math.abs(estimate - distinct) <= distinct * 0.05,
                    () -> "estimated " + estimate + " distinct folded endpoints, true " + distinct);
            assertEquals(11, s.endpoints().size());
        }

        @Test
        @DisplayName("estimates distinct folded endpoints within 5% for paths without templates too")
        void estimateRawPaths() {
            PerformanceMonitor m = monitor(Duration.ofMillis(100), 1);
            m.record("GET", "/", MS, 200);
            int distinct = 20_000;
            for (int i = 0; i < distinct; i++) {
                m.record(i % 2 == 0 ? "GET" : "POST", "/u/" + Integer.toHexString(i * 7919), MS, 200);
            }
            long estimate = m.foldedEndpoints();
            assertTrue(Math.abs(estimate - distinct) <= distinct * 0.05,
                    () -> "estimated " + estimate + " distinct folded endpoints, true " + distinct);
        }
    }

    @Nested
    @DisplayName("endpointOf")
    class EndpointOf {

        @Test
        @DisplayName("is the route template when there is one, whatever the status")
        void template() {
            assertEquals("/videos/{id}", PerformanceMonitor.endpointOf("/videos/{id}", "/videos/42", 200));
            assertEquals("/videos/{id}", PerformanceMonitor.endpointOf("/videos/{id}", "/videos/42", 404));
            assertEquals("/videos/{id}", PerformanceMonitor.endpointOf("/videos/{id}", "/videos/42", 500));
        }

        @Test
        @DisplayName("is _unmatched for a 404 without a template (null or empty)")
        void unmatched() {
            assertEquals("_unmatched", PerformanceMonitor.endpointOf(null, "/wp-admin.php", 404));
            assertEquals("_unmatched", PerformanceMonitor.endpointOf("", "/wp-admin.php", 404));
            assertEquals(PerformanceStats.UNMATCHED, "_unmatched");
        }

        @Test
        @DisplayName("is the path for any other status without a template")
        void path() {
            assertEquals("/health", PerformanceMonitor.endpointOf(null, "/health", 200));
            assertEquals("/x", PerformanceMonitor.endpointOf(null, "/x", 500));
            assertEquals("/x", PerformanceMonitor.endpointOf("", "/x", 405));
        }
    }

    @Nested
    @DisplayName("under concurrency")
    class Concurrency {

        @Test
        @DisplayName("8 threads × 50,000 records on 4 endpoints give exact totals")
        void exactTotals() throws Exception {
            PerformanceMonitor m = monitor(Duration.ofMillis(100), 64);
            int threads = 8;
            int perThread = 50_000;
            String[] names = {"/a", "/b", "/c", "/d"};
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            int status = i % 10 == 0 ? 500 : i % 10 == 1 ? 404 : 200;
                            long nanos = i % 5 == 0 ? 200 * MS : MS;
                            m.record("GET", names[i % 4], nanos, status);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long total = (long) threads * perThread;
            PerformanceStats s = m.stats();
            assertEquals(total, s.totalRequests());
            assertEquals(total / 10, s.overall().lastHour().errorRequests());
            assertEquals(total / 10, overall(s, "1m").clientErrorRequests());
            assertEquals(total / 5, s.overall().lastHour().slowRequests());
            assertEquals(4, s.trackedEndpoints());
            assertEquals(0, s.foldedRequests());
            // i % 4 and i % 10, i % 5 per endpoint: count each endpoint's share exactly
            for (int e = 0; e < 4; e++) {
                long count = 0;
                long errors = 0;
                long slow = 0;
                for (int i = 0; i < perThread; i++) {
                    if (i % 4 == e) {
                        count++;
                        errors += i % 10 == 0 ? 1 : 0;
                        slow += i % 5 == 0 ? 1 : 0;
                    }
                }
                PerformanceStats.Window w = window(s, "GET", names[e], "1h");
                assertEquals(count * threads, w.totalRequests(), names[e]);
                assertEquals(errors * threads, w.errorRequests(), names[e]);
                assertEquals(slow * threads, w.slowRequests(), names[e]);
            }
        }

        @Test
        @DisplayName("never folds a request of a tracked endpoint, even when threads race for the last slot")
        void raceForLastSlot() throws Exception {
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 1_000; round++) {
                    PerformanceMonitor m = monitor(Duration.ofMillis(100), 1);
                    java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(threads);
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        done.add(pool.submit(() -> {
                            go.await();
                            m.record("GET", "/only", MS, 200);
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    int r = round;
                    assertEquals(0, m.foldedRequests(),
                            () -> "round " + r + ": a request of the one tracked endpoint went to _other");
                    assertEquals(threads, window(m.stats(), "GET", "/only", "1m").totalRequests());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("configuration")
    class Config {

        @Test
        @DisplayName("refuses a zero or negative slow threshold, naming performance.slow_request_threshold")
        void slowThreshold() {
            for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(-1))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> PerformanceConfig.builder().slowRequestThreshold(bad));
                assertTrue(e.getMessage().contains("performance.slow_request_threshold"), e.getMessage());
            }
            assertEquals(Duration.ofNanos(1),
                    PerformanceConfig.builder().slowRequestThreshold(Duration.ofNanos(1)).build().slowRequestThreshold());
        }

        @ParameterizedTest(name = "maxEndpoints({0})")
        @ValueSource(ints = {0, -1, 10_001, Integer.MAX_VALUE})
        @DisplayName("refuses maxEndpoints outside 1..10,000, naming performance.max_endpoints")
        void maxEndpoints(int bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PerformanceConfig.builder().maxEndpoints(bad));
            assertTrue(e.getMessage().contains("performance.max_endpoints"), e.getMessage());
        }

        @Test
        @DisplayName("accepts the bounds and has the documented defaults (1000 ms, 64 endpoints)")
        void boundsAndDefaults() {
            assertEquals(1, PerformanceConfig.builder().maxEndpoints(1).build().maxEndpoints());
            assertEquals(10_000, PerformanceConfig.builder().maxEndpoints(10_000).build().maxEndpoints());
            PerformanceConfig d = PerformanceConfig.builder().build();
            assertEquals(Duration.ofMillis(1000), d.slowRequestThreshold());
            assertEquals(64, d.maxEndpoints());
        }
    }

    // ---- property: per-endpoint totals against a naive model ----

    record Rec(int endpoint, long latencyMicros, int status) {
    }

    @Provide
    Arbitrary<List<Rec>> recordings() {
        Arbitrary<Rec> rec = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 200_000), Arbitraries.of(99_999L, 100_000L, 100_001L)),
                Arbitraries.of(200, 201, 302, 400, 404, 429, 499, 500, 503, 599))
                .as(Rec::new);
        return rec.list().ofMaxSize(200);
    }

    @Property(tries = 150)
    @Label("per-endpoint totals, errors, client errors and slow counts equal a naive model")
    void matchesNaiveModel(@ForAll("recordings") List<Rec> recs) {
        PerformanceMonitor m = new PerformanceMonitor(PerformanceConfig.builder()
                .slowRequestThreshold(Duration.ofMillis(100)).maxEndpoints(64).build(), new FakeClock(START));
        Map<String, long[]> model = new HashMap<>();
        long[] all = new long[4];
        for (Rec r : recs) {
            String endpoint = "/e" + r.endpoint();
            long nanos = r.latencyMicros() * 1_000;
            boolean slow = m.record(r.endpoint() % 2 == 0 ? "GET" : "POST", endpoint, nanos, r.status());
            long[] c = model.computeIfAbsent(endpoint, k -> new long[4]);
            boolean modelSlow = nanos >= 100 * MS;
            assertEquals(modelSlow, slow);
            for (long[] x : new long[][] {c, all}) {
                x[0]++;
                x[1] += r.status() >= 500 ? 1 : 0;
                x[2] += r.status() >= 400 && r.status() < 500 ? 1 : 0;
                x[3] += modelSlow ? 1 : 0;
            }
        }
        PerformanceStats s = m.stats();
        assertEquals(model.size(), s.endpoints().size());
        for (Map.Entry<String, long[]> e : model.entrySet()) {
            int index = Integer.parseInt(e.getKey().substring(2));
            String method = index % 2 == 0 ? "GET" : "POST";
            for (String span : List.of("1m", "5m", "1h")) {
                PerformanceStats.Window w = window(s, method, e.getKey(), span);
                assertEquals(e.getValue()[0], w.totalRequests());
                assertEquals(e.getValue()[1], w.errorRequests());
                assertEquals(e.getValue()[2], w.clientErrorRequests());
                assertEquals(e.getValue()[3], w.slowRequests());
            }
        }
        PerformanceStats.Window h = overall(s, "1h");
        assertEquals(all[0], h.totalRequests());
        assertEquals(all[1], h.errorRequests());
        assertEquals(all[2], h.clientErrorRequests());
        assertEquals(all[3], h.slowRequests());
    }
}
