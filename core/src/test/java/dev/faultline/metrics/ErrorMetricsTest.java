package dev.faultline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Error metrics")
class ErrorMetricsTest {

    static final long START = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    final FakeClock clock = new FakeClock(START);

    ErrorMetrics metrics() {
        return new ErrorMetrics(clock, 24, 64);
    }

    ErrorEvent event(ErrorType type, ErrorSeverity severity, String endpoint) {
        return new ErrorEvent(clock.instant(), "req", type, severity, type.status(), endpoint, "GET", null, null,
                "fp", "java.lang.RuntimeException", "boom", "none");
    }

    ErrorEvent event(ErrorType type, String endpoint) {
        return event(type, type.severity(), endpoint);
    }

    /** One failed request and its error, as an exchange records them. */
    void fail(ErrorMetrics m, ErrorType type, String endpoint) {
        m.recordRequest(true);
        m.recordError(event(type, endpoint));
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
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> hourly(Map<String, Object> trends) {
        return (List<Map<String, Object>>) trends.get("hourly_counts");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> minutesOf(Map<String, Object> metrics) {
        return (List<Map<String, Object>>) metrics.get("per_minute");
    }

    static List<Long> hourlyErrors(Map<String, Object> trends) {
        return hourly(trends).stream().map(h -> ((Number) h.get("errors")).longValue()).toList();
    }

    static Map<String, Long> longs(Object o) {
        Map<String, Long> out = new LinkedHashMap<>();
        map(o).forEach((k, v) -> out.put(k, ((Number) v).longValue()));
        return out;
    }

    @Nested
    @DisplayName("metrics()")
    class Metrics {

        @Test
        @DisplayName("counts a request at the clock reading the caller passes")
        void requestAtCallersReading() {
            ErrorMetrics m = metrics();
            m.recordRequest(false, START - Duration.ofHours(2).toMillis()); // outside the last hour
            m.recordRequest(true, START);
            Map<String, Object> r = m.metrics();
            assertEquals(2, num(r, "total_requests"));
            assertEquals(1, num(r, "recent_requests"));
            assertEquals(1.0, dbl(r, "error_ratio"));
        }

        @Test
        @DisplayName("reports exact counts by type, severity and endpoint for a known mix")
        void knownMix() {
            ErrorMetrics m = metrics();
            for (int i = 0; i < 6; i++) {
                m.recordRequest(false);
            }
            fail(m, ErrorType.VALIDATION, "/a");
            fail(m, ErrorType.INTERNAL, "/b");
            fail(m, ErrorType.INTERNAL, "/b");
            m.recordRequest(true);
            m.recordError(event(ErrorType.DATABASE, ErrorSeverity.CRITICAL, "/c"));
            clock.advance(Duration.ofSeconds(30));
            fail(m, ErrorType.INTERNAL, "/c");
            m.recordRequest(true);
            m.recordError(event(ErrorType.TIMEOUT, ErrorSeverity.CRITICAL, "/c")); // severity overridden

            Map<String, Object> r = m.metrics();
            assertEquals(6, num(r, "total_errors"));
            assertEquals(6, num(r, "recent_errors"));
            assertEquals(12, num(r, "total_requests"));
            assertEquals(12, num(r, "recent_requests"));
            assertEquals(0.5, dbl(r, "error_ratio"));
            assertEquals(Map.of("validation", 1L, "internal", 3L, "database", 1L, "timeout", 1L), longs(r.get("by_type")));
            assertEquals(Map.of("low", 1L, "high", 3L, "critical", 2L), longs(r.get("by_severity")));
            Map<String, Long> byEndpoint = longs(r.get("by_endpoint"));
            assertEquals(Map.of("/c", 3L, "/b", 2L, "/a", 1L), byEndpoint);
            assertEquals(List.of("/c", "/b", "/a"), List.copyOf(byEndpoint.keySet()), "sorted by count, largest first");
        }

        @Test
        @DisplayName("is all zeros without traffic, with no NaN")
        void empty() {
            Map<String, Object> r = metrics().metrics();
            assertEquals(0, num(r, "total_errors"));
            assertEquals(0, num(r, "recent_errors"));
            assertEquals(0, num(r, "total_requests"));
            assertEquals(0.0, dbl(r, "error_ratio"));
            assertEquals(0.0, dbl(r, "error_rate_per_minute"));
            assertEquals(Map.of(), r.get("by_type"));
            assertEquals(Map.of(), r.get("by_severity"));
            assertEquals(Map.of(), r.get("by_endpoint"));
        }

        @Test
        @DisplayName("error_rate_per_minute divides by the minutes elapsed so far (the current one included)")
        void rateEarly() {
            ErrorMetrics m = metrics();
            for (int i = 0; i < 30; i++) {
                fail(m, ErrorType.INTERNAL, "/x");
            }
            assertEquals(30.0, dbl(m.metrics(), "error_rate_per_minute"));
            clock.advance(Duration.ofMinutes(9).plusSeconds(30));
            assertEquals(3.0, dbl(m.metrics(), "error_rate_per_minute"));
        }

        @Test
        @DisplayName("error_rate_per_minute is over the last 60 minutes once an hour has gone by")
        void rateSteady() {
            ErrorMetrics m = metrics();
            for (int minute = 0; minute < 120; minute++) {
                fail(m, ErrorType.INTERNAL, "/x");
                if (minute % 2 == 0) {
                    fail(m, ErrorType.VALIDATION, "/x");
                }
                if (minute < 119) {
                    clock.advance(Duration.ofMinutes(1));
                }
            }
            Map<String, Object> r = m.metrics();
            assertEquals(180, num(r, "total_errors"));
            assertEquals(90, num(r, "recent_errors"));
            assertEquals(1.5, dbl(r, "error_rate_per_minute"));
            assertEquals(Map.of("internal", 60L, "validation", 30L), longs(r.get("by_type")));
        }

        @Test
        @DisplayName("forgets events older than 60 minutes in recent_* but keeps them in total_errors")
        void recentWindow() {
            ErrorMetrics m = metrics();
            for (int i = 0; i < 5; i++) {
                fail(m, ErrorType.INTERNAL, "/old");
            }
            m.recordRequest(false);
            clock.advance(Duration.ofMinutes(59).plusSeconds(59));
            Map<String, Object> before = m.metrics();
            assertEquals(5, num(before, "recent_errors"));
            assertEquals(6, num(before, "recent_requests"));

            clock.advance(Duration.ofSeconds(1)); // 13:00:00: the 12:00 minute left the hour
            fail(m, ErrorType.VALIDATION, "/new");
            Map<String, Object> after = m.metrics();
            assertEquals(6, num(after, "total_errors"));
            assertEquals(1, num(after, "recent_errors"));
            assertEquals(7, num(after, "total_requests"));
            assertEquals(1, num(after, "recent_requests"));
            assertEquals(1.0, dbl(after, "error_ratio"));
            assertEquals(Map.of("validation", 1L), longs(after.get("by_type")));
            assertEquals(Map.of("low", 1L), longs(after.get("by_severity")));
            assertEquals(Map.of("/new", 1L), longs(after.get("by_endpoint")));
        }

        @Test
        @DisplayName("per_minute lists the last 60 minutes oldest first, the current one last, summing to recent_*")
        void perMinute() {
            ErrorMetrics m = metrics();
            clock.advance(Duration.ofSeconds(20)); // 12:00:20
            fail(m, ErrorType.INTERNAL, "/a");
            m.recordRequest(false);
            clock.advance(Duration.ofMinutes(2)); // 12:02:20
            fail(m, ErrorType.VALIDATION, "/a");
            fail(m, ErrorType.DATABASE, "/b");
            m.recordRequest(false);
            m.recordRequest(false);
            clock.advance(Duration.ofMinutes(1)); // 12:03:20, nothing yet in this minute

            Map<String, Object> r = m.metrics();
            List<Map<String, Object>> minutes = minutesOf(r);
            assertEquals(60, minutes.size());
            assertEquals("2024-05-01T11:04:00Z", minutes.get(0).get("minute"));
            assertEquals("2024-05-01T12:03:00Z", minutes.get(59).get("minute"), "the current minute last");
            assertEquals(Map.of("minute", "2024-05-01T12:00:00Z", "errors", 1L, "requests", 2L), minutes.get(56));
            assertEquals(Map.of("minute", "2024-05-01T12:01:00Z", "errors", 0L, "requests", 0L), minutes.get(57));
            assertEquals(Map.of("minute", "2024-05-01T12:02:00Z", "errors", 2L, "requests", 4L), minutes.get(58));
            assertEquals(Map.of("minute", "2024-05-01T12:03:00Z", "errors", 0L, "requests", 0L), minutes.get(59));
            assertEquals(num(r, "recent_errors"), minutes.stream().mapToLong(x -> (Long) x.get("errors")).sum());
            assertEquals(num(r, "recent_requests"), minutes.stream().mapToLong(x -> (Long) x.get("requests")).sum());
            assertEquals(24, num(r, "retention_hours"));

            clock.advance(Duration.ofMinutes(57)); // 13:00:20: the 12:00 minute has left the hour
            List<Map<String, Object>> later = minutesOf(m.metrics());
            assertEquals("2024-05-01T12:01:00Z", later.get(0).get("minute"));
            assertEquals(2L, later.get(1).get("errors"));
            assertEquals(2, num(m.metrics(), "recent_errors"));
        }

        @Test
        @DisplayName("per_minute is 60 zero minutes without traffic")
        void perMinuteEmpty() {
            List<Map<String, Object>> minutes = minutesOf(metrics().metrics());
            assertEquals(60, minutes.size());
            assertTrue(minutes.stream().allMatch(x -> x.get("errors").equals(0L) && x.get("requests").equals(0L)));
        }

        @Test
        @DisplayName("folds endpoints beyond the cap into _other")
        void endpointCap() {
            ErrorMetrics m = new ErrorMetrics(clock, 24, 3);
            fail(m, ErrorType.INTERNAL, "/a");
            fail(m, ErrorType.INTERNAL, "/b");
            fail(m, ErrorType.INTERNAL, "/c");
            for (String extra : List.of("/d", "/e", "/f", "/d")) {
                fail(m, ErrorType.INTERNAL, extra);
            }
            fail(m, ErrorType.INTERNAL, "/a"); // still on its own
            Map<String, Long> byEndpoint = longs(m.metrics().get("by_endpoint"));
            assertEquals(Map.of("_other", 4L, "/a", 2L, "/b", 1L, "/c", 1L), byEndpoint);
            assertEquals("_other", byEndpoint.keySet().iterator().next());
            assertEquals(8, num(m.metrics(), "total_errors"));
        }
    }

    @Nested
    @DisplayName("trends(hours)")
    class Trends {

        @Test
        @DisplayName("lists hourly counts oldest first, exact across hour boundaries")
        void hourlyAcrossBoundaries() {
            clock.set(Instant.parse("2024-05-01T12:30:00Z").toEpochMilli());
            ErrorMetrics m = metrics();
            fail(m, ErrorType.INTERNAL, "/x");
            fail(m, ErrorType.INTERNAL, "/x");
            m.recordRequest(false);
            clock.set(Instant.parse("2024-05-01T12:59:59.999Z").toEpochMilli());
            fail(m, ErrorType.INTERNAL, "/x"); // last millisecond of 12:00
            clock.set(Instant.parse("2024-05-01T13:00:00Z").toEpochMilli());
            fail(m, ErrorType.VALIDATION, "/x"); // first millisecond of 13:00
            clock.set(Instant.parse("2024-05-01T13:10:00Z").toEpochMilli());
            fail(m, ErrorType.VALIDATION, "/x");
            fail(m, ErrorType.VALIDATION, "/x");
            clock.set(Instant.parse("2024-05-01T15:10:00Z").toEpochMilli()); // 14:00 stays empty
            fail(m, ErrorType.DATABASE, "/x");

            Map<String, Object> t = m.trends(4);
            assertEquals(4, num(t, "hours"));
            List<Map<String, Object>> hours = hourly(t);
            assertEquals(List.of("2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z", "2024-05-01T14:00:00Z",
                    "2024-05-01T15:00:00Z"), hours.stream().map(h -> h.get("hour")).toList());
            assertEquals(List.of(3L, 3L, 0L, 1L), hourlyErrors(t));
            assertEquals(List.of(4L, 3L, 0L, 1L), hours.stream().map(h -> ((Number) h.get("requests")).longValue()).toList());
            assertEquals(7, num(t, "total_errors"));
            assertEquals(1.75, dbl(t, "average_errors_per_hour"));
            Map<String, Object> peak = map(t.get("peak"));
            assertEquals("2024-05-01T12:00:00Z", peak.get("hour"), "the first of equal peaks");
            assertEquals(3, num(peak, "errors"));
            assertEquals("decreasing", t.get("direction"));

            Map<String, Object> two = m.trends(2);
            assertEquals(List.of(0L, 1L), hourlyErrors(two));
            assertEquals(0.5, dbl(two, "average_errors_per_hour"));
            assertEquals("2024-05-01T15:00:00Z", map(two.get("peak")).get("hour"));
            assertEquals("increasing", two.get("direction"));

            Map<String, Object> day = m.trends(24);
            assertEquals(24, hourly(day).size());
            assertEquals(7, num(day, "total_errors"));
            assertEquals("2024-04-30T16:00:00Z", hourly(day).get(0).get("hour"));
        }

        /** Records {@code counts[i]} errors in hour i, the last one being the current hour. */
        ErrorMetrics series(long... counts) {
            ErrorMetrics m = metrics();
            for (int h = 0; h < counts.length; h++) {
                if (h > 0) {
                    clock.advance(Duration.ofHours(1));
                }
                for (long i = 0; i < counts[h]; i++) {
                    fail(m, ErrorType.INTERNAL, "/x");
                }
            }
            return m;
        }

        @Test
        @DisplayName("direction is increasing when the newer half is over 20% above the older")
        void increasing() {
            Map<String, Object> t = series(1, 1, 5, 5).trends(4);
            assertEquals(List.of(1L, 1L, 5L, 5L), hourlyErrors(t));
            assertEquals("increasing", t.get("direction"));
            assertEquals(3.0, dbl(t, "average_errors_per_hour"));
            assertEquals(5, num(map(t.get("peak")), "errors"));
        }

        @Test
        @DisplayName("direction is decreasing when the newer half is over 20% below the older")
        void decreasing() {
            assertEquals("decreasing", series(10, 8, 2, 1).trends(4).get("direction"));
        }

        @Test
        @DisplayName("direction is stable for a flat series, a small change and a single hour")
        void stable() {
            assertEquals("stable", series(3, 3, 3, 3).trends(4).get("direction"));
            clock.set(START);
            assertEquals("stable", series(10, 10, 11, 11).trends(4).get("direction"));
            clock.set(START);
            assertEquals("stable", series(0, 0, 0, 0).trends(4).get("direction"));
            clock.set(START);
            Map<String, Object> one = series(7).trends(1);
            assertEquals("stable", one.get("direction"));
            assertEquals(List.of(7L), hourlyErrors(one));
        }

        @Test
        @DisplayName("peak is zero with no hour when nothing happened")
        void emptyPeak() {
            Map<String, Object> t = metrics().trends(3);
            assertEquals(List.of(0L, 0L, 0L), hourlyErrors(t));
            assertEquals(0, num(map(t.get("peak")), "errors"));
            assertEquals(0.0, dbl(t, "average_errors_per_hour"));
            assertEquals("stable", t.get("direction"));
        }

        @ParameterizedTest(name = "trends({0})")
        @ValueSource(ints = {0, -1, 25, Integer.MAX_VALUE})
        @DisplayName("refuses hours outside 1..retention")
        void badHours(int hours) {
            ErrorMetrics m = metrics();
            assertThrows(IllegalArgumentException.class, () -> m.trends(hours));
        }

        @Test
        @DisplayName("accepts the retention itself")
        void retentionBound() {
            assertEquals(24, hourly(metrics().trends(24)).size());
            ErrorMetrics one = new ErrorMetrics(clock, 1, 8);
            assertEquals(1, hourly(one.trends(1)).size());
            assertThrows(IllegalArgumentException.class, () -> one.trends(2));
        }
    }

    @Nested
    @DisplayName("configuration")
    class Config {

        @ParameterizedTest(name = "retention {0}")
        @ValueSource(ints = {0, -1, 721})
        @DisplayName("refuses a retention outside 1..720, naming monitoring.retention_hours")
        void retention(int bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ErrorMetrics(clock, bad, 64));
            assertTrue(e.getMessage().contains("monitoring.retention_hours"), e.getMessage());
        }

        @Test
        @DisplayName("keeps the retention it was given")
        void keeps() {
            assertEquals(720, new ErrorMetrics(clock, 720, 1).retentionHours());
            assertEquals(1, new ErrorMetrics(clock, 1, 1).retentionHours());
        }

        @ParameterizedTest(name = "maxEndpoints {0}")
        @ValueSource(ints = {0, -1, 10_001})
        @DisplayName("refuses maxEndpoints outside the documented 1..10,000 with an IllegalArgumentException")
        void maxEndpoints(int bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ErrorMetrics(clock, 24, bad));
            assertTrue(e.getMessage().contains("max_endpoints"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("under concurrency")
    class Concurrency {

        @Test
        @DisplayName("8 threads recording requests and errors give exact totals")
        void exact() throws Exception {
            ErrorMetrics m = new ErrorMetrics(clock, 24, 64);
            int threads = 8;
            int perThread = 20_000;
            ErrorType[] types = {ErrorType.INTERNAL, ErrorType.VALIDATION, ErrorType.DATABASE, ErrorType.NOT_FOUND};
            String[] endpoints = {"/a", "/b", "/c", "/d", "/e"};
            ErrorEvent[][] events = new ErrorEvent[types.length][endpoints.length];
            for (int t = 0; t < types.length; t++) {
                for (int e = 0; e < endpoints.length; e++) {
                    events[t][e] = event(types[t], endpoints[e]);
                }
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            boolean failed = i % 2 == 0;
                            m.recordRequest(failed);
                            if (failed) {
                                m.recordError(events[i % types.length][i % endpoints.length]);
                            }
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
            long requests = (long) threads * perThread;
            long errors = requests / 2;
            Map<String, Object> r = m.metrics();
            assertEquals(requests, num(r, "total_requests"));
            assertEquals(errors, num(r, "total_errors"));
            assertEquals(errors, num(r, "recent_errors"));
            assertEquals(0.5, dbl(r, "error_ratio"));
            // i even: i % 4 ∈ {0, 2}; i % 5 cycles evenly over the even i of each class
            long[] byType = new long[types.length];
            long[] byEndpoint = new long[endpoints.length];
            for (int i = 0; i < perThread; i += 2) {
                byType[i % types.length] += threads;
                byEndpoint[i % endpoints.length] += threads;
            }
            Map<String, Long> expectedTypes = new LinkedHashMap<>();
            for (int t = 0; t < types.length; t++) {
                if (byType[t] > 0) {
                    expectedTypes.put(types[t].label(), byType[t]);
                }
            }
            assertEquals(expectedTypes, longs(r.get("by_type")));
            Map<String, Long> expectedEndpoints = new LinkedHashMap<>();
            for (int e = 0; e < endpoints.length; e++) {
                expectedEndpoints.put(endpoints[e], byEndpoint[e]);
            }
            assertEquals(expectedEndpoints, longs(r.get("by_endpoint")));
            assertEquals(errors, hourlyErrors(m.trends(1)).get(0));
        }

        @Test
        @DisplayName("endpoints first seen by several threads at once each keep their own slot: a race wastes none")
        void noSlotWastedByRaces() throws Exception {
            int n = 10_000; // the cap is exactly the number of endpoints
            int threads = 4;
            ErrorEvent[] events = new ErrorEvent[n];
            for (int e = 0; e < n; e++) {
                events[e] = event(ErrorType.INTERNAL, "/e" + e);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 10; round++) {
                    ErrorMetrics m = new ErrorMetrics(clock, 1, n);
                    java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(threads);
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        done.add(pool.submit(() -> {
                            go.await();
                            for (ErrorEvent e : events) {
                                m.recordError(e);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    Map<String, Long> byEndpoint = longs(m.metrics().get("by_endpoint"));
                    int r = round;
                    assertEquals(null, byEndpoint.get("_other"),
                            () -> "round " + r + ": endpoints under the cap were folded into _other");
                    assertEquals(n, byEndpoint.size());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
