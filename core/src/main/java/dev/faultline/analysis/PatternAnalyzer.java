package dev.faultline.analysis;

import dev.faultline.error.ErrorType;
import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.util.Objects;

/**
 * The pattern analyzer's settings, and the rules it follows: Faultline groups error events into
 * patterns by their fingerprint and turns the pattern table into the {@link Insights} that
 * {@code Faultline.insights()} returns — the most common patterns, new and rising ones, and
 * recommendations that cite their evidence. Built through
 * {@code Faultline.builder().analysis(a -> a.maximumPatterns(5000))}; immutable and thread-safe.
 *
 * <h2>What is kept</h2>
 * A table of at most {@link Builder#maximumPatterns(int) maximumPatterns} patterns (default
 * {@value #DEFAULT_MAX_PATTERNS}) keyed by fingerprint: a Caffeine cache bounded by size, whose
 * W-TinyLFU policy keeps the frequent patterns when a flood of new ones arrives. Every pattern dropped
 * to keep the bound is counted ({@code evicted_patterns}); its figures are gone,
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
 * <h2>Cost and memory</h2>
 * Recording an event is O(1) and takes no global lock; building the insights is O(patterns ×
 * retentionHours + patterns × log patterns). Memory per pattern (64-bit JVM, compressed references):
 * about 0.7 KB + 8 B × {@code retentionHours} with typical names (a 40-char exception class, a 60-char
 * message, one or two short endpoints), and at most about 3.7 KB + 8 B × {@code retentionHours} — the
 * exception class cut to {@value #MAX_NAME_LENGTH} chars, the message to 200 chars, five endpoints of
 * {@value #MAX_NAME_LENGTH} chars, all non-Latin-1. With the defaults a full table takes about 0.9 MB,
 * at most about 3.9 MB; the per-type rings add 13 × 8 B × {@code retentionHours}. Insights are weakly
 * consistent with recording in flight, and exact once recording stops.
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

    private final int maximumPatterns;
    private final int retentionHours;
    private final Clock clock;

    private PatternAnalyzer(Builder b) {
        this.maximumPatterns = b.maximumPatterns;
        this.retentionHours = b.retentionHours;
        this.clock = b.clock;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most patterns kept. */
    public int maximumPatterns() {
        return maximumPatterns;
    }

    /** The window of the per-hour counts, in hours. */
    public int retentionHours() {
        return retentionHours;
    }

    /** The clock that gives "now" for insights and trends. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "PatternAnalyzer[maximumPatterns=" + maximumPatterns + ", retentionHours=" + retentionHours + "]";
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

        /** The settings. */
        public PatternAnalyzer build() {
            return new PatternAnalyzer(this);
        }
    }
}
