package dev.faultline.metrics;

import dev.faultline.internal.Preconditions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the performance monitor behind {@code Faultline.performance()}. Immutable and thread-safe;
 * built through
 * {@code Faultline.builder().performance(p -> ...)}.
 */
public final class PerformanceConfig {

    /** Default slow-request threshold: a request that takes this long or longer logs {@code slow request}. */
    public static final Duration DEFAULT_SLOW_REQUEST_THRESHOLD = Duration.ofMillis(1000);
    /** Default cap of endpoints tracked on their own. */
    public static final int DEFAULT_MAX_ENDPOINTS = 64;

    private final Duration slowRequestThreshold;
    private final int maxEndpoints;

    private PerformanceConfig(Builder b) {
        this.slowRequestThreshold = b.slowRequestThreshold;
        this.maxEndpoints = b.maxEndpoints;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Requests at or over this are slow ({@code slow_request_threshold}). */
    public Duration slowRequestThreshold() {
        return slowRequestThreshold;
    }

    /** Endpoints tracked on their own; later ones fold into {@code _other}. */
    public int maxEndpoints() {
        return maxEndpoints;
    }

    /** Builds a {@link PerformanceConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration slowRequestThreshold = DEFAULT_SLOW_REQUEST_THRESHOLD;
        private int maxEndpoints = DEFAULT_MAX_ENDPOINTS;

        private Builder() {
        }

        /**
         * The slow-request threshold; default 1000 ms.
         *
         * @throws IllegalArgumentException if not positive (names {@code performance.slow_request_threshold})
         */
        public Builder slowRequestThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isZero() || threshold.isNegative()) {
                throw Preconditions.invalid("performance.slow_request_threshold", "must be positive, was " + threshold);
            }
            this.slowRequestThreshold = threshold;
            return this;
        }

        /**
         * How many endpoints are tracked on their own; default {@value PerformanceConfig#DEFAULT_MAX_ENDPOINTS}.
         *
         * @throws IllegalArgumentException outside 1..10,000 (names {@code performance.max_endpoints})
         */
        public Builder maxEndpoints(int max) {
            if (max < 1 || max > 10_000) {
                throw Preconditions.invalid("performance.max_endpoints", "must be between 1 and 10000, was " + max);
            }
            this.maxEndpoints = max;
            return this;
        }

        public PerformanceConfig build() {
            return new PerformanceConfig(this);
        }
    }
}
