package dev.faultline.internal.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.faultline.analysis.ErrorPattern;
import dev.faultline.analysis.Insights;
import dev.faultline.analysis.PatternAnalyzer;
import dev.faultline.analysis.Recommendation;
import dev.faultline.analysis.Trend;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The analysis engine behind {@code Faultline.insights()}: groups error events into patterns by their
 * fingerprint and turns the pattern table into {@link Insights}. What it keeps, how trends are judged
 * and which recommendations it makes are the rules {@link PatternAnalyzer} documents; its bounds come
 * from the {@link PatternAnalyzer} settings it is built from.
 *
 * <p>{@link #record(ErrorEvent)} is O(1) and takes no global lock: a lock-free lookup of the pattern
 * (Caffeine; creating a pattern locks one hash bin; Caffeine's maintenance, run on the recording
 * thread with {@code executor(Runnable::run)} so the bound holds deterministically, takes its
 * eviction lock with {@code tryLock} and blocks only when its write buffer is full), then
 * compare-and-set updates of the pattern's counters; only an endpoint a pattern does not track yet
 * takes that pattern's own monitor. {@link #insights()} is O(patterns × retentionHours + patterns ×
 * log patterns). Thread-safe; a snapshot is weakly consistent with recording in flight, and exact once
 * recording stops. Only core's pipeline records into it.
 */
public final class PatternTable {

    static final long HOUR_MILLIS = 3_600_000L;

    private final int maximumPatterns;
    private final int retentionHours;
    private final Clock clock;
    private final Cache<String, PatternState> patterns;
    private final LongAdder evictions = new LongAdder();
    private final HourlyCounts[] byType;

