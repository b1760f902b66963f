package dev.faultline.health;

import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HealthCheck}s that {@code Faultline.health(...)} and the health endpoints evaluate, and
 * how: the readiness probe for {@code /health} and {@code /health/ready}, the liveness probe for
 * {@code /health/live}. Immutable; built through {@code Faultline.builder().health(h -> ...)}.
 *
 * <pre>{@code
 * Faultline faultline = Faultline.builder()
 *         .health(h -> h
 *                 .check("database", db::check, c -> c.timeout(Duration.ofMillis(500)))
 *                 .check("search", HealthCheck.ping(search::ping), c -> c.critical(false))
 *                 .check("deadlocks", deadlockDetector, c -> c.probes(HealthProbe.LIVENESS))
 *                 .cacheTtl(Duration.ofSeconds(2)))
 *         .build();
 *
 * HealthReport report = faultline.health();
 * report.status();       // UP, DEGRADED or DOWN
 * report.httpStatus();   // 200 for up or degraded, 503 for down
 * }</pre>
 *
 * <h2>Evaluation</h2>
 * <ul>
 *   <li><b>Parallel, each under its own timeout.</b> A probe's checks run at the same time on threads
 *       owned by Faultline, so a slow check never delays the others, and an evaluation takes about
 *       as long as its slowest check, at most the largest timeout. A check that outlives its timeout
 *       is reported {@link HealthStatus#DOWN DOWN} ("timed out after 500 ms") and interrupted.</li>
 *   <li><b>Guarded.</b> A check that throws anything (including {@link Error}s) is reported down with
 *       the exception's class name and message (truncated), one that returns {@code null} is reported
 *       down; each is logged (logger {@code faultline.health}) and counted, and neither affects the
 *       other checks nor reaches the caller. Nothing here ever throws to the caller.</li>
 *   <li><b>A hanging check is not started again.</b> While a run that timed out is still going (it
 *       ignores interrupts), later evaluations report the check down ("still running since …") at
 *       once, without starting it again: a hanging check holds at most one thread and never makes a
 *       caller wait beyond its timeout.</li>
 *   <li><b>Overall status</b> by {@link HealthReport#overall}: down if a critical check is down, else
 *       degraded if any check is not up, else up (also with no checks).</li>
 *   <li><b>Cached and shared.</b> A report is reused for {@link Builder#cacheTtl the cache TTL}
 *       (measured on the ticker), and callers that arrive while an evaluation is in progress wait for
 *       that same evaluation instead of starting another (single flight), each for at most the probe's
 *       largest timeout plus {@value #WAIT_MARGIN_MILLIS} ms. Liveness and readiness are cached and
 *       evaluated separately; a check in both probes runs once when both evaluate at the same time.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Faultline runs the checks on a {@link ThreadPoolExecutor} of daemon threads named {@code faultline-health-N}:
 * {@code min(maxThreads, max(2, number of checks))} threads (so with up to
 * {@link Builder#maxThreads maxThreads} checks, every check always has a thread, even when others
 * hang), started on demand and ended after 30 s idle. Its queue holds at most one run per check.
 * Timeouts are timed by the JDK's shared {@link CompletableFuture} delay thread, which only completes
 * and cancels; checks never run there. Callers' threads only wait. Closing Faultline stops the
 * threads; a check evaluated after that is reported down ("not started: the health checks are
 * closed").
 *
 * <p>Thread-safe. The set of checks is fixed when built.
 */
public final class HealthChecks {

    /** Default timeout of a check: 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The longest timeout allowed: 60 s. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** Default time a report is reused: 1 s. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(1);
    /** The longest cache TTL allowed: 1 h. */
    public static final Duration MAX_CACHE_TTL = Duration.ofHours(1);
    /** Default bound of the thread pool. */
    public static final int DEFAULT_MAX_THREADS = 16;
    /** The largest bound of the thread pool allowed. */
    public static final int MAX_MAX_THREADS = 64;
    /** The longest name of a check. */
    public static final int MAX_NAME_LENGTH = 100;
    /** How much longer than the largest timeout a caller waits for an evaluation, in milliseconds. */
    public static final long WAIT_MARGIN_MILLIS = 250;

    private final List<Registration> checks;
    private final Duration defaultTimeout;
    private final Duration cacheTtl;
    private final int maxThreads;
    private final Clock clock;
    private final LongSupplier ticker;

    private HealthChecks(Builder b) {
        List<Registration> all = new ArrayList<>(b.checks.size());
        b.checks.forEach((name, o) -> all.add(new Registration(name, o.check, o.critical,
                o.timeout != null ? o.timeout : b.defaultTimeout, o.probes)));
        this.checks = List.copyOf(all);
        this.defaultTimeout = b.defaultTimeout;
        this.cacheTtl = b.cacheTtl;
        this.maxThreads = b.maxThreads;
        this.clock = b.clock;
        this.ticker = b.ticker;
    }

    /** A builder with every default and no checks. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registered checks, in registration order; unmodifiable. */
    public List<Registration> checks() {
        return checks;
    }

    /** The names of the checks of {@code probe}, in registration order. */
    public List<String> names(HealthProbe probe) {
        Objects.requireNonNull(probe, "probe");
        return checks.stream().filter(c -> c.probes().contains(probe)).map(Registration::name).toList();
    }

    /** The timeout of checks that set none. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** How long a report is reused before the checks run again. */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /** The most threads that run checks. */
    public int maxThreads() {
        return maxThreads;
    }

    /** The wall clock for report timestamps. */
    public Clock clock() {
        return clock;
    }

    /** The monotonic nanosecond source for the cache TTL and check durations. */
    public LongSupplier ticker() {
        return ticker;
    }

    /** {@code 500 ms} for whole milliseconds, else the ISO form. */
    static String describe(Duration d) {
        return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + " ms" : d.toString();
    }

    /**
     * One registered check and its options.
     *
     * @param name its name, unique among the checks
     * @param check the check
     * @param critical whether its being down makes the whole report down
     * @param timeout how long it may run (its own, else the default timeout)
     * @param probes the probes it belongs to; unmodifiable
     */
    public record Registration(String name, HealthCheck check, boolean critical, Duration timeout,
            Set<HealthProbe> probes) {

        /** Refuses {@code null} components and keeps an unmodifiable copy of the probes. */
        public Registration {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(timeout, "timeout");
            probes = Set.copyOf(probes);
        }
    }

    /**
     * Builds {@link HealthChecks}. Not thread-safe. Each setter checks its argument at once and throws
     * {@link IllegalArgumentException} naming the setting ({@code health.checks}, {@code health.timeout},
     * {@code health.cache_ttl}, {@code health.max_threads}).
     */
    public static final class Builder {
        private final Map<String, CheckOptions> checks = new LinkedHashMap<>();
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private Clock clock = Clock.systemUTC();
        private LongSupplier ticker = System::nanoTime;

        private Builder() {
        }

        /**
         * Registers a check with the default options: critical, {@link #defaultTimeout the default
         * timeout}, readiness only.
         *
         * @throws IllegalArgumentException if the name is blank, longer than {@value HealthChecks#MAX_NAME_LENGTH}
         *     characters or already registered (names {@code health.checks})
         */
        public Builder check(String name, HealthCheck check) {
            return check(name, check, options -> { });
        }

        /**
         * Registers a check and sets its options:
         * {@code .check("search", search::check, c -> c.critical(false).timeout(Duration.ofMillis(300)))}.
         *
         * @throws IllegalArgumentException if the name is blank, longer than {@value HealthChecks#MAX_NAME_LENGTH}
         *     characters or already registered (names {@code health.checks}), or an option is invalid
         */
        public Builder check(String name, HealthCheck check, Consumer<CheckOptions> options) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(options, "options");
            if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
                throw Preconditions.invalid("health.checks", ": a check name must be 1 to " + MAX_NAME_LENGTH
                        + " characters and not blank, was '" + name + "'");
            }
            if (checks.containsKey(name)) {
                throw Preconditions.invalid("health.checks", "already has a check named '" + name + "'");
            }
            CheckOptions o = new CheckOptions(check);
            options.accept(o);
            checks.put(name, o);
            return this;
        }

        /**
         * The timeout of checks that set none; default {@link HealthChecks#DEFAULT_TIMEOUT} (2 s).
         *
         * @throws IllegalArgumentException if not more than 0 or more than {@link HealthChecks#MAX_TIMEOUT} (60 s)
         *     (names {@code health.timeout})
         */
        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = checkTimeout(timeout);
            return this;
        }

        /**
         * How long a report is reused before the checks run again, measured on the {@link #ticker};
         * {@link Duration#ZERO} to evaluate on every call (concurrent calls still share one evaluation);
         * default {@link HealthChecks#DEFAULT_CACHE_TTL} (1 s).
         *
         * @throws IllegalArgumentException if negative or more than {@link HealthChecks#MAX_CACHE_TTL} (1 h) (names
         *     {@code health.cache_ttl})
         */
        public Builder cacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.compareTo(MAX_CACHE_TTL) > 0) {
                throw Preconditions.invalid("health.cache_ttl", "must be between 0 (no cache) and "
                        + describe(MAX_CACHE_TTL) + ", was " + describe(ttl));
            }
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * The most threads that run checks; the pool has {@code min(maxThreads, max(2, checks))}.
         * With more checks than threads, a check may wait for a thread, and one that waits out its whole
         * timeout is reported "timed out after … before it started: no free health thread". Default
         * {@value HealthChecks#DEFAULT_MAX_THREADS}.
         *
         * @throws IllegalArgumentException if outside 1..{@value HealthChecks#MAX_MAX_THREADS} (names
         *     {@code health.max_threads})
         */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 1 || maxThreads > MAX_MAX_THREADS) {
                throw Preconditions.invalid("health.max_threads", "must be between 1 and " + MAX_MAX_THREADS
                        + ", was " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /** The wall clock for report timestamps and "still running since"; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The monotonic nanosecond source for the cache TTL and check durations; default
         * {@link System#nanoTime()}. Check timeouts are always real time.
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The checks and settings. */
        public HealthChecks build() {
            return new HealthChecks(this);
        }

        static Duration checkTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw Preconditions.invalid("health.timeout", "must be more than 0 and at most "
                        + describe(MAX_TIMEOUT) + ", was " + describe(timeout));
            }
            return timeout;
        }
    }

    /**
     * The options of one check, set in {@link Builder#check(String, HealthCheck, Consumer)}. Not
     * thread-safe; only used while building.
     */
    public static final class CheckOptions {
        private final HealthCheck check;
        private boolean critical = true;
        private @Nullable Duration timeout;
        private Set<HealthProbe> probes = EnumSet.of(HealthProbe.READINESS);

        private CheckOptions(HealthCheck check) {
            this.check = check;
        }

        /**
         * Whether the check being down makes the whole report down (HTTP 503); a non-critical check that
         * is down only makes it degraded (HTTP 200). Default {@code true}.
         */
        public CheckOptions critical(boolean critical) {
            this.critical = critical;
            return this;
        }

        /**
         * How long the check may run before it is reported down and interrupted; default the builder's
         * {@link Builder#defaultTimeout default timeout} (2 s unless changed).
         *
         * @throws IllegalArgumentException if not more than 0 or more than {@link HealthChecks#MAX_TIMEOUT} (60 s)
         *     (names {@code health.timeout})
         */
        public CheckOptions timeout(Duration timeout) {
            this.timeout = Builder.checkTimeout(timeout);
            return this;
        }

        /**
         * The probes the check belongs to, replacing the default {@link HealthProbe#READINESS}:
         * {@code probes(LIVENESS)}, or {@code probes(LIVENESS, READINESS)} for both. Liveness checks
         * should be cheap and about the process itself.
         */
        public CheckOptions probes(HealthProbe probe, HealthProbe... more) {
            Objects.requireNonNull(probe, "probe");
            EnumSet<HealthProbe> set = EnumSet.of(probe);
            for (HealthProbe p : Objects.requireNonNull(more, "more")) {
                set.add(Objects.requireNonNull(p, "probe"));
            }
            this.probes = set;
            return this;
        }
    }
}
