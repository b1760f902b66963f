package dev.faultline.alert;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Template;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A rule that fires when at least {@link #threshold() N} error events matching its condition happened
 * within its {@link #window() window}, like the default thresholds per severity (critical 1, high 5,
 * medium 20, low 100: {@link #defaultsPerSeverity()}).
 *
 * <pre>{@code
 * ThresholdRule rule = ThresholdRule.builder("database_errors")
 *         .condition(e -> e.type() == ErrorType.DATABASE)
 *         .threshold(5)
 *         .window(Duration.ofMinutes(5))
 *         .level(AlertLevel.ERROR)
 *         .notifyResolved(true)
 *         .build();
 * }</pre>
 *
 * <h2>Counting</h2>
 * Matching events are counted in a ring of {@value #BUCKETS} buckets of {@code window / 20} (rounded
 * up to a millisecond) per {@link Alerting}, whatever the traffic: an event counts for between 19/20 of
 * the window and the whole window (exactly the window when it is a multiple of 20 ms, as every whole
 * number of seconds is). Recording is O(1) and lock-free; reading the count is O(20).
 *
 * <h2>Notifications</h2>
 * Each matching event that finds the count at or above the threshold is a firing: the first notifies,
 * repeats within the cooldown (default: the window) are suppressed and counted. There is one group per
 * rule (its name). The alert's context is the event's fields plus {@code count}, {@code threshold} and
 * {@code window} ({@code "5m"}). With {@link Builder#notifyResolved(boolean) notifyResolved}, once the
 * count has stayed below the threshold for a whole window (checked on the alerting engine's tick, see {@link Alerting.Builder#tickInterval(Duration)}), a
 * resolved notification ({@link Alert#resolved()}) follows; it is not subject to the cooldown.
 *
 * <p>The condition is a user callback: one that throws is logged, counted and counts as not matching.
 * Immutable and thread-safe.
 */
public final class ThresholdRule implements AlertRule {

    /** The number of buckets a window is counted in. */
    public static final int BUCKETS = 20;
    /** Default window: 5 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** The shortest window: 20 ms. */
    public static final Duration MIN_WINDOW = Duration.ofMillis(BUCKETS);
    /** The longest window: one day. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);
    /** Default level: {@link AlertLevel#WARNING}. */
    public static final AlertLevel DEFAULT_LEVEL = AlertLevel.WARNING;
    /** Default message template. */
    public static final String DEFAULT_MESSAGE_TEMPLATE =
            "{rule}: {count} errors in {window} (threshold {threshold}); latest {error_type} at {endpoint}";

    private final String name;
    private final Predicate<ErrorEvent> condition;
    private final int threshold;
    private final Duration window;
    private final AlertLevel level;
    private final Template template;
    private final Duration cooldown;
    private final boolean notifyResolved;

    private ThresholdRule(Builder b) {
        this.name = b.name;
        this.condition = b.condition;
        this.threshold = b.threshold;
        this.window = b.window;
        this.level = b.level;
        this.template = b.template;
        this.cooldown = b.cooldown != null ? b.cooldown : b.window;
        this.notifyResolved = b.notifyResolved;
    }

    /** A builder for a rule named {@code name}: every event, threshold 1, window 5 minutes. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The default thresholds, one rule per severity, each counting the events of its severity within
     * 5 minutes at the level {@link AlertLevel#forSeverity matching the severity}, cooldown 5 minutes,
     * with resolved notifications: {@code severity_critical} (1), {@code severity_high} (5),
     * {@code severity_medium} (20) and {@code severity_low} (100).
     */
    public static List<ThresholdRule> defaultsPerSeverity() {
        return List.of(forSeverity(ErrorSeverity.CRITICAL, 1), forSeverity(ErrorSeverity.HIGH, 5),
                forSeverity(ErrorSeverity.MEDIUM, 20), forSeverity(ErrorSeverity.LOW, 100));
    }

    private static ThresholdRule forSeverity(ErrorSeverity severity, int threshold) {
        return builder("severity_" + severity.label())
                .condition(e -> e.severity() == severity)
                .threshold(threshold)
                .window(DEFAULT_WINDOW)
                .level(AlertLevel.forSeverity(severity))
                .messageTemplate("{count} " + severity.label()
                        + "-severity errors in {window} (threshold {threshold}); latest {error_type} at {endpoint}")
                .notifyResolved(true)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    /** The condition an event must match to count. */
    public Predicate<ErrorEvent> condition() {
        return condition;
    }

    /** How many matching events within the window fire the rule. */
    public int threshold() {
        return threshold;
    }

    /** The window events are counted in. */
    public Duration window() {
        return window;
    }

    @Override
    public AlertLevel level() {
        return level;
    }

    @Override
    public String messageTemplate() {
        return template.toString();
    }


    @Override
    public Duration cooldown() {
        return cooldown;
    }

    /** Whether a resolved notification follows once the count stayed below the threshold for a window. */
    public boolean notifyResolved() {
        return notifyResolved;
    }

    @Override
    public String toString() {
        return "ThresholdRule[" + name + ", threshold=" + threshold + ", window=" + window + ", level="
                + level.label() + ", cooldown=" + cooldown + ", notifyResolved=" + notifyResolved + "]";
    }

    /** Builds a {@link ThresholdRule}. Not thread-safe; each setter checks its argument. */
    public static final class Builder extends AlertRuleBuilder<Builder> {

        private Predicate<ErrorEvent> condition = e -> true;
        private int threshold = 1;
        private Duration window = DEFAULT_WINDOW;
        private boolean notifyResolved;

        private Builder(String name) {
            super(name, DEFAULT_LEVEL, DEFAULT_MESSAGE_TEMPLATE);
        }

        /** The condition an event must match to count. Default: every event. */
        public Builder condition(Predicate<ErrorEvent> condition) {
            this.condition = Objects.requireNonNull(condition, "alert.condition");
            return this;
        }

        /**
         * How many matching events within the window fire the rule. Default 1.
         *
         * @throws IllegalArgumentException ({@code alert.threshold}) unless from 1 to 1,000,000,000
         */
        public Builder threshold(int threshold) {
            this.threshold = Preconditions.range("alert.threshold", threshold, 1, 1_000_000_000);
            return this;
        }

        /**
         * The window events are counted in. Default 5 minutes.
         *
         * @throws IllegalArgumentException ({@code alert.window}) unless whole milliseconds from 20 ms to a day
         */
        public Builder window(Duration window) {
            this.window = windowOf(window);
            return this;
        }
        /** Whether to notify when the count stayed below the threshold for a whole window. Default {@code false}. */
        public Builder notifyResolved(boolean notifyResolved) {
            this.notifyResolved = notifyResolved;
            return this;
        }

        /** The rule. */
        public ThresholdRule build() {
            return new ThresholdRule(this);
        }
    }

    static Duration windowOf(Duration window) {
        Preconditions.millis("alert.window", window, MAX_WINDOW);
        if (window.compareTo(MIN_WINDOW) < 0) {
            throw Preconditions.invalid("alert.window", "must be at least " + MIN_WINDOW + ", was " + window);
        }
        return window;
    }
}
