package dev.faultline.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.analysis.EndpointCount;
import dev.faultline.analysis.ErrorPattern;
import dev.faultline.analysis.Insights;
import dev.faultline.analysis.PatternAnalyzer;
import dev.faultline.analysis.Recommendation;
import dev.faultline.analysis.Trend;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The pattern analysis engine")
class PatternTableTest {

    /** "Now" in most tests: the top of an hour, where the last hour is exactly the previous clock hour. */
    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final PatternTable analyzer = new PatternTable(PatternAnalyzer.builder().clock(clock).build());

    private static Instant at(String hhmm) {
        return Instant.parse("2025-03-10T" + hhmm + ":00Z");
    }

    private static ErrorEvent event(Instant ts, String fingerprint, ErrorType type, String method, String endpoint,
            String exception, @Nullable String message) {
        return new ErrorEvent(ts, "req", type, type.severity(), type.status(), endpoint, method, null, null,
                fingerprint, exception, message, "none");
    }

    private static ErrorEvent event(Instant ts, String fingerprint, ErrorType type) {
        return event(ts, fingerprint, type, "GET", "/things/{id}", exceptionOf(type), "failed");
    }

    private static String exceptionOf(ErrorType type) {
        return switch (type) {
            case DATABASE -> "java.sql.SQLTransientConnectionException";
            case TIMEOUT -> "java.net.SocketTimeoutException";
            case INTERNAL -> "java.lang.NullPointerException";
            default -> "dev.faultline.error.FaultlineException";
        };
    }

    /** {@code n} events of one pattern in each of the hours {@code from..to} (hours of 2025-03-10). */
    private void hourly(String fp, ErrorType type, int fromHour, int toHour, int n) {
        for (int h = fromHour; h <= toHour; h++) {
            for (int i = 0; i < n; i++) {
                analyzer.record(event(NOW.minus(Duration.ofHours(12 - h)).plusSeconds(i), fp, type));
            }
        }
    }

    private ErrorPattern pattern(String fp) {
        return analyzer.pattern(fp).orElseThrow(() -> new AssertionError("no pattern " + fp));
    }

