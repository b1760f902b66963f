package dev.faultline.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.Preconditions;
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
 * The analysis engine: groups error events into patterns by their fingerprint and turns the pattern
 * table into {@link Insights} — the most common patterns, new and rising ones, and recommendations
 * that cite their evidence.
 *
 * <h2>What is kept</h2>
 * A table of at most {@link Builder#maximumPatterns(int) maximumPatterns} patterns (default
 * {@value #DEFAULT_MAX_PATTERNS}) keyed by fingerprint: a Caffeine cache bounded by size, whose
 * W-TinyLFU policy keeps the frequent patterns when a flood of new ones arrives. Every pattern dropped
 * to keep the bound is counted ({@link #evictions()}, {@code evicted_patterns}); its figures are gone,
 * and an event in flight for it at that moment is lost with it. Per pattern: the type, severity,
 * exception class and normalised message of its first event; its count; first and last seen; its
 * {@value #TRACKED_ENDPOINTS} most frequent endpoints ({@code METHOD route}, by space-saving counters:
 * exact while a pattern has at most {@value #TRACKED_ENDPOINTS} endpoints, else each count may
 * overestimate by the count it inherited from the endpoint it replaced); and its per-hour counts for
 * the last {@link Builder#retentionHours(int) retentionHours} hours (default
 * {@value #DEFAULT_RETENTION_HOURS}), a ring rotated by the events' timestamps. Besides the table, one
 * such ring per {@link ErrorType} counts every event, so the window totals by type stay exact when
 * patterns are evicted. Events whose timestamp is older than the ring's window (relative to the newest
 * event of that pattern or type) count in the totals but in no hour.
 *
 * <h2>Trend</h2>
 * At {@code now} (the {@link Builder#clock(Clock) clock}), with {@code cur} and {@code prev} the counts
 * of the current and previous clock hours and {@code f} the fraction of the current hour elapsed:
 * <ul>
 *   <li><b>last hour</b> {@code L = cur + prev × (1 − f)}: the usual sliding-window estimate of the
 *       last 60 minutes (exact at the top of an hour, where it is the previous hour's count);</li>
 *   <li><b>average</b> {@code A}: the mean of the earlier hours of the window (before {@code prev})
 *       that had at least one error;</li>
 *   <li>{@link Trend#NEW} if first seen less than an hour before {@code now}; else
 *       {@link Trend#RISING} if {@code L ≥ 2A} and {@code L ≥ }{@value #RISING_MINIMUM}; else
 *       {@link Trend#FALLING} if {@code L ≤ A / 2}; else {@link Trend#STEADY}. With no earlier hour
 *       with errors ({@code A} undefined): rising if {@code L ≥ }{@value #RISING_MINIMUM}, falling if
 *       {@code L} rounds to 0, else steady.</li>
 * </ul>
 *
 * <h2>Recommendations</h2>
 * Most urgent first, each with an {@code evidence} map of the figures it cites; none without errors:
 * <ol>
 *   <li>every new pattern of severity {@code CRITICAL} (at most 3, most errors first), with a
 *       suggestion for its type;</li>
 *   <li>every rising pattern (at most 3, largest last hour first): "pattern {@code fp}
 *       ({@code exception} on {@code endpoint}) rose to N in the last hour from an average of M per
 *       hour";</li>
 *   <li>{@code AUTHENTICATION} errors as a whole rising by the rule above: check for credential
 *       stuffing;</li>
 *   <li>every error type with more than {@value #DOMINANT_PERCENT} % of the errors in the window, when
 *       the window holds at least {@value #DOMINANT_MINIMUM_ERRORS}: "DATABASE errors are 62 % of all
 *       errors (124 of 200 in the last 24 h), most on GET /videos/{id}" and a suggestion for the type
 *       ({@code INTERNAL}: fix its top pattern first, named by fingerprint).</li>
 * </ol>
 *
 * <h2>Complexity, memory, thread-safety</h2>
 * {@link #record(ErrorEvent)} is O(1) and takes no global lock: a lock-free lookup of the pattern
 * (Caffeine; creating a pattern locks one hash bin; Caffeine's maintenance, run on the recording
 * thread with {@code executor(Runnable::run)} so the bound holds deterministically, takes its
 * eviction lock with {@code tryLock} and blocks only when its write buffer is full), then
 * compare-and-set updates of the pattern's counters; only an endpoint a pattern does not track yet
 * takes that pattern's own monitor. {@link #insights()} is O(patterns × retentionHours + patterns ×
 * log patterns). Memory per pattern (64-bit JVM, compressed references): about 0.7 KB + 8 B ×
 * {@code retentionHours} with typical names (a 40-char exception class, a 60-char message, one or
 * two short endpoints), and at most about 3.7 KB + 8 B × {@code retentionHours} — the exception
 * class cut to {@value #MAX_NAME_LENGTH} chars, the message to {@value MessageNormalizer#MAX_LENGTH},
 * five endpoints of {@value #MAX_NAME_LENGTH} chars, all non-Latin-1. With the defaults a full table
 * takes about 0.9 MB, at most about 3.9 MB; the per-type rings add 13 × 8 B × {@code retentionHours}.
 * Thread-safe; a snapshot is weakly consistent with recording in flight, and exact once recording
 * stops.
 */
public final class PatternAnalyzer {

    /** The default bound of the pattern table. */
    public static final int DEFAULT_MAX_PATTERNS = 1000;
    /** The largest bound of the pattern table. */
    public static final int MAX_MAX_PATTERNS = 1_000_000;
    /** The default window of the per-hour counts, in hours. */
    public static final int DEFAULT_RETENTION_HOURS = 24;
    /** The longest window, in hours (30 days). */
    public static final int MAX_RETENTION_HOURS = 720;
    /** Endpoints tracked per pattern. */
    public static final int TRACKED_ENDPOINTS = 5;
    /** Patterns listed in each list of {@link Insights}. */
    public static final int TOP_PATTERNS = 10;
    /** The smallest last hour that can be rising. */
    public static final int RISING_MINIMUM = 5;
    /** A type with more than this share (percent) of the window's errors gets a recommendation. */
    public static final int DOMINANT_PERCENT = 40;
    /** The fewest errors in the window for the share rule. */
    public static final int DOMINANT_MINIMUM_ERRORS = 10;
    /** Exception class names and endpoints are cut to this many chars. */
    public static final int MAX_NAME_LENGTH = 200;

    static final long HOUR_MILLIS = 3_600_000L;

    private final int maximumPatterns;
    private final int retentionHours;
    private final Clock clock;
    private final Cache<String, PatternState> patterns;
    private final LongAdder evictions = new LongAdder();
    private final HourlyCounts[] byType;

    private PatternAnalyzer(Builder b) {
        this.maximumPatterns = b.maximumPatterns;
        this.retentionHours = b.retentionHours;
        this.clock = b.clock;
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

    /** An analyzer with the defaults: 1000 patterns, 24 hours, the UTC system clock. */
    public static PatternAnalyzer create() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
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
        p.record(millis(ts), hour, cut(event.method() + ' ' + event.endpoint()));
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
        return list.size() <= TOP_PATTERNS ? list : list.subList(0, TOP_PATTERNS);
    }

    static long sum(long[] series) {
        long s = 0;
        for (long v : series) {
            s += v;
        }
        return s;
    }

    private static String cut(String s) {
        return s.length() <= MAX_NAME_LENGTH ? s : s.substring(0, MAX_NAME_LENGTH);
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
            return lastHourExact >= RISING_MINIMUM && (hoursAveraged == 0 || lastHourExact >= 2 * average);
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
        final TopEndpoints endpoints = new TopEndpoints(TRACKED_ENDPOINTS);

        PatternState(ErrorEvent first, int retentionHours) {
            this.fingerprint = first.fingerprint();
            this.type = first.type();
            this.severity = first.severity();
            this.exception = cut(first.exceptionClass());
            this.message = MessageNormalizer.normalize(first.message());
            this.hours = new HourlyCounts(retentionHours);
        }

        void record(long millis, long hour, String endpoint) {
            hours.add(hour);
            endpoints.add(endpoint);
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

    // ---- builder -------------------------------------------------------------------------------------

    /** Builds a {@link PatternAnalyzer}. Not thread-safe. */
    public static final class Builder {

        private int maximumPatterns = DEFAULT_MAX_PATTERNS;
        private int retentionHours = DEFAULT_RETENTION_HOURS;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The most patterns kept, 1 to {@value #MAX_MAX_PATTERNS}. Default {@value #DEFAULT_MAX_PATTERNS}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder maximumPatterns(int maximumPatterns) {
            if (maximumPatterns < 1 || maximumPatterns > MAX_MAX_PATTERNS) {
                throw Preconditions.invalid(
                        "maximumPatterns", "must be 1.." + MAX_MAX_PATTERNS + ": " + maximumPatterns);
            }
            this.maximumPatterns = maximumPatterns;
            return this;
        }

        /**
         * The window of the per-hour counts, 1 to {@value #MAX_RETENTION_HOURS} hours. Default
         * {@value #DEFAULT_RETENTION_HOURS}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder retentionHours(int retentionHours) {
            if (retentionHours < 1 || retentionHours > MAX_RETENTION_HOURS) {
                throw Preconditions.invalid(
                        "retentionHours", "must be 1.." + MAX_RETENTION_HOURS + ": " + retentionHours);
            }
            this.retentionHours = retentionHours;
            return this;
        }

        /** The clock that gives "now" for insights and trends. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PatternAnalyzer build() {
            return new PatternAnalyzer(this);
        }
    }
}