    /** An engine with the bounds and clock of {@code settings}. */
    public PatternTable(PatternAnalyzer settings) {
        this.maximumPatterns = settings.maximumPatterns();
        this.retentionHours = settings.retentionHours();
        this.clock = settings.clock();
        this.patterns = Caffeine.newBuilder()
                .maximumSize(maximumPatterns)
                .executor(Runnable::run)
                .removalListener((@Nullable String key, @Nullable PatternState value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .build();
        this.byType = new HourlyCounts[ErrorType.values().length];
        for (int i = 0; i < byType.length; i++) {
            byType[i] = new HourlyCounts(retentionHours);
        }
    }

    /** An engine with the default settings: 1000 patterns, 24 hours, the UTC system clock. */
    public static PatternTable create() {
        return new PatternTable(PatternAnalyzer.builder().build());
    }

    /**
     * Counts one error event in its pattern (created on its first event) and in the totals of its type.
     * Thread-safe, lock-free on the common path; never blocks on another pattern.
     */
    public void record(ErrorEvent event) {
        Objects.requireNonNull(event, "event");
        Instant ts = event.timestamp();
        long hour = HourlyCounts.hourOf(ts.getEpochSecond());
        String fp = event.fingerprint();
        PatternState p = patterns.getIfPresent(fp);
        if (p == null) {
            p = patterns.get(fp, key -> new PatternState(event, retentionHours));
        }
        p.record(millis(ts), hour, event.method(), event.endpoint());
        byType[event.type().ordinal()].add(hour);
    }

    /** A snapshot of the analysis at the clock's now. */
    public Insights insights() {
        patterns.cleanUp();
        Instant now = clock.instant();
        Window w = new Window(now, retentionHours);
        List<ErrorPattern> all = new ArrayList<>();
        for (PatternState p : patterns.asMap().values()) {
            ErrorPattern s = p.snapshot(w);
            if (s != null) {
                all.add(s);
            }
        }
        long[][] typeSeries = new long[byType.length][];
        long total = 0;
        for (int t = 0; t < byType.length; t++) {
            typeSeries[t] = byType[t].series(w.nowHour);
            total += sum(typeSeries[t]);
        }
        all.sort(Comparator.comparingLong(ErrorPattern::windowCount).reversed()
                .thenComparing(Comparator.comparingLong(ErrorPattern::count).reversed())
                .thenComparing(Comparator.comparing(ErrorPattern::lastSeen).reversed())
                .thenComparing(ErrorPattern::fingerprint));
        List<ErrorPattern> fresh = new ArrayList<>();
        List<ErrorPattern> rising = new ArrayList<>();
        for (ErrorPattern p : all) {
            if (p.trend() == Trend.NEW) {
                fresh.add(p);
            } else if (p.trend() == Trend.RISING) {
                rising.add(p);
            }
        }
        fresh.sort(Comparator.comparingLong(ErrorPattern::count).reversed().thenComparing(ErrorPattern::fingerprint));
        rising.sort(Comparator.comparingLong(ErrorPattern::lastHour).reversed().thenComparing(ErrorPattern::fingerprint));
        List<Recommendation> recommendations = Recommendations.build(all, fresh, rising, typeSeries, total, w);
        return new Insights(now, retentionHours, all.size(), total, first(all), first(fresh), first(rising),
                evictions(), recommendations);
    }

    /** The pattern with this fingerprint, as {@link #insights()} would show it now, if it is in the table. */
    public Optional<ErrorPattern> pattern(String fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        PatternState p = patterns.getIfPresent(fingerprint);
        return p == null ? Optional.empty() : Optional.ofNullable(p.snapshot(new Window(clock.instant(), retentionHours)));
    }

    /** Patterns dropped from the table to keep it within its bound, since creation. */
    public long evictions() {
        patterns.cleanUp();
        return evictions.sum();
    }

    /** The bound of the pattern table. */
    public int maximumPatterns() {
        return maximumPatterns;
    }

    /** The window of the per-hour counts, in hours. */
    public int retentionHours() {
        return retentionHours;
    }

    private static List<ErrorPattern> first(List<ErrorPattern> list) {
        return list.size() <= PatternAnalyzer.TOP_PATTERNS ? list : list.subList(0, PatternAnalyzer.TOP_PATTERNS);
    }

    static long sum(long[] series) {
        long s = 0;
        for (long v : series) {
            s += v;
        }
        return s;
    }

    private static String cut(String s) {
        return s.length() <= PatternAnalyzer.MAX_NAME_LENGTH ? s : s.substring(0, PatternAnalyzer.MAX_NAME_LENGTH);
    }

    /** Epoch millis, clamped instead of overflowing for instants centuries away. */
    private static long millis(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    // ---- time window and rates ---------------------------------------------------------------------

    /** "Now" for one snapshot: the clock hour, the fraction of it elapsed, and the window length. */
    static final class Window {
        final Instant now;
        final long nowMillis;
        final long nowHour;
        final double elapsed;
        final int hours;

        Window(Instant now, int hours) {
            this.now = now;
            this.nowMillis = millis(now);
            this.nowHour = HourlyCounts.hourOf(now.getEpochSecond());
            this.elapsed = (Math.floorMod(now.getEpochSecond(), 3600L) + now.getNano() / 1e9) / 3600.0;
            this.hours = hours;
        }
    }

    /**
     * The last hour and the average of the earlier hours with errors, from a series that ends with the
     * current hour.
     */
    record Rate(double lastHourExact, long lastHour, double average, int hoursAveraged) {

        static Rate of(long[] series, double elapsed) {
            int n = series.length;
            long cur = series[n - 1];
            long prev = n >= 2 ? series[n - 2] : 0;
            double last = cur + prev * (1.0 - elapsed);
            long sum = 0;
            int active = 0;
            for (int i = 0; i < n - 2; i++) {
                if (series[i] > 0) {
                    sum += series[i];
                    active++;
                }
            }
            return new Rate(last, Math.round(last), active == 0 ? 0.0 : (double) sum / active, active);
        }

        /** The trend of a pattern first seen at {@code firstSeenMillis}. */
        Trend trend(long firstSeenMillis, long nowMillis) {
            if (firstSeenMillis > nowMillis - HOUR_MILLIS) {
                return Trend.NEW;
            }
            return rising() ? Trend.RISING : falling() ? Trend.FALLING : Trend.STEADY;
        }

        boolean rising() {
            return lastHourExact >= PatternAnalyzer.RISING_MINIMUM && (hoursAveraged == 0 || lastHourExact >= 2 * average);
        }

        boolean falling() {
            return hoursAveraged == 0 ? lastHour == 0 : lastHourExact <= average / 2;
        }
    }

    // ---- one pattern ---------------------------------------------------------------------------------

    /** The mutable state of one pattern; the identity fields come from its first event. */
    static final class PatternState {
        final String fingerprint;
        final ErrorType type;
        final ErrorSeverity severity;
        final String exception;
        final String message;
        /** Incremented last, so a snapshot that sees a count sees the rest of that event. */
        final AtomicLong count = new AtomicLong();
        final AtomicLong firstSeen = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastSeen = new AtomicLong(Long.MIN_VALUE);
        final HourlyCounts hours;
        final TopEndpoints endpoints = new TopEndpoints(PatternAnalyzer.TRACKED_ENDPOINTS);

        PatternState(ErrorEvent first, int retentionHours) {
            this.fingerprint = first.fingerprint();
            this.type = first.type();
            this.severity = first.severity();
            this.exception = cut(first.exceptionClass());
            this.message = MessageNormalizer.normalize(first.message());
            this.hours = new HourlyCounts(retentionHours);
        }

        void record(long millis, long hour, String method, String endpoint) {
            hours.add(hour);
            endpoints.add(method, endpoint);
            long v;
            while (millis < (v = firstSeen.get()) && !firstSeen.compareAndSet(v, millis)) {
                // retry
            }
            while (millis > (v = lastSeen.get()) && !lastSeen.compareAndSet(v, millis)) {
                // retry
            }
            count.incrementAndGet();
        }

        @Nullable ErrorPattern snapshot(Window w) {
            long n = count.get();
            if (n == 0) {
                return null; // created, its first event not recorded yet
            }
            long[] series = hours.series(w.nowHour);
            Rate rate = Rate.of(series, w.elapsed);
            long first = firstSeen.get();
            List<Long> hourly = new ArrayList<>(series.length);
            for (long c : series) {
                hourly.add(c);
            }
            return new ErrorPattern(fingerprint, type, severity, exception, message, n, sum(series),
                    Instant.ofEpochMilli(first), Instant.ofEpochMilli(lastSeen.get()), endpoints.top(), hourly,
                    rate.lastHour(), rate.average(), rate.hoursAveraged(), rate.trend(first, w.nowMillis));
        }
    }
}