    private static long[] lastHours(ErrorPattern p, int n) {
        List<Long> h = p.hourlyCounts();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = h.get(h.size() - n + i);
        }
        return out;
    }

    @Nested
    @DisplayName("counts a known mix exactly")
    class KnownMix {

        private void recordMix() {
            // out of order on purpose: first and last seen come from the timestamps, not the arrival order
            analyzer.record(event(at("10:20"), "db", ErrorType.DATABASE, "GET", "/videos/{id}",
                    "java.sql.SQLTransientConnectionException", "connection 12 to 10.0.0.5:5432 refused"));
            analyzer.record(event(at("09:10"), "db", ErrorType.DATABASE, "GET", "/videos/{id}",
                    "java.sql.SQLTransientConnectionException", "connection 13 to 10.0.0.6:5432 refused"));
            analyzer.record(event(at("11:30"), "db", ErrorType.DATABASE, "POST", "/videos",
                    "java.sql.SQLTransientConnectionException", "connection 99 to 10.0.0.5:5432 refused"));
            for (int i = 0; i < 5; i++) {
                analyzer.record(event(at("11:0" + i), "val", ErrorType.VALIDATION, "POST", "/videos",
                        "dev.faultline.error.ValidationException", "title of video " + i + " too long"));
            }
        }

        @Test
        @DisplayName("count, first and last seen, message, endpoints and hours of each pattern")
        void perPattern() {
            recordMix();
            ErrorPattern db = pattern("db");
            assertEquals(3, db.count());
            assertEquals(3, db.windowCount());
            assertEquals(at("09:10"), db.firstSeen());
            assertEquals(at("11:30"), db.lastSeen());
            assertEquals(ErrorType.DATABASE, db.errorType());
            assertEquals(ErrorSeverity.CRITICAL, db.severity());
            assertEquals("java.sql.SQLTransientConnectionException", db.exception());
            assertEquals("connection <n> to <ip>:<n> refused", db.message());
            assertEquals(List.of(new EndpointCount("GET /videos/{id}", 2), new EndpointCount("POST /videos", 1)),
                    db.topEndpoints());
            assertEquals(24, db.hourlyCounts().size());
            // hours 09, 10, 11 and the current hour 12, oldest first
            assertEquals(List.of(1L, 1L, 1L, 0L), db.hourlyCounts().subList(20, 24));
            assertEquals(3, db.hourlyCounts().stream().mapToLong(Long::longValue).sum());

            ErrorPattern val = pattern("val");
            assertEquals(5, val.count());
            assertEquals(at("11:00"), val.firstSeen());
            assertEquals(at("11:04"), val.lastSeen());
            assertEquals("title of video <n> too long", val.message());
            assertEquals(List.of(new EndpointCount("POST /videos", 5)), val.topEndpoints());
        }

        @Test
        @DisplayName("totals and the ranking of the most common errors")
        void totals() {
            recordMix();
            Insights in = analyzer.insights();
            assertEquals(2, in.totalPatterns());
            assertEquals(8, in.totalErrors());
            assertEquals(List.of("val", "db"), in.mostCommonErrors().stream().map(ErrorPattern::fingerprint).toList());
            assertEquals(0, in.evictedPatterns());
            assertEquals(NOW, in.generatedAt());
            assertEquals(24, in.windowHours());
        }

        @Test
        @DisplayName("the most common pattern carries its type, exception, normalised message, times and endpoints")
        void mostCommon() {
            recordMix();
            Insights in = analyzer.insights();
            assertEquals(2, in.totalPatterns());
            assertEquals(8, in.totalErrors());
            ErrorPattern first = in.mostCommonErrors().get(0);
            assertEquals("val", first.fingerprint());
            assertEquals(ErrorType.VALIDATION, first.errorType());
            assertEquals("dev.faultline.error.ValidationException", first.exception());
            assertEquals("title of video <n> too long", first.message());
            assertEquals(5L, first.count());
            assertEquals(Instant.parse("2025-03-10T11:00:00Z"), first.firstSeen());
            assertEquals(Instant.parse("2025-03-10T11:04:00Z"), first.lastSeen());
            assertEquals(List.of(new EndpointCount("POST /videos", 5L)), first.topEndpoints());
            assertEquals(Trend.RISING, first.trend()); // first seen exactly an hour ago: no longer new
        }

        @Test
        @DisplayName("never keeps the raw message")
        void noRawMessage() {
            analyzer.record(event(at("11:00"), "pii", ErrorType.INTERNAL, "GET", "/u", "java.lang.IllegalStateException",
                    "user jane.doe@example.com with card '4111 1111 1111 1111' failed"));
            String json = analyzer.insights().toString();
            assertFalse(json.contains("jane.doe") || json.contains("4111"), json);
            assertEquals("user <email> with card <str> failed", pattern("pii").message());
        }

        @Test
        @DisplayName("an empty analyzer has no patterns, no errors and no recommendations")
        void empty() {
            Insights in = analyzer.insights();
            assertEquals(0, in.totalPatterns());
            assertEquals(0, in.totalErrors());
            assertTrue(in.mostCommonErrors().isEmpty());
            assertTrue(in.recommendations().isEmpty());
            assertTrue(analyzer.pattern("nope").isEmpty());
        }

        @Test
        @DisplayName("an event older than the window counts in the pattern but in no hour")
        void tooOld() {
            analyzer.record(event(NOW.minus(Duration.ofDays(3)), "old", ErrorType.INTERNAL));
            ErrorPattern old = pattern("old");
            assertEquals(1, old.count());
            assertEquals(0, old.windowCount());
            assertEquals(0, analyzer.insights().totalErrors());
        }
    }

    @Nested
    @DisplayName("tracks at most five endpoints per pattern")
    class Endpoints {

        @Test
        @DisplayName("space-saving: heavy endpoints keep exact counts, the counts still add up to the total")
        void spaceSaving() {
            String[] endpoints = {"/a", "/b", "/c", "/d", "/e", "/f", "/g"};
            int[] counts = {10, 8, 6, 5, 4, 1, 1};
            for (int k = 0; k < endpoints.length; k++) {
                for (int i = 0; i < counts[k]; i++) {
                    analyzer.record(event(at("11:00"), "p", ErrorType.INTERNAL, "GET", endpoints[k], "X", null));
                }
            }
            List<EndpointCount> top = pattern("p").topEndpoints();
            assertEquals(PatternAnalyzer.TRACKED_ENDPOINTS, top.size());
            assertEquals(35, top.stream().mapToLong(EndpointCount::count).sum());
            assertEquals(new EndpointCount("GET /a", 10), top.get(0));
            assertEquals(new EndpointCount("GET /b", 8), top.get(1));
        }
    }

    @Nested
    @DisplayName("keeps the table within its bound")
    class Bound {

        @Test
        @DisplayName("more fingerprints than the bound: the table stays at the bound and every eviction is counted")
        void evictions() {
            PatternTable small = new PatternTable(PatternAnalyzer.builder().maximumPatterns(10).clock(clock).build());
            for (int i = 0; i < 25; i++) {
                small.record(event(at("11:00"), "fp" + i, ErrorType.INTERNAL));
            }
            Insights in = small.insights();
            assertEquals(10, in.totalPatterns());
            assertEquals(15, in.evictedPatterns());
            assertEquals(15, small.evictions());
            assertEquals(25, in.totalErrors(), "the totals by type do not lose evicted patterns");
        }

        @Test
        @DisplayName("a frequent pattern survives a flood of one-off patterns")
        void frequentSurvives() {
            PatternTable small = new PatternTable(PatternAnalyzer.builder().maximumPatterns(10).clock(clock).build());
            for (int i = 0; i < 200; i++) {
                small.record(event(at("11:00"), "once" + i, ErrorType.INTERNAL));
                if (i % 4 == 0) {
                    small.record(event(at("10:00"), "hot", ErrorType.DATABASE));
                }
            }
            assertTrue(small.pattern("hot").isPresent());
            assertEquals(50, small.pattern("hot").orElseThrow().count());
            assertEquals(10, small.insights().totalPatterns());
            assertEquals(191, small.evictions());
        }
    }

    @Nested
    @DisplayName("classifies trends")
    class Trends {

        @Test
        @DisplayName("new: first seen within the last hour, and no longer an hour later")
        void fresh() {
            analyzer.record(event(at("11:30"), "n", ErrorType.INTERNAL));
            assertEquals(Trend.NEW, pattern("n").trend());
            assertEquals(List.of("n"), analyzer.insights().newPatterns().stream().map(ErrorPattern::fingerprint).toList());
            clock.advance(Duration.ofMinutes(31));
            assertEquals(Trend.FALLING, pattern("n").trend()); // seen once, then nothing
        }

        @Test
        @DisplayName("rising: 30 in the last hour against 10 an hour before")
        void rising() {
            hourly("r", ErrorType.TIMEOUT, 2, 10, 10);
            hourly("r", ErrorType.TIMEOUT, 11, 11, 30);
            ErrorPattern r = pattern("r");
            assertEquals(Trend.RISING, r.trend());
            assertEquals(30, r.lastHour());
            assertEquals(10.0, r.averagePerHour());
            assertEquals(9, r.hoursAveraged());
            assertEquals(List.of("r"), analyzer.insights().risingPatterns().stream().map(ErrorPattern::fingerprint).toList());
        }

        @Test
        @DisplayName("steady: 12 against 10")
        void steady() {
            hourly("s", ErrorType.TIMEOUT, 2, 10, 10);
            hourly("s", ErrorType.TIMEOUT, 11, 11, 12);
            assertEquals(Trend.STEADY, pattern("s").trend());
        }

        @Test
        @DisplayName("falling: 4 against 10")
        void falling() {
            hourly("f", ErrorType.TIMEOUT, 2, 10, 10);
            hourly("f", ErrorType.TIMEOUT, 11, 11, 4);
            assertEquals(Trend.FALLING, pattern("f").trend());
        }

        @Test
        @DisplayName("not rising below the minimum: 4 against 1")
        void minimum() {
            hourly("m", ErrorType.TIMEOUT, 2, 10, 1);
            hourly("m", ErrorType.TIMEOUT, 11, 11, 4);
            assertEquals(Trend.STEADY, pattern("m").trend());
        }

        @Test
        @DisplayName("rising with no earlier hour of errors once past the minimum")
        void risingFromNothing() {
            hourly("z", ErrorType.TIMEOUT, 11, 11, 6);
            ErrorPattern z = pattern("z");
            assertEquals(Trend.RISING, z.trend());
            assertEquals(0, z.hoursAveraged());
        }

        @Test
        @DisplayName("the last hour mid-hour is the current hour plus the unexpired share of the previous one")
        void slidingEstimate() {
            hourly("e", ErrorType.TIMEOUT, 2, 10, 10);
            hourly("e", ErrorType.TIMEOUT, 11, 11, 10);
            analyzer.record(event(at("12:05"), "e", ErrorType.TIMEOUT));
            clock.set(at("12:30"));
            ErrorPattern e = pattern("e");
            assertEquals(6, e.lastHour()); // 1 + 10 × 0.5
            assertEquals(Trend.STEADY, e.trend());
            assertEquals(List.of(10L, 10L, 1L), List.of(e.hourlyCounts().get(21), e.hourlyCounts().get(22),
                    e.hourlyCounts().get(23)));
        }

        @Test
        @DisplayName("the per-hour series rolls forward with the clock")
        void rolls() {
            hourly("w", ErrorType.TIMEOUT, 9, 11, 2);
            assertEquals(2, lastHours(pattern("w"), 2)[0]);
            clock.advance(Duration.ofHours(22));
            ErrorPattern w = pattern("w");
            assertEquals(2, w.hourlyCounts().get(0)); // hour 11 is now the oldest hour of the window
            assertEquals(2, w.windowCount());
            clock.advance(Duration.ofHours(1));
            assertEquals(0, pattern("w").windowCount());
            assertEquals(6, pattern("w").count());
        }
    }

    @Nested
    @DisplayName("recommends, citing the evidence")
    class Recommending {

        /** {@code n} events spread evenly over 02:00–09:59, so none is new, rising or in the last hour. */
        private void spread(String fp, ErrorType type, String method, String endpoint, int n) {
            long span = Duration.ofHours(8).toSeconds();
            for (int i = 0; i < n; i++) {
                analyzer.record(event(at("02:00").plusSeconds(span * i / n), fp, type, method, endpoint,
                        exceptionOf(type), "failed"));
            }
        }

        @Test
        @DisplayName("a type with 62% of the errors: share, counts, window, top endpoint and top pattern")
        void dominated() {
            spread("db1", ErrorType.DATABASE, "GET", "/videos/{id}", 100);
            spread("db1", ErrorType.DATABASE, "GET", "/videos", 24);
            spread("val", ErrorType.VALIDATION, "POST", "/videos", 40);
            spread("nf", ErrorType.NOT_FOUND, "GET", "/videos/{id}", 36);
            Insights in = analyzer.insights();
            assertEquals(200, in.totalErrors());
            assertEquals(1, in.recommendations().size(), () -> in.recommendations().toString());
            Recommendation r = in.recommendations().get(0);
            assertEquals("DATABASE errors dominate", r.title());
            assertTrue(r.detail().startsWith("DATABASE errors are 62% of all errors (124 of 200 in the last 24 h), "
                    + "most on GET /videos/{id}. Check the connection pool"), r.detail());
            assertTrue(r.detail().contains("stale-if-error"), r.detail());
            assertEquals(Map.of("error_type", "database", "errors", 124L, "total_errors", 200L, "share_percent", 62L,
                    "window_hours", 24, "top_endpoint", "GET /videos/{id}", "top_endpoint_errors", 100L,
                    "top_pattern", "db1", "top_pattern_errors", 124L), r.evidence());
        }

        @Test
        @DisplayName("none when no type passes 40%, nor below ten errors")
        void balanced() {
            spread("a", ErrorType.DATABASE, "GET", "/a", 40);
            spread("b", ErrorType.VALIDATION, "GET", "/b", 40);
            spread("c", ErrorType.NOT_FOUND, "GET", "/c", 20);
            assertTrue(analyzer.insights().recommendations().isEmpty());
            PatternTable few = new PatternTable(PatternAnalyzer.builder().clock(clock).build());
            for (int i = 0; i < 9; i++) {
                few.record(event(at("03:00"), "x", ErrorType.DATABASE));
            }
            assertTrue(few.insights().recommendations().isEmpty());
        }

        @Test
        @DisplayName("INTERNAL dominance names the top pattern to fix first")
        void internal() {
            spread("npe", ErrorType.INTERNAL, "GET", "/a", 15);
            spread("iae", ErrorType.INTERNAL, "GET", "/b", 5);
            Recommendation r = analyzer.insights().recommendations().get(0);
            assertTrue(r.detail().contains("Fix the top pattern first: npe (java.lang.NullPointerException, 15 errors in "
                    + "the window)"), r.detail());
            assertEquals("npe", r.evidence().get("top_pattern"));
        }

        @Test
        @DisplayName("a rising pattern: its last hour and the average it rose from")
        void rising() {
            hourly("r", ErrorType.TIMEOUT, 2, 10, 10);
            hourly("r", ErrorType.TIMEOUT, 11, 11, 30);
            List<Recommendation> recs = analyzer.insights().recommendations();
            Recommendation r = recs.get(0);
            assertEquals("Rising error pattern", r.title());
            assertTrue(r.detail().startsWith("Pattern r (java.net.SocketTimeoutException on GET /things/{id}) rose to 30 "
                    + "in the last hour from an average of 10.0 per hour."), r.detail());
            assertEquals(30L, r.evidence().get("last_hour"));
            assertEquals(10.0, r.evidence().get("average_per_hour"));
            assertEquals(9, r.evidence().get("hours_averaged"));
        }

        @Test
        @DisplayName("a new CRITICAL pattern, first of all")
        void newCritical() {
            spread("val", ErrorType.VALIDATION, "POST", "/videos", 50);
            analyzer.record(event(at("11:45"), "dbnew", ErrorType.DATABASE));
            analyzer.record(event(at("11:50"), "dbnew", ErrorType.DATABASE));
            List<Recommendation> recs = analyzer.insights().recommendations();
            Recommendation r = recs.get(0);
            assertEquals("New critical error pattern", r.title());
            assertEquals("dbnew", r.evidence().get("fingerprint"));
            assertEquals("critical", r.evidence().get("severity"));
            assertEquals(2L, r.evidence().get("count"));
            assertEquals("2025-03-10T11:45:00Z", r.evidence().get("first_seen"));
            assertTrue(r.detail().contains("first seen at 2025-03-10T11:45:00Z, 2 errors since"), r.detail());
            assertEquals("VALIDATION errors dominate", recs.get(recs.size() - 1).title());
        }

        @Test
        @DisplayName("AUTHENTICATION failures rising as a whole: check for credential stuffing")
        void credentialStuffing() {
            hourly("login", ErrorType.AUTHENTICATION, 2, 10, 2);
            hourly("login", ErrorType.AUTHENTICATION, 11, 11, 20);
            Recommendation r = analyzer.insights().recommendations().stream()
                    .filter(x -> x.title().startsWith("Authentication")).findFirst().orElseThrow();
            assertTrue(r.detail().contains("credential stuffing"), r.detail());
            assertTrue(r.detail().startsWith("AUTHENTICATION errors rose to 20 in the last hour from an average of 2.0"),
                    r.detail());
            assertEquals(20L, r.evidence().get("last_hour"));
        }

        @Test
        @DisplayName("every recommendation carries evidence")
        void evidence() {
            spread("npe", ErrorType.INTERNAL, "GET", "/a", 15);
            hourly("r", ErrorType.TIMEOUT, 2, 10, 10);
            hourly("r", ErrorType.TIMEOUT, 11, 11, 30);
            analyzer.record(event(at("11:45"), "dbnew", ErrorType.DATABASE));
            List<Recommendation> recs = analyzer.insights().recommendations();
            assertEquals(List.of("New critical error pattern", "Rising error pattern", "TIMEOUT errors dominate"),
                    recs.stream().map(Recommendation::title).toList());
            for (Recommendation r : recs) {
                assertFalse(r.evidence().isEmpty());
            }
            assertThrows(IllegalArgumentException.class, () -> new Recommendation("t", "d", Map.of()));
        }
    }

    @Nested
    @DisplayName("is thread-safe")
    class Concurrency {

        @Test
        @DisplayName("8 threads recording 50,000 events each over 20 fingerprints: every count exact")
        void exactCounts() throws Exception {
            int threads = 8;
            int perThread = 50_000;
            int patterns = 20;
            String[] endpoints = {"/a", "/b", "/c"};
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            analyzer.record(event(NOW.minus(Duration.ofHours(1 + i % 12)), "fp" + i % patterns,
                                    ErrorType.values()[i % patterns % ErrorType.values().length], "GET",
                                    endpoints[i / patterns % endpoints.length], "X", null));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            // the same events, counted naively
            long[][] hours = new long[patterns][24];
            long[][] perEndpoint = new long[patterns][endpoints.length];
            for (int i = 0; i < perThread; i++) {
                hours[i % patterns][23 - 1 - i % 12] += threads;
                perEndpoint[i % patterns][i / patterns % endpoints.length] += threads;
            }
            Insights in = analyzer.insights();
            assertEquals(patterns, in.totalPatterns());
            assertEquals((long) threads * perThread, in.totalErrors());
            for (int p = 0; p < patterns; p++) {
                ErrorPattern s = pattern("fp" + p);
                assertEquals((long) threads * perThread / patterns, s.count(), "fp" + p);
                for (int h = 0; h < 24; h++) {
                    assertEquals(hours[p][h], s.hourlyCounts().get(h), "fp" + p + " hour " + h);
                }
                for (EndpointCount e : s.topEndpoints()) {
                    int k = List.of(endpoints).indexOf(e.endpoint().substring(4));
                    assertEquals(perEndpoint[p][k], e.count(), "fp" + p + " " + e.endpoint());
                }
                assertEquals(s.count(), s.topEndpoints().stream().mapToLong(EndpointCount::count).sum());
            }
        }
    }

    @Nested
    @DisplayName("is thread-safe when endpoints churn")
    class EndpointChurn {

        @Test
        @DisplayName("8 threads on one pattern over 12 endpoints: no event lost while counters are replaced")
        void noLostCounts() throws Exception {
            int threads = 8;
            int perThread = 20_000;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            // half the events on /hot, the rest spread over eleven others
                            String endpoint = i % 2 == 0 ? "/hot" : "/e" + (i * 7 + seed) % 11;
                            analyzer.record(event(at("11:00"), "churn", ErrorType.INTERNAL, "GET", endpoint, "X", null));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            ErrorPattern p = pattern("churn");
            assertEquals((long) threads * perThread, p.count());
            assertEquals(p.count(), p.topEndpoints().stream().mapToLong(EndpointCount::count).sum());
            assertEquals("GET /hot", p.topEndpoints().get(0).endpoint());
            assertTrue(p.topEndpoints().get(0).count() >= (long) threads * perThread / 2);
        }
    }

    @Nested
    @DisplayName("validates its builder")
    class Builder {

        @Test
        @DisplayName("bounds out of range are rejected, naming the setting; defaults are 1000 patterns and 24 hours")
        void validation() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> PatternAnalyzer.builder().maximumPatterns(0))
                    .getMessage().contains("maximumPatterns"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> PatternAnalyzer.builder().retentionHours(0))
                    .getMessage().contains("retentionHours"));
            assertThrows(IllegalArgumentException.class, () -> PatternAnalyzer.builder().retentionHours(721));
            assertEquals(1000, PatternTable.create().maximumPatterns());
            assertEquals(24, PatternTable.create().retentionHours());
        }

        @Test
        @DisplayName("a one-hour window (the development preset) still works")
        void oneHour() {
            PatternTable dev = new PatternTable(PatternAnalyzer.builder().retentionHours(1).clock(clock).build());
            dev.record(event(at("11:59"), "a", ErrorType.INTERNAL));
            dev.record(event(at("10:00"), "a", ErrorType.INTERNAL));
            ErrorPattern a = dev.pattern("a").orElseThrow();
            assertEquals(List.of(0L), a.hourlyCounts());
            assertEquals(2, a.count());
            clock.set(at("11:59"));
            assertEquals(List.of(1L), dev.pattern("a").orElseThrow().hourlyCounts());
        }
    }
}
