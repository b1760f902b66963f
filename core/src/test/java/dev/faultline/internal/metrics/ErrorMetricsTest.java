package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.TrendDirection;
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

    static List<Long> hourlyErrors(ErrorTrends trends) {
        return trends.hourlyCounts().stream().map(ErrorTrends.Hour::errors).toList();
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
            ErrorStats r = m.stats();
            assertEquals(2, r.totalRequests());
            assertEquals(1, r.recentRequests());
            assertEquals(1.0, r.errorRatio());
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

            ErrorStats r = m.stats();
            assertEquals(6, r.totalErrors());
            assertEquals(6, r.recentErrors());
            assertEquals(12, r.totalRequests());
            assertEquals(12, r.recentRequests());
            assertEquals(0.5, r.errorRatio());
            assertEquals(Map.of(ErrorType.VALIDATION, 1L, ErrorType.INTERNAL, 3L, ErrorType.DATABASE, 1L, ErrorType.TIMEOUT, 1L),
                    r.byType());
            assertEquals(3L, r.byType(ErrorType.INTERNAL));
            assertEquals(0L, r.byType(ErrorType.NOT_FOUND));
            assertEquals(Map.of(ErrorSeverity.LOW, 1L, ErrorSeverity.HIGH, 3L, ErrorSeverity.CRITICAL, 2L), r.bySeverity());
            Map<String, Long> byEndpoint = r.byEndpoint();
            assertEquals(Map.of("/c", 3L, "/b", 2L, "/a", 1L), byEndpoint);
            assertEquals(List.of("/c", "/b", "/a"), List.copyOf(byEndpoint.keySet()), "sorted by count, largest first");
        }

        @Test
        @DisplayName("is all zeros without traffic, with no NaN")
        void empty() {
            ErrorStats r = metrics().stats();
            assertEquals(0, r.totalErrors());
            assertEquals(0, r.recentErrors());
            assertEquals(0, r.totalRequests());
            assertEquals(0.0, r.errorRatio());
            assertEquals(0.0, r.errorRatePerMinute());
            assertEquals(Map.of(), r.byType());
            assertEquals(Map.of(), r.bySeverity());
            assertEquals(Map.of(), r.byEndpoint());
        }

        @Test
        @DisplayName("error_rate_per_minute divides by the minutes elapsed so far (the current one included)")
        void rateEarly() {
            ErrorMetrics m = metrics();
            for (int i = 0; i < 30; i++) {
                fail(m, ErrorType.INTERNAL, "/x");
            }
            assertEquals(30.0, m.stats().errorRatePerMinute());
            clock.advance(Duration.ofMinutes(9).plusSeconds(30));
            assertEquals(3.0, m.stats().errorRatePerMinute());
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
            ErrorStats r = m.stats();
            assertEquals(180, r.totalErrors());
            assertEquals(90, r.recentErrors());
            assertEquals(1.5, r.errorRatePerMinute());
            assertEquals(Map.of(ErrorType.INTERNAL, 60L, ErrorType.VALIDATION, 30L), r.byType());
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
            ErrorStats before = m.stats();
            assertEquals(5, before.recentErrors());
            assertEquals(6, before.recentRequests());

            clock.advance(Duration.ofSeconds(1)); // 13:00:00: the 12:00 minute left the hour
            fail(m, ErrorType.VALIDATION, "/new");
            ErrorStats after = m.stats();
            assertEquals(6, after.totalErrors());
            assertEquals(1, after.recentErrors());
            assertEquals(7, after.totalRequests());
            assertEquals(1, after.recentRequests());
            assertEquals(1.0, after.errorRatio());
            assertEquals(Map.of(ErrorType.VALIDATION, 1L), after.byType());
            assertEquals(Map.of(ErrorSeverity.LOW, 1L), after.bySeverity());
            assertEquals(Map.of("/new", 1L), after.byEndpoint());
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

            ErrorStats r = m.stats();
            List<ErrorStats.Minute> minutes = r.perMinute();
            assertEquals(60, minutes.size());
            assertEquals("2024-05-01T11:04:00Z", minutes.get(0).start().toString());
            assertEquals("2024-05-01T12:03:00Z", minutes.get(59).start().toString(), "the current minute last");
            assertEquals(new ErrorStats.Minute(Instant.parse("2024-05-01T12:00:00Z"), 1, 2), minutes.get(56));
            assertEquals(new ErrorStats.Minute(Instant.parse("2024-05-01T12:01:00Z"), 0, 0), minutes.get(57));
            assertEquals(new ErrorStats.Minute(Instant.parse("2024-05-01T12:02:00Z"), 2, 4), minutes.get(58));
            assertEquals(new ErrorStats.Minute(Instant.parse("2024-05-01T12:03:00Z"), 0, 0), minutes.get(59));
            assertEquals(r.recentErrors(), minutes.stream().mapToLong(ErrorStats.Minute::errors).sum());
            assertEquals(r.recentRequests(), minutes.stream().mapToLong(ErrorStats.Minute::requests).sum());
            assertEquals(24, r.retentionHours());

            clock.advance(Duration.ofMinutes(57)); // 13:00:20: the 12:00 minute has left the hour
            List<ErrorStats.Minute> later = m.stats().perMinute();
            assertEquals("2024-05-01T12:01:00Z", later.get(0).start().toString());
            assertEquals(2L, later.get(1).errors());
            assertEquals(2, m.stats().recentErrors());
        }

        @Test
        @DisplayName("per_minute is 60 zero minutes without traffic")
        void perMinuteEmpty() {
            List<ErrorStats.Minute> minutes = metrics().stats().perMinute();
            assertEquals(60, minutes.size());
            assertTrue(minutes.stream().allMatch(x -> x.errors() == 0 && x.requests() == 0));
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
            Map<String, Long> byEndpoint = m.stats().byEndpoint();
            assertEquals(Map.of("_other", 4L, "/a", 2L, "/b", 1L, "/c", 1L), byEndpoint);
            assertEquals("_other", byEndpoint.keySet().iterator().next());
            assertEquals(8, m.stats().totalErrors());
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

            ErrorTrends t = m.trends(4);
            assertEquals(4, t.hours());
            List<ErrorTrends.Hour> hours = t.hourlyCounts();
            assertEquals(List.of("2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z", "2024-05-01T14:00:00Z",
                    "2024-05-01T15:00:00Z"), hours.stream().map(h -> h.start().toString()).toList());
            assertEquals(List.of(3L, 3L, 0L, 1L), hourlyErrors(t));
            assertEquals(List.of(4L, 3L, 0L, 1L), hours.stream().map(ErrorTrends.Hour::requests).toList());
            assertEquals(7, t.totalErrors());
            assertEquals(1.75, t.averageErrorsPerHour());
            ErrorTrends.Hour peak = t.peak();
            assertEquals("2024-05-01T12:00:00Z", peak.start().toString(), "the first of equal peaks");
            assertEquals(3, peak.errors());
            assertEquals(TrendDirection.DECREASING, t.direction());

            ErrorTrends two = m.trends(2);
            assertEquals(List.of(0L, 1L), hourlyErrors(two));
            assertEquals(0.5, two.averageErrorsPerHour());
            assertEquals("2024-05-01T15:00:00Z", two.peak().start().toString());
            assertEquals(TrendDirection.INCREASING, two.direction());

            ErrorTrends day = m.trends(24);
            assertEquals(24, day.hourlyCounts().size());
            assertEquals(7, day.totalErrors());
            assertEquals("2024-04-30T16:00:00Z", day.hourlyCounts().get(0).start().toString());
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
            ErrorTrends t = series(1, 1, 5, 5).trends(4);
            assertEquals(List.of(1L, 1L, 5L, 5L), hourlyErrors(t));
            assertEquals(TrendDirection.INCREASING, t.direction());
            assertEquals(3.0, t.averageErrorsPerHour());
            assertEquals(5, t.peak().errors());
        }

        @Test
        @DisplayName("direction is decreasing when the newer half is over 20% below the older")
        void decreasing() {
            assertEquals(TrendDirection.DECREASING, series(10, 8, 2, 1).trends(4).direction());
        }

        @Test
        @DisplayName("direction is stable for a flat series, a small change and a single hour")
        void stable() {
            assertEquals(TrendDirection.STABLE, series(3, 3, 3, 3).trends(4).direction());
            clock.set(START);
            assertEquals(TrendDirection.STABLE, series(10, 10, 11, 11).trends(4).direction());
            clock.set(START);
            assertEquals(TrendDirection.STABLE, series(0, 0, 0, 0).trends(4).direction());
            clock.set(START);
            ErrorTrends one = series(7).trends(1);
            assertEquals(TrendDirection.STABLE, one.direction());
            assertEquals(List.of(7L), hourlyErrors(one));
        }

        @Test
        @DisplayName("peak is zero with no hour when nothing happened")
        void emptyPeak() {
            ErrorTrends t = metrics().trends(3);
            assertEquals(List.of(0L, 0L, 0L), hourlyErrors(t));
            assertEquals(0, t.peak().errors());
            assertEquals(0.0, t.averageErrorsPerHour());
            assertEquals(TrendDirection.STABLE, t.direction());
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
            assertEquals(24, metrics().trends(24).hourlyCounts().size());
            ErrorMetrics one = new ErrorMetrics(clock, 1, 8);
            assertEquals(1, one.trends(1).hourlyCounts().size());
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
            ErrorStats r = m.stats();
            assertEquals(requests, r.totalRequests());
            assertEquals(errors, r.totalErrors());
            assertEquals(errors, r.recentErrors());
            assertEquals(0.5, r.errorRatio());
            // i even: i % 4 ∈ {0, 2}; i % 5 cycles evenly over the even i of each class
            long[] byType = new long[types.length];
            long[] byEndpoint = new long[endpoints.length];
            for (int i = 0; i < perThread; i += 2) {
                byType[i % types.length] += threads;
                byEndpoint[i % endpoints.length] += threads;
            }
            Map<ErrorType, Long> expectedTypes = new LinkedHashMap<>();
            for (int t = 0; t < types.length; t++) {
                if (byType[t] > 0) {
                    expectedTypes.put(types[t], byType[t]);
                }
            }
            assertEquals(expectedTypes, r.byType());
            Map<String, Long> expectedEndpoints = new LinkedHashMap<>();
            for (int e = 0; e < endpoints.length; e++) {
                expectedEndpoints.put(endpoints[e], byEndpoint[e]);
            }
            assertEquals(expectedEndpoints, r.byEndpoint());
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
                    Map<String, Long> byEndpoint = m.stats().byEndpoint();
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
