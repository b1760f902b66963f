package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Template;
import java.time.Duration;

/**
 * A burn-rate style rule: fires when failed requests over all requests within a window reach a
 * ratio, provided there were at least a minimum number of requests (so that 1 failure out of 2
 * requests at night does not page anyone).
 *
 * <pre>{@code
 * ErrorRatioRule rule = ErrorRatioRule.builder("error_ratio")
 *         .ratio(0.05)                     // 5 % of requests failed
 *         .minRequests(100)
 *         .window(Duration.ofMinutes(5))
 *         .level(AlertLevel.ERROR)
 *         .notifyResolved(true)
 *         .build();
 * }</pre>
 *
 * <p>It is fed every finished request (O(1) and lock-free per request, counted in
 * {@value ThresholdRule#BUCKETS} buckets like a {@link ThresholdRule}) and evaluated on the alerting
 * engine's tick ({@link Alerting.Builder#tickInterval(java.time.Duration)}), never per request. Each tick on which the condition holds is a firing: the
 * first notifies, later ones within the cooldown (default: the window) are suppressed and counted.
 * With {@link Builder#notifyResolved(boolean) notifyResolved}, once the condition has not held for a
 * whole window (the ratio dropped below, or too few requests), a resolved notification follows. The
 * alert's context: {@code error_ratio} (0 to 1, four decimals), {@code error_percent} ({@code "12.5"}),
 * {@code errors}, {@code requests}, {@code ratio_threshold}, {@code min_requests}, {@code window}.
 * One group per rule (its name).
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorRatioRule implements AlertRule {

    /** Default minimum number of requests in the window: 100. */
    public static final int DEFAULT_MIN_REQUESTS = 100;
    /** Default level: {@link AlertLevel#ERROR}. */
    public static final AlertLevel DEFAULT_LEVEL = AlertLevel.ERROR;
    /** Default message template. */
    public static final String DEFAULT_MESSAGE_TEMPLATE =
            "{rule}: {error_percent}% of requests failed in {window} ({errors} of {requests}; threshold {ratio_threshold})";

    private final String name;
    private final double ratio;
    private final int minRequests;
    private final Duration window;
    private final AlertLevel level;
    private final Template template;
    private final Duration cooldown;
    private final boolean notifyResolved;

    private ErrorRatioRule(Builder b) {
        this.name = b.name;
        this.ratio = b.ratio;
        this.minRequests = b.minRequests;
        this.window = b.window;
        this.level = b.level;
        this.template = b.template;
        this.cooldown = b.cooldown != null ? b.cooldown : b.window;
        this.notifyResolved = b.notifyResolved;
    }

    /** A builder for a rule named {@code name}; {@link Builder#ratio(double) the ratio} is required. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** The ratio of failed requests (0 exclusive to 1 inclusive) that fires the rule. */
    public double ratio() {
        return ratio;
    }

    /** The fewest requests in the window for the rule to fire. */
    public int minRequests() {
        return minRequests;
    }

    /** The window requests are counted in. */
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

    /** Whether a resolved notification follows once the condition has not held for a whole window. */
    public boolean notifyResolved() {
        return notifyResolved;
    }

    @Override
    public String toString() {
        return "ErrorRatioRule[" + name + ", ratio=" + ratio + ", minRequests=" + minRequests + ", window=" + window
                + ", level=" + level.label() + ", cooldown=" + cooldown + ", notifyResolved=" + notifyResolved + "]";
    }

    /** Builds an {@link ErrorRatioRule}. Not thread-safe; each setter checks its argument. */
    public static final class Builder extends AlertRuleBuilder<Builder> {

        private double ratio = Double.NaN;
        private int minRequests = DEFAULT_MIN_REQUESTS;
        private Duration window = ThresholdRule.DEFAULT_WINDOW;
        private boolean notifyResolved;

        private Builder(String name) {
            super(name, DEFAULT_LEVEL, DEFAULT_MESSAGE_TEMPLATE);
        }

        /**
         * The ratio of failed requests that fires the rule. Required.
         *
         * @throws IllegalArgumentException ({@code alert.ratio}) unless above 0 and at most 1
         */
        public Builder ratio(double ratio) {
            if (!(ratio > 0.0 && ratio <= 1.0)) {
                throw Preconditions.invalid("alert.ratio", "must be above 0 and at most 1, was " + ratio);
            }
            this.ratio = ratio;
            return this;
        }

        /**
         * The fewest requests in the window for the rule to fire. Default {@value #DEFAULT_MIN_REQUESTS}.
         *
         * @throws IllegalArgumentException ({@code alert.min_requests}) unless from 1 to 1,000,000,000
         */
        public Builder minRequests(int minRequests) {
            this.minRequests = Preconditions.range("alert.min_requests", minRequests, 1, 1_000_000_000);
            return this;
        }

        /**
         * The window requests are counted in. Default 5 minutes.
         *
         * @throws IllegalArgumentException ({@code alert.window}) unless whole milliseconds from 20 ms to a day
         */
        public Builder window(Duration window) {
            this.window = ThresholdRule.windowOf(window);
            return this;
        }
        /** Whether to notify when the condition has not held for a whole window. Default {@code false}. */
        public Builder notifyResolved(boolean notifyResolved) {
            this.notifyResolved = notifyResolved;
            return this;
        }

        /**
         * The rule.
         *
         * @throws IllegalStateException if no ratio was set
         */
        public ErrorRatioRule build() {
            if (Double.isNaN(ratio)) {
                throw new IllegalStateException("alert.ratio is required for rule " + name);
            }
            return new ErrorRatioRule(this);
        }
    }
}
