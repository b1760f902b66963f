package dev.faultline.internal.health;

import dev.faultline.health.HealthCheck;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport.CheckResult;
import dev.faultline.health.HealthResult;
import dev.faultline.health.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One registered check and its run in progress, if any. Not API.
 *
 * <p>At most one {@link Invocation} exists per check at any time ({@link #current}): a new one is
 * only started when the previous one has ended, so a check that hangs and ignores interrupts holds at
 * most one thread, and is reported "still running" by every later evaluation until it ends. An
 * evaluation that finds a run still within its timeout (started by a concurrent evaluation of another
 * probe) shares its result instead of starting a second run.
 *
 * <p>Thread-safe: the state is {@link #current} and each invocation's {@code state}, both changed
 * only by compare-and-set.
 */
final class RegisteredCheck {

    /** Submitted, not yet picked up by a thread. */
    private static final int QUEUED = 0;
    /** Running on a health thread. */
    private static final int RUNNING = 1;
    /** The callback has returned or thrown. */
    private static final int ENDED = 2;
    /** Timed out while queued, or could not be submitted: it will never run. */
    private static final int ABANDONED = 3;

    /** Completes a run's raw result when its timeout elapses first; compared by identity. */
    private static final CheckResult TIMED_OUT = new CheckResult(HealthStatus.DOWN, false, 0, Map.of(), "timed out");

    private static final int MAX_ERROR_CHARS = 300;

    final String name;
    final HealthCheck check;
    final boolean critical;
    final Duration timeout;
    final Set<HealthProbe> probes;
    private final long timeoutNanos;
    private final AtomicReference<@Nullable Invocation> current = new AtomicReference<>();

    RegisteredCheck(String name, HealthCheck check, boolean critical, Duration timeout, Set<HealthProbe> probes) {
        this.name = name;
        this.check = check;
        this.critical = critical;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.probes = Set.copyOf(probes);
    }

    /**
     * Starts a run, shares one in progress, or reports the previous run still hanging. The future
     * completes, normally and never exceptionally, at the latest when this check's timeout has elapsed
     * (or at once when the run could not start).
     */
    CompletableFuture<CheckResult> start(HealthEvaluator registry) {
        for (;;) {
            Invocation running = current.get();
            if (running != null) {
                if (!running.result.isDone()) {
                    return running.result;
                }
                int state = running.state.get();
                if (state == ENDED || state == ABANDONED) {
                    current.compareAndSet(running, null); // it is ending right now; start afresh
                    continue;
                }
                registry.skipped.increment();
                HealthEvaluator.LOG.debug("health check '{}' not started: still running since {}", name,
                        running.startedAt);
                return CompletableFuture.completedFuture(down(0, "still running since " + running.startedAt
                        + " (timed out; not started again until it ends)"));
            }
            Invocation next = new Invocation(registry);
            if (current.compareAndSet(null, next)) {
                next.launch();
                return next.result;
            }
        }
    }

    /** A DOWN result of this check. */
    CheckResult down(long durationMs, String reason) {
        return new CheckResult(HealthStatus.DOWN, critical, durationMs, Map.of(), reason);
    }

    /** One run of the check on a health thread. */
    private final class Invocation implements Runnable {
        final HealthEvaluator registry;
        final Instant startedAt;
        final long submittedAt;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        /** Completed by the run, by the timeout (with {@link #TIMED_OUT}) or on rejection. */
        final CompletableFuture<CheckResult> raw = new CompletableFuture<>();
        /** What evaluations see: {@link #raw}, with the timeout handled. Never completes exceptionally. */
        final CompletableFuture<CheckResult> result;
        volatile @Nullable Future<?> task;

        Invocation(HealthEvaluator registry) {
            this.registry = registry;
            this.startedAt = registry.clock.instant();
            this.submittedAt = registry.ticker.getAsLong();
            this.result = raw.thenApply(r -> r == TIMED_OUT ? timedOut() : r)
                    .exceptionally(t -> down(elapsedMs(), "internal error: " + describe(t)));
        }

        void launch() {
            try {
                task = registry.executor.submit(this);
            } catch (RejectedExecutionException e) {
                state.set(ABANDONED);
                current.compareAndSet(this, null);
                raw.complete(down(0, registry.isClosed() ? HealthEvaluator.CLOSED
                        : "not started: the health executor rejected it"));
                return;
            }
            raw.completeOnTimeout(TIMED_OUT, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // timed out while queued
            }
            CheckResult outcome;
            try {
                HealthResult r = check.check();
                outcome = r != null ? CheckResult.of(r, critical, elapsedMs()) : failed(null);
            } catch (Throwable t) {
                outcome = failed(t);
            } finally {
                state.set(ENDED);
                current.compareAndSet(this, null);
            }
            raw.complete(outcome);
        }

        private CheckResult failed(@Nullable Throwable t) {
            long ms = elapsedMs();
            String reason = t == null ? "returned null instead of a HealthResult" : describe(t);
            if (raw.isDone()) { // already reported as timed out; this is the interrupt or a late failure
                HealthEvaluator.LOG.debug("health check '{}' ended after its timeout: {}", name, reason);
            } else {
                registry.failures.increment();
                HealthEvaluator.warn("health check '" + name + "' failed: " + reason, t);
            }
            return down(ms, reason);
        }

        /** Runs on the thread that completes {@link #raw} with {@link #TIMED_OUT}: cheap, never blocks. */
        private CheckResult timedOut() {
            registry.timeouts.increment();
            Future<?> f = task;
            String reason = "timed out after " + HealthEvaluator.describe(timeout);
            if (state.compareAndSet(QUEUED, ABANDONED)) {
                current.compareAndSet(this, null);
                if (f != null) {
                    f.cancel(false);
                    if (f instanceof Runnable) {
                        registry.executor.remove((Runnable) f);
                    }
                }
                reason += " before it started: no free health thread (pool of " + registry.threads + ")";
            } else if (f != null) {
                f.cancel(true); // interrupts the check
            }
            HealthEvaluator.warn("health check '" + name + "' " + reason + "; cancelled", null);
            return down(elapsedMs(), reason);
        }

        private long elapsedMs() {
            return Math.max(0, TimeUnit.NANOSECONDS.toMillis(registry.ticker.getAsLong() - submittedAt));
        }
    }

    /** The class name and message of a throwable, truncated; never throws. */
    static String describe(Throwable t) {
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable hostile) {
            message = null;
        }
        String text = message == null || message.isEmpty() ? t.getClass().getName()
                : t.getClass().getName() + ": " + message;
        if (text.length() <= MAX_ERROR_CHARS) {
            return text;
        }
        int end = MAX_ERROR_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never cut a surrogate pair in half
        }
        return text.substring(0, end) + "…";
    }
}
