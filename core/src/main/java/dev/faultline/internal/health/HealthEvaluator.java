package dev.faultline.internal.health;

import dev.faultline.health.HealthChecks;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport.CheckResult;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health engine behind {@code Faultline.health(...)} and the health endpoints: evaluates the
 * checks registered in a {@link HealthChecks} in parallel, each under its own timeout, guarded,
 * cached and single-flight, following the rules {@link HealthChecks} documents. It owns a
 * {@link ThreadPoolExecutor} of daemon threads named {@code faultline-health-N}; {@link #close()}
 * stops them. Thread-safe: every method may be called from any thread at any time. Only core's
 * facade builds and closes it.
 */
public final class HealthEvaluator implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("faultline.health");

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

    /** An engine for the checks and settings of {@code settings}; its threads start on demand. */
    public HealthEvaluator(HealthChecks settings) {
        this.clock = settings.clock();
        this.ticker = settings.ticker();
        this.ttlNanos = settings.cacheTtl().toNanos();
        List<RegisteredCheck> all = new ArrayList<>(settings.checks().size());
        for (HealthChecks.Registration r : settings.checks()) {
            all.add(new RegisteredCheck(r.name(), r.check(), r.critical(), r.timeout(), r.probes()));
        }
        this.readiness = new Probe(HealthProbe.READINESS, all);
        this.liveness = new Probe(HealthProbe.LIVENESS, all);
        this.threads = Math.min(settings.maxThreads(), Math.max(2, all.size()));
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, all.size())), HealthEvaluator::newThread);
        executor.allowCoreThreadTimeOut(true);
    }

    private static Thread newThread(Runnable r) {
        Thread t = new Thread(r, "faultline-health-" + THREAD_NUMBER.incrementAndGet());
        t.setDaemon(true);
        return t;
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
            this.maxWaitNanos = longest + TimeUnit.MILLISECONDS.toNanos(HealthChecks.WAIT_MARGIN_MILLIS);
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
                    parts.add(c.start(HealthEvaluator.this));
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
}
