package dev.faultline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertNotNull(o);
        return (Map<String, Object>) o;
    }

    static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertNotNull(v, () -> key + " missing in " + m);
        return ((Number) v).longValue();
    }

    static double dbl(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertNotNull(v, () -> key + " missing in " + m);
        return ((Number) v).doubleValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> endpoints(Map<String, Object> stats) {
        return (List<Map<String, Object>>) stats.get("endpoints");
    }

    static Map<String, Object> entry(Map<String, Object> stats, String method, String endpoint) {
        for (Map<String, Object> e : endpoints(stats)) {
            if (method.equals(e.get("method")) && endpoint.equals(e.get("endpoint"))) {
                return e;
            }
        }
        return null;
    }

    /** One window ("1m", "5m", "1h") of an endpoint, or of the whole monitor when method is null. */
    static Map<String, Object> window(Map<String, Object> stats, String method, String endpoint, String span) {
        Map<String, Object> owner = method == null ? stats : entry(stats, method, endpoint);
        assertNotNull(owner, () -> method + " " + endpoint + " not in " + stats);
        return map(map(owner.get("windows")).get(span));
    }

    static Map<String, Object> overall(Map<String, Object> stats, String span) {
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

            Map<String, Object> s = m.stats();
            assertEquals(1, num(overall(s, "1m"), "total_requests"), "only the current minute's");
            assertEquals(2, num(overall(s, "5m"), "total_requests"));
            assertEquals(1, num(window(s, "GET", "/videos/{id}", "1m"), "total_requests"));
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

            Map<String, Object> s = m.stats();
            assertEquals(6, num(s, "total_requests"));
            assertEquals(6, num(overall(s, "1h"), "total_requests"));
            assertEquals(3, num(window(s, "GET", "/videos/{id}", "1h"), "total_requests"));
            assertEquals(2, num(window(s, "POST", "/videos", "1h"), "total_requests"));
            assertEquals(1, num(window(s, "DELETE", "/videos/{id}", "1h"), "total_requests"));
            assertEquals(3, endpoints(s).size());
            assertEquals(3, num(s, "tracked_endpoints"));
            assertEquals(3, m.trackedEndpoints());
            assertEquals(64, num(s, "max_endpoints"));
            assertEquals(0, num(s, "folded_requests"));
            assertEquals(0, num(s, "folded_endpoints"));
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
            List<Object> order = endpoints(m.stats()).stream().map(e -> e.get("endpoint")).map(Object.class::cast).toList();
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
            Map<String, Object> s = m.stats();
            for (Map<String, Object> w : List.of(overall(s, "1h"), window(s, "GET", "/x", "1m"),
                    window(s, "GET", "/x", "5m"), window(s, "GET", "/x", "1h"))) {
                assertEquals(12, num(w, "total_requests"));
                assertEquals(4, num(w, "error_requests"), w::toString);
                assertEquals(4, num(w, "client_error_requests"), w::toString);
            }
            assertEquals(4, num(s, "error_requests"));
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
            Map<String, Object> s = m.stats();
            assertEquals(3, num(s, "slow_requests"));
            assertEquals(3, num(window(s, "GET", "/x", "1m"), "slow_requests"));
            assertEquals(100, num(s, "slow_request_threshold_ms"));
        }

        @Test
        @DisplayName("reports zeros, not NaN or failures, when nothing was recorded")
        void empty() {
            Map<String, Object> s = monitor().stats();
            assertEquals(0, num(s, "total_requests"));
            assertEquals(0.0, dbl(s, "average_duration_ms"));
            for (String span : List.of("1m", "5m", "1h")) {
                Map<String, Object> w = overall(s, span);
                assertEquals(0, num(w, "total_requests"));
                assertEquals(0.0, dbl(w, "p50_ms"));
                assertEquals(0.0, dbl(w, "p99_ms"));
                assertEquals(0.0, dbl(w, "max_ms"));
            }
            assertEquals(List.of(), endpoints(s));
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
            Map<String, Object> s = m.stats();
            for (Map<String, Object> w : List.of(overall(s, "1m"), overall(s, "5m"), overall(s, "1h"),
                    window(s, "GET", "/x", "1m"), window(s, "GET", "/x", "1h"))) {
                assertEquals(50.5, dbl(w, "average_duration_ms"), 0.0011);
                assertEquals(100.0, dbl(w, "max_ms"));
                near(50, dbl(w, "p50_ms"), "p50");
                near(90, dbl(w, "p90_ms"), "p90");
                near(99, dbl(w, "p99_ms"), "p99");
            }
            assertEquals(50.5, dbl(s, "average_duration_ms"), 0.0011);
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
            Map<String, Object> s = m.stats();
            Map<String, Object> fast = window(s, "GET", "/fast", "1h");
            Map<String, Object> slow = window(s, "GET", "/slow", "1h");
            assertEquals(2.0, dbl(fast, "average_duration_ms"), 0.0011);
            near(2, dbl(fast, "p99_ms"), "fast p99");
            assertEquals(2.0, dbl(fast, "max_ms"));
            near(800, dbl(slow, "p50_ms"), "slow p50");
            assertEquals(1_600.0, dbl(slow, "max_ms"));
            assertEquals(1_600.0, dbl(overall(s, "1h"), "max_ms"));
            near((10 * 2 + 10 * 800 + 1_600) / 21.0, dbl(overall(s, "1h"), "average_duration_ms"), "overall mean");
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

            Map<String, Object> s = m.stats();
            for (String owner : new String[] {null, "/x"}) {
                String method = owner == null ? null : "GET";
                Map<String, Object> m1 = window(s, method, owner, "1m");
                Map<String, Object> m5 = window(s, method, owner, "5m");
                Map<String, Object> h1 = window(s, method, owner, "1h");
                assertEquals(1, num(m1, "total_requests"), m1::toString);
                assertEquals(1, num(m1, "error_requests"));
                assertEquals(30.0, dbl(m1, "max_ms"));
                assertEquals(2, num(m5, "total_requests"));
                assertEquals(2, num(h1, "total_requests"));
                assertEquals(20.0, dbl(m5, "average_duration_ms"), 0.0011);
            }

            clock.advance(Duration.ofHours(2));
            Map<String, Object> later = m.stats();
            for (String span : List.of("1m", "5m", "1h")) {
                assertEquals(0, num(overall(later, span), "total_requests"), span);
                assertEquals(0, num(window(later, "GET", "/x", span), "total_requests"), span);
                assertEquals(0.0, dbl(window(later, "GET", "/x", span), "max_ms"), span);
            }
            assertEquals(0, num(later, "total_requests"));

            m.record("GET", "/x", 50 * MS, 200); // C, two hours later
            Map<String, Object> withC = m.stats();
            for (String span : List.of("1m", "5m", "1h")) {
                assertEquals(1, num(overall(withC, span), "total_requests"), span);
                assertEquals(50.0, dbl(overall(withC, span), "max_ms"), span);
                assertEquals(0, num(overall(withC, span), "error_requests"), span);
            }
        }

        @Test
        @DisplayName("the 5m span ends exactly five minutes back and the 1h span an hour back")
        void spanEdges() {
            PerformanceMonitor m = monitor();
            m.record("GET", "/x", MS, 200); // 12:00:00
            clock.advance(Duration.ofMinutes(4).plusSeconds(59));
            assertEquals(1, num(overall(m.stats(), "5m"), "total_requests"));
            clock.advance(Duration.ofSeconds(1)); // 12:05:00
            assertEquals(0, num(overall(m.stats(), "5m"), "total_requests"));
            assertEquals(1, num(overall(m.stats(), "1h"), "total_requests"));
            clock.set(START + Duration.ofMinutes(59).plusSeconds(59).toMillis());
            assertEquals(1, num(overall(m.stats(), "1h"), "total_requests"));
            clock.set(START + Duration.ofHours(1).toMillis());
            assertEquals(0, num(overall(m.stats(), "1h"), "total_requests"));
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
            Map<String, Object> s = m.stats();
            assertEquals(2, num(s, "tracked_endpoints"));
            assertEquals(2, num(window(s, "GET", "/a", "1h"), "total_requests"));
            assertEquals(1, num(window(s, "GET", "/b", "1h"), "total_requests"));
            assertNull(entry(s, "GET", "/c"));
            assertNull(entry(s, "POST", "/a"));
            // one _other for every method, so that random methods cannot grow the table
            assertEquals(2, num(window(s, "*", PerformanceMonitor.OTHER, "1h"), "total_requests"));
            assertEquals(1, num(window(s, "*", PerformanceMonitor.OTHER, "1h"), "error_requests"));
            assertEquals(2, num(s, "folded_requests"));
            assertEquals(2, num(s, "folded_endpoints"));
            assertEquals(5, num(s, "total_requests"));
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
            Map<String, Object> s = m.stats();
            assertEquals(10, num(s, "tracked_endpoints"));
            assertEquals(folded, num(s, "folded_requests"));
            assertEquals(folded, m.foldedRequests());
            assertEquals(folded, num(window(s, "*", PerformanceMonitor.OTHER, "1h"), "total_requests"));
            long estimate = num(s, "folded_endpoints");
            assertEquals(estimate, m.foldedEndpoints());
            assertTrue(Math.abs(estimate - distinct) <= distinct * 0.05,
                    () -> "estimated " + estimate + " distinct folded endpoints, true " + distinct);
            assertEquals(11, endpoints(s).size());
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
            assertEquals(PerformanceMonitor.UNMATCHED, "_unmatched");
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
            Map<String, Object> s = m.stats();
            assertEquals(total, num(s, "total_requests"));
            assertEquals(total / 10, num(s, "error_requests"));
            assertEquals(total / 10, num(overall(s, "1m"), "client_error_requests"));
            assertEquals(total / 5, num(s, "slow_requests"));
            assertEquals(4, num(s, "tracked_endpoints"));
            assertEquals(0, num(s, "folded_requests"));
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
                Map<String, Object> w = window(s, "GET", names[e], "1h");
                assertEquals(count * threads, num(w, "total_requests"), names[e]);
                assertEquals(errors * threads, num(w, "error_requests"), names[e]);
                assertEquals(slow * threads, num(w, "slow_requests"), names[e]);
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
                    assertEquals(threads, num(window(m.stats(), "GET", "/only", "1m"), "total_requests"));
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
        Map<String, Object> s = m.stats();
        assertEquals(model.size(), endpoints(s).size());
        for (Map.Entry<String, long[]> e : model.entrySet()) {
            int index = Integer.parseInt(e.getKey().substring(2));
            String method = index % 2 == 0 ? "GET" : "POST";
            for (String span : List.of("1m", "5m", "1h")) {
                Map<String, Object> w = window(s, method, e.getKey(), span);
                assertEquals(e.getValue()[0], num(w, "total_requests"));
                assertEquals(e.getValue()[1], num(w, "error_requests"));
                assertEquals(e.getValue()[2], num(w, "client_error_requests"));
                assertEquals(e.getValue()[3], num(w, "slow_requests"));
            }
        }
        Map<String, Object> h = overall(s, "1h");
        assertEquals(all[0], num(h, "total_requests"));
        assertEquals(all[1], num(h, "error_requests"));
        assertEquals(all[2], num(h, "client_error_requests"));
        assertEquals(all[3], num(h, "slow_requests"));
    }
}
