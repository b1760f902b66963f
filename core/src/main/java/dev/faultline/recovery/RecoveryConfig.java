package dev.faultline.recovery;

import dev.faultline.error.ErrorType;
import dev.faultline.internal.PathPattern;
import dev.faultline.internal.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Recovery settings: strategies per error type (optionally per route), stale-if-error routes and
 * route shedding. Immutable; built through {@code Faultline.builder().recovery(r -> ...)}. Recovery
 * is on by default except in development (the environment preset), and {@link Builder#enabled}
 * overrides it.
 *
 * <pre>{@code
 * .recovery(r -> r
 *     .fallback(ErrorType.EXTERNAL_SERVICE, ctx -> RecoveryResult.degradedJson("{\"recommendations\":[]}"))
 *     .staleIfError("/videos/**")
 *     .shedding("/videos/**", s -> s.minimumCalls(10).failureRatePercent(50).openFor(Duration.ofSeconds(30))))
 * }</pre>
 */
public final class RecoveryConfig {

    /** Default time limit of one strategy. */
    public static final Duration DEFAULT_STRATEGY_TIMEOUT = Duration.ofMillis(500);
    /** Default cap of one stale body. */
    public static final int DEFAULT_STALE_MAX_BODY_BYTES = 64 * 1024;
    /** Default number of stale responses kept. */
    public static final int DEFAULT_STALE_ENTRIES = 1000;
    /** Default age after which a stale response is no longer served. */
    public static final Duration DEFAULT_STALE_MAX_AGE = Duration.ofHours(1);

    private final @Nullable Boolean enabled;
    private final List<Registration> strategies;
    private final List<String> staleRoutes;
    private final int staleMaxBodyBytes;
    private final int staleEntries;
    private final Duration staleMaxAge;
    private final List<Shedding> shedding;
    private final Duration strategyTimeout;

    private RecoveryConfig(Builder b) {
        this.enabled = b.enabled;
        this.strategies = List.copyOf(b.strategies);
        this.staleRoutes = List.copyOf(b.staleRoutes);
        this.staleMaxBodyBytes = b.staleMaxBodyBytes;
        this.staleEntries = b.staleEntries;
        this.staleMaxAge = b.staleMaxAge;
        this.shedding = List.copyOf(b.shedding);
        this.strategyTimeout = b.strategyTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The switch set in code, or {@code null} for the preset. */
    public @Nullable Boolean enabled() {
        return enabled;
    }

    /** The registered strategies, in registration order; unmodifiable. */
    public List<Registration> strategies() {
        return strategies;
    }

    /** The route patterns whose GET responses stale-if-error keeps, as written; unmodifiable. */
    public List<String> staleRoutes() {
        return staleRoutes;
    }

    /** The largest body kept for stale-if-error. */
    public int staleMaxBodyBytes() {
        return staleMaxBodyBytes;
    }

    /** How many stale responses are kept. */
    public int staleEntries() {
        return staleEntries;
    }

    /** The oldest response stale-if-error still serves. */
    public Duration staleMaxAge() {
        return staleMaxAge;
    }

    /** The shed routes' settings, in registration order; unmodifiable. */
    public List<Shedding> shedding() {
        return shedding;
    }

    /** The time limit of one strategy. */
    public Duration strategyTimeout() {
        return strategyTimeout;
    }

    /**
     * A registered strategy: for a type, optionally only on a route.
     *
     * @param name the name its breaker and log lines use: the type's label, the route, and its position
     * @param type the error type it recovers
     * @param route the route pattern it is limited to, as written; {@code null} for every path
     * @param strategy the strategy
     */
    public record Registration(String name, ErrorType type, @Nullable String route, RecoveryStrategy strategy) {

        /** Refuses {@code null} name, type and strategy. */
        public Registration {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(strategy, "strategy");
        }
    }

    /** Route-shedding settings of one route pattern. */
    public static final class Shedding {
        final PathPattern route;
        int minimumCalls = 10;
        float failureRatePercent = 50;
        int windowSize = 20;
        Duration openFor = Duration.ofSeconds(30);
        int probes = 3;

        Shedding(PathPattern route) {
            this.route = route;
        }

        /** The route pattern shed, as written. */
        public String route() {
            return route.toString();
        }

        /** Calls needed in the window before the rate counts. */
        public int minimumCalls() {
            return minimumCalls;
        }

        /** The failure rate, in percent, that opens the breaker. */
        public float failureRatePercent() {
            return failureRatePercent;
        }

        /** The calls the rate is computed over. */
        public int window() {
            return windowSize;
        }

        /** How long the route is shed once open. */
        public Duration openFor() {
            return openFor;
        }

        /** Probe requests let through half-open. */
        public int probes() {
            return probes;
        }

        /**
         * Calls needed in the window before the rate counts; default 10.
         *
         * @throws IllegalArgumentException below 1 (names {@code recovery.shedding.minimum_calls})
         */
        public Shedding minimumCalls(int calls) {
            if (calls < 1) {
                throw Preconditions.invalid("recovery.shedding.minimum_calls", "must be at least 1, was " + calls);
            }
            this.minimumCalls = calls;
            this.windowSize = Math.max(windowSize, calls);
            return this;
        }

        /**
         * The failure rate, in percent of the window's calls, that opens the breaker; default 50.
         *
         * @throws IllegalArgumentException outside (0, 100] (names {@code recovery.shedding.failure_rate})
         */
        public Shedding failureRatePercent(float percent) {
            if (!(percent > 0 && percent <= 100)) {
                throw Preconditions.invalid("recovery.shedding.failure_rate", "must be in (0, 100], was " + percent);
            }
            this.failureRatePercent = percent;
            return this;
        }

        /**
         * The calls the rate is computed over (a count-based sliding window); default 20, at least the
         * minimum calls.
         *
         * @throws IllegalArgumentException below 1 (names {@code recovery.shedding.window})
         */
        public Shedding window(int calls) {
            if (calls < 1) {
                throw Preconditions.invalid("recovery.shedding.window", "must be at least 1, was " + calls);
            }
            this.windowSize = Math.max(calls, minimumCalls);
            return this;
        }

        /**
         * How long the route is shed once open, before probes are let through; default 30 s.
         *
         * @throws IllegalArgumentException if not positive (names {@code recovery.shedding.open_for})
         */
        public Shedding openFor(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.isZero() || duration.isNegative()) {
                throw Preconditions.invalid("recovery.shedding.open_for", "must be positive, was " + duration);
            }
            this.openFor = duration;
            return this;
        }

        /**
         * Probe requests let through half-open; default 3.
         *
         * @throws IllegalArgumentException below 1 (names {@code recovery.shedding.probes})
         */
        public Shedding probes(int probes) {
            if (probes < 1) {
                throw Preconditions.invalid("recovery.shedding.probes", "must be at least 1, was " + probes);
            }
            this.probes = probes;
            return this;
        }
    }

    /** Builds a {@link RecoveryConfig}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Boolean enabled;
        private final List<Registration> strategies = new ArrayList<>();
        private final List<String> staleRoutes = new ArrayList<>();
        private int staleMaxBodyBytes = DEFAULT_STALE_MAX_BODY_BYTES;
        private int staleEntries = DEFAULT_STALE_ENTRIES;
        private Duration staleMaxAge = DEFAULT_STALE_MAX_AGE;
        private final List<Shedding> shedding = new ArrayList<>();
        private Duration strategyTimeout = DEFAULT_STRATEGY_TIMEOUT;

        private Builder() {
        }

        /** Run recovery; default: the environment preset (off in development). */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** A strategy for every failure of {@code type}. */
        public Builder strategy(ErrorType type, RecoveryStrategy strategy) {
            return register(type, null, strategy);
        }

        /**
         * A strategy for failures of {@code type} on paths matching {@code route} ({@code /videos/**});
         * route strategies run before type-wide ones.
         */
        public Builder strategy(ErrorType type, String route, RecoveryStrategy strategy) {
            return register(type, PathPattern.parse(route, "recovery.route"), strategy);
        }

        /** A fallback response for every failure of {@code type}: the built-in fallback strategy. */
        public Builder fallback(ErrorType type, Function<RecoveryContext, RecoveryResult> fallback) {
            Objects.requireNonNull(fallback, "fallback");
            return register(type, null, fallback::apply);
        }

        private Builder register(ErrorType type, @Nullable PathPattern route, RecoveryStrategy strategy) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(strategy, "strategy");
            String name = type.label() + (route == null ? "" : " " + route) + " #" + (strategies.size() + 1);
            strategies.add(new Registration(name, type, route == null ? null : route.toString(), strategy));
            return this;
        }

        /**
         * Serve the last good response of GET requests on paths matching {@code route} when they fail
         * with a retryable error (stale-if-error, after RFC 5861), marked degraded and with its
         * {@code Age}; a shed request of such a path is answered from the copy too. Responses are kept
         * by path and query, only when complete and within the body cap, and never for requests that
         * carry {@code Authorization} or {@code Cookie} (their answer may be the caller's own).
         */
        public Builder staleIfError(String route) {
            staleRoutes.add(PathPattern.parse(route, "recovery.stale_if_error").toString());
            return this;
        }

        /**
         * The largest body kept for stale-if-error; default 64 KiB.
         *
         * @throws IllegalArgumentException outside 1..16 MiB (names {@code recovery.stale_max_body_bytes})
         */
        public Builder staleMaxBodyBytes(int bytes) {
            if (bytes < 1 || bytes > 16 * 1024 * 1024) {
                throw Preconditions.invalid("recovery.stale_max_body_bytes", "must be between 1 and 16777216, was " + bytes);
            }
            this.staleMaxBodyBytes = bytes;
            return this;
        }

        /**
         * How many stale responses are kept (Caffeine evicts beyond); default 1000.
         *
         * @throws IllegalArgumentException outside 1..1,000,000 (names {@code recovery.stale_entries})
         */
        public Builder staleEntries(int entries) {
            if (entries < 1 || entries > 1_000_000) {
                throw Preconditions.invalid("recovery.stale_entries", "must be between 1 and 1000000, was " + entries);
            }
            this.staleEntries = entries;
            return this;
        }

        /**
         * The oldest response stale-if-error still serves; default 1 h.
         *
         * @throws IllegalArgumentException if not positive (names {@code recovery.stale_max_age})
         */
        public Builder staleMaxAge(Duration age) {
            Objects.requireNonNull(age, "age");
            if (age.isZero() || age.isNegative()) {
                throw Preconditions.invalid("recovery.stale_max_age", "must be positive, was " + age);
            }
            this.staleMaxAge = age;
            return this;
        }

        /**
         * Shed paths matching {@code route} while they keep failing: a breaker over the application's
         * retryable failures; while open, requests get a 503 with {@code Retry-After} without reaching
         * the application; half-open probes let it heal.
         */
        public Builder shedding(String route, Consumer<Shedding> configure) {
            Shedding s = new Shedding(PathPattern.parse(route, "recovery.shedding"));
            Objects.requireNonNull(configure, "configure").accept(s);
            shedding.add(s);
            return this;
        }

        /**
         * The time limit of one strategy; default 500 ms.
         *
         * @throws IllegalArgumentException outside (0, 60 s] (names {@code recovery.strategy_timeout})
         */
        public Builder strategyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw Preconditions.invalid("recovery.strategy_timeout", "must be in (0, 60 s], was " + timeout);
            }
            this.strategyTimeout = timeout;
            return this;
        }

        public RecoveryConfig build() {
            return new RecoveryConfig(this);
        }
    }
}
