package dev.faultline.health;

import dev.faultline.health.HealthReport.CheckResult;
import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of {@link HealthCheck}s that the health endpoints evaluate: {@link #readiness()} for
 * {@code /health} and {@code /health/ready}, {@link #liveness()} for {@code /health/live}.
 *
 * <pre>{@code
 * HealthChecks health = HealthChecks.builder()
 *         .check("database", db::check, c -> c.timeout(Duration.ofMillis(500)))
 *         .check("search", HealthCheck.ping(search::ping), c -> c.critical(false))
 *         .check("deadlocks", deadlockDetector, c -> c.probes(HealthProbe.LIVENESS))
 *         .cacheTtl(Duration.ofSeconds(2))
 *         .build();
 *
 * HealthReport report = health.readiness();
 * report.status();       // UP, DEGRADED or DOWN
 * report.httpStatus();   // 200 for up or degraded, 503 for down
 * }</pre>
 *
 * <h2>Evaluation</h2>
 * <ul>
 *   <li><b>Parallel, each under its own timeout.</b> A probe's checks run at the same time on threads
 *       owned by this registry, so a slow check never delays the others, and an evaluation takes about
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
 * The registry owns a {@link ThreadPoolExecutor} of daemon threads named {@code faultline-health-N}:
 * {@code min(maxThreads, max(2, number of checks))} threads (so with up to
 * {@link Builder#maxThreads maxThreads} checks, every check always has a thread, even when others
 * hang), started on demand and ended after 30 s idle. Its queue holds at most one run per check.
 * Timeouts are timed by the JDK's shared {@link CompletableFuture} delay thread, which only completes
 * and cancels; checks never run there. Callers' threads only wait. {@link #close()} stops the threads.
 *
 * <p>Thread-safe: every method may be called from any thread at any time. The set of checks is fixed
 * when built.
 */
public final class HealthChecks implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("faultline.health");

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

    static final String CLOSED = "not started: the health checks are closed";

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    final Clock clock;
    final LongSupplier ticker;
    final ThreadPoolExecutor executor;
    final int threads;
    final LongAdder evaluations = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder skipped = new LongAdder();
    private final long ttlNanos;
    private final Probe readiness;
    private final Probe liveness;
    private volatile boolean closed;

    private HealthChecks(Builder b) {
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.ttlNanos = b.cacheTtl.toNanos();
        List<RegisteredCheck> all = new ArrayList<>(b.checks.size());
        b.checks.forEach((name, spec) -> all.add(new RegisteredCheck(name, spec.check, spec.critical,
                spec.timeout != null ? spec.timeout : b.defaultTimeout, spec.probes)));
        this.readiness = new Probe(HealthProbe.READINESS, all);
        this.liveness = new Probe(HealthProbe.LIVENESS, all);
        this.threads = Math.min(b.maxThreads, Math.max(2, all.size()));
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, all.size())), HealthChecks::newThread);
        executor.allowCoreThreadTimeOut(true);
    }

    private static Thread newThread(Runnable r) {
        Thread t = new Thread(r, "faultline-health-" + THREAD_NUMBER.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** A builder with every default and no checks. */
    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates the readiness checks ({@code /health}, {@code /health/ready}); same as {@link #readiness()}. */
    public HealthReport evaluate() {
        return readiness.report();
    }

    /** Evaluates the readiness checks ({@code /health}, {@code /health/ready}), or returns the cached report. */
    public HealthReport readiness() {
        return readiness.report();
    }

    /** Evaluates the liveness checks ({@code /health/live}), or returns the cached report. */
    public HealthReport liveness() {
        return liveness.report();
    }

    /** Evaluates the checks of {@code probe}, or returns the cached report. */
    public HealthReport evaluate(HealthProbe probe) {
        Objects.requireNonNull(probe, "probe");
        return probe == HealthProbe.LIVENESS ? liveness.report() : readiness.report();
    }

    /** The names of the checks of {@code probe}, in registration order. */
    public List<String> names(HealthProbe probe) {
        Objects.requireNonNull(probe, "probe");
        return (probe == HealthProbe.LIVENESS ? liveness : readiness).names;
    }

    /** How many evaluations ran (cache hits and callers that shared an evaluation not counted). */
    public long evaluationCount() {
        return evaluations.sum();
    }

    /** How many check runs outlived their timeout. */
    public long timeoutCount() {
        return timeouts.sum();
    }

    /** How many check runs threw or returned {@code null} (within their timeout). */
    public long failureCount() {
        return failures.sum();
    }

    /** How many times a check was reported "still running" instead of being started again. */
    public long skippedCount() {
        return skipped.sum();
    }

    /**
     * Stops the threads: running checks are interrupted, queued ones dropped. Callers waiting for an
     * evaluation, and every later evaluation, get a report that is down with every check down
     * ({@code "not started: the health checks are closed"}). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        readiness.abandon();
        liveness.abandon();
    }

    boolean isClosed() {
        return closed;
    }

    static void warn(String message, @Nullable Throwable t) {
        try {
            LOG.warn(message, t);
        } catch (Throwable hostile) { // a throwable whose toString or stack trace throws
            LOG.warn(message);
        }
    }

    /** {@code 500 ms} for whole milliseconds, else the ISO form. */
    static String describe(Duration d) {
        return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + " ms" : d.toString();
    }

    /** A report of a completed evaluation and the ticker value when it completed. */
    private record Cached(HealthReport report, long at) {
    }

    /** One probe's checks, cache and evaluation in flight. */
    private final class Probe {
        final List<RegisteredCheck> checks;
        final List<String> names;
        final long maxWaitNanos;
        final AtomicReference<@Nullable CompletableFuture<HealthReport>> inFlight = new AtomicReference<>();
        volatile @Nullable Cached cached;

        Probe(HealthProbe probe, List<RegisteredCheck> all) {
            List<RegisteredCheck> mine = new ArrayList<>();
            long longest = 0;
            for (RegisteredCheck c : all) {
                if (c.probes.contains(probe)) {
                    mine.add(c);
                    longest = Math.max(longest, c.timeout.toNanos());
                }
            }
            this.checks = List.copyOf(mine);
            this.names = mine.stream().map(c -> c.name).toList();
            this.maxWaitNanos = longest + TimeUnit.MILLISECONDS.toNanos(WAIT_MARGIN_MILLIS);
        }

        HealthReport report() {
            if (closed) {
                return closedReport();
            }
            for (;;) {
                HealthReport fresh = fresh();
                if (fresh != null) {
                    return fresh;
                }
                CompletableFuture<HealthReport> shared = inFlight.get();
                if (shared == null) {
                    CompletableFuture<HealthReport> mine = new CompletableFuture<>();
                    if (!inFlight.compareAndSet(null, mine)) {
                        continue;
                    }
                    fresh = fresh(); // an evaluation may have completed since the first look
                    if (fresh != null) {
                        inFlight.compareAndSet(mine, null);
                        mine.complete(fresh);
                        return fresh;
                    }
                    start(mine);
                    shared = mine;
                }
                return await(shared);
            }
        }

        /** On close: callers waiting for an evaluation get the closed report at once. */
        void abandon() {
            CompletableFuture<HealthReport> waiting = inFlight.getAndSet(null);
            if (waiting != null) {
                waiting.complete(closedReport());
            }
        }

        private @Nullable HealthReport fresh() {
            Cached c = cached;
            return c != null && ticker.getAsLong() - c.at < ttlNanos ? c.report : null;
        }

        /** Starts every check; completes {@code target} when all have a result, which is within the timeouts. */
        private void start(CompletableFuture<HealthReport> target) {
            evaluations.increment();
            Instant timestamp;
            List<CompletableFuture<CheckResult>> parts = new ArrayList<>(checks.size());
            try {
                timestamp = clock.instant();
                for (RegisteredCheck c : checks) {
                    parts.add(c.start(HealthChecks.this));
                }
            } catch (Throwable t) { // a clock or ticker that throws; the checks themselves never do
                warn("health evaluation could not start", t);
                inFlight.compareAndSet(target, null);
                target.complete(downReport("evaluation failed: " + RegisteredCheck.describe(t)));
                return;
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
                HealthReport report;
                try {
                    Map<String, CheckResult> results = new LinkedHashMap<>(checks.size() * 2);
                    for (int i = 0; i < checks.size(); i++) {
                        RegisteredCheck c = checks.get(i);
                        CheckResult r = parts.get(i).getNow(null);
                        results.put(c.name, r != null ? r : c.down(0, "no result"));
                    }
                    report = HealthReport.of(timestamp, results);
                    cached = new Cached(report, ticker.getAsLong());
                } catch (Throwable t) {
                    warn("health evaluation failed", t);
                    report = downReport("evaluation failed: " + RegisteredCheck.describe(t));
                } finally {
                    inFlight.compareAndSet(target, null);
                }
                target.complete(report);
            });
        }

        private HealthReport await(CompletableFuture<HealthReport> evaluation) {
            try {
                return evaluation.get(maxWaitNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // never expected: every check completes by its timeout; let the next caller start afresh
                inFlight.compareAndSet(evaluation, null);
                warn("health evaluation gave no result within " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms",
                        null);
                return downReport("no result within " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return downReport("interrupted while waiting for the result");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return downReport("evaluation failed: " + RegisteredCheck.describe(cause));
            }
        }

        /** Every check down for {@code reason}, the status by the usual rule; not cached. */
        private HealthReport downReport(String reason) {
            return HealthReport.of(now(), allDown(reason));
        }

        private HealthReport closedReport() {
            return new HealthReport(HealthStatus.DOWN, now(), allDown(CLOSED));
        }

        private Map<String, CheckResult> allDown(String reason) {
            Map<String, CheckResult> results = new LinkedHashMap<>(checks.size() * 2);
            for (RegisteredCheck c : checks) {
                results.put(c.name, c.down(0, reason));
            }
            return results;
        }

        private Instant now() {
            try {
                return clock.instant();
            } catch (RuntimeException e) {
                return Instant.now();
            }
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

        /** The registry; it owns threads, so {@link HealthChecks#close() close} it when done. */
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
        final HealthCheck check;
        boolean critical = true;
        @Nullable Duration timeout;
        Set<HealthProbe> probes = EnumSet.of(HealthProbe.READINESS);

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
