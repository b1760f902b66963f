package dev.faultline.internal.recovery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.faultline.error.Classification;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.PathPattern;
import dev.faultline.recovery.RecoveryConfig;
import dev.faultline.recovery.RecoveryContext;
import dev.faultline.recovery.RecoveryOutcome;
import dev.faultline.recovery.RecoveryResult;
import dev.faultline.recovery.RecoveryStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery engine: runs the strategies that apply to a failure, each inside its own Resilience4j
 * {@link CircuitBreaker} and time limit, then stale-if-error; and sheds failing routes.
 *
 * <p><b>Strategies</b> run on a small bounded pool (daemon threads {@code faultline-recovery-N}) so
 * that a hanging one can be abandoned at its time limit; the request thread waits at most that long.
 * A strategy that throws, times out, or whose breaker is open counts as not recovered and the next
 * one is tried; the original problem is sent when none helps.
 *
 * <p><b>Stale-if-error</b> keeps the last complete 200 response of each opted-in GET path and query in
 * a Caffeine cache bounded by entries, with bodies under a cap; on a retryable failure it is served
 * with {@code X-Faultline-Degraded: stale-if-error} and its {@code Age}.
 *
 * <p><b>Shedding</b>: one breaker per configured route pattern over the application's retryable
 * failures; while open, {@link #admit(String)} says how long to tell clients to wait.
 *
 * <p>Thread-safe.
 */
public final class Recovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("faultline.error");

    private final RecoveryConfig config;
    private final boolean enabled;
    private final Clock clock;
    private final List<Guarded> strategies = new ArrayList<>();
    private final List<PathPattern> staleRoutes;
    private final @Nullable Cache<String, Stale> stale;
    private final List<Shed> sheds = new ArrayList<>();
    private final @Nullable ThreadPoolExecutor pool;
    private final LongAdder recovered = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final LongAdder notRecovered = new LongAdder();
    private final LongAdder shedRequests = new LongAdder();

    public Recovery(RecoveryConfig config, boolean enabled, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.enabled = enabled;
        this.clock = Objects.requireNonNull(clock, "clock");
        CircuitBreakerConfig strategyBreaker = CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30)).clock(clock).build();
        for (RecoveryConfig.Registration r : config.strategies()) {
            strategies.add(new Guarded(r, r.route() == null ? null : PathPattern.parse(r.route(), "recovery.route"),
                    CircuitBreaker.of("recovery " + r.name(), strategyBreaker)));
        }
        this.staleRoutes = config.staleRoutes().stream().map(r -> PathPattern.parse(r, "recovery.stale_if_error")).toList();
        this.stale = enabled && !staleRoutes.isEmpty()
                ? Caffeine.newBuilder().maximumSize(config.staleEntries()).executor(Runnable::run).build() : null;
        for (RecoveryConfig.Shedding s : config.shedding()) {
            CircuitBreakerConfig c = CircuitBreakerConfig.custom()
                    .slidingWindowSize(s.window()).minimumNumberOfCalls(s.minimumCalls())
                    .failureRateThreshold(s.failureRatePercent()).waitDurationInOpenState(s.openFor())
                    .permittedNumberOfCallsInHalfOpenState(s.probes()).clock(clock).build();
            sheds.add(new Shed(PathPattern.parse(s.route(), "recovery.shedding"),
                    CircuitBreaker.of("shedding " + s.route(), c), s.openFor()));
        }
        if (enabled && !strategies.isEmpty()) {
            AtomicInteger n = new AtomicInteger();
            this.pool = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "faultline-recovery-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.pool.allowCoreThreadTimeOut(true);
        } else {
            this.pool = null;
        }
    }

    /** Whether recovery runs at all. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Tries the strategies that apply to a failure, route strategies and type strategies in
     * registration order, then stale-if-error. Never throws. Call it only when {@link #applies} said so.
     *
     * @return the first result that recovered or degraded, else {@link RecoveryResult#notRecovered()}
     */
    public RecoveryResult attempt(RecoveryContext context) {
        return attempt(context, true);
    }

    /**
     * As {@link #attempt(RecoveryContext)}; {@code allowStale} false skips stale-if-error (the request
     * carries credentials, so a kept copy may belong to someone else).
     */
    public RecoveryResult attempt(RecoveryContext context, boolean allowStale) {
        for (Guarded g : strategies) {
            if (g.registration.type() != context.classification().type()) {
                continue;
            }
            PathPattern route = g.route;
            if (route != null && !route.matches(context.path())) {
                continue;
            }
            RecoveryResult r = run(g, context);
            if (r.outcome() != RecoveryOutcome.NOT_RECOVERED) {
                count(r.outcome());
                return r;
            }
        }
        RecoveryResult fromStale = allowStale ? fromStale(context) : null;
        if (fromStale != null) {
            degraded.increment();
            return fromStale;
        }
        notRecovered.increment();
        return RecoveryResult.notRecovered();
    }

    /** Whether any recovery applies to this failure (a strategy, or a stale entry's route). */
    public boolean applies(RecoveryContext context) {
        if (!enabled) {
            return false;
        }
        ErrorType type = context.classification().type();
        for (Guarded g : strategies) {
            PathPattern route = g.route;
            if (g.registration.type() == type && (route == null || route.matches(context.path()))) {
                return true;
            }
        }
        return staleApplies(context.method(), context.path()) && staleRetryable(context.classification());
    }

    private void count(RecoveryOutcome outcome) {
        if (outcome == RecoveryOutcome.RECOVERED) {
            recovered.increment();
        } else {
            degraded.increment();
        }
    }

    private RecoveryResult run(Guarded g, RecoveryContext context) {
        if (!g.breaker.tryAcquirePermission()) {
            return RecoveryResult.notRecovered();
        }
        long start = System.nanoTime();
        Future<RecoveryResult> f;
        try {
            f = Objects.requireNonNull(pool).submit(() -> g.registration.strategy().recover(context));
        } catch (RejectedExecutionException busy) {
            g.breaker.releasePermission();
            LOG.warn("recovery strategy {} skipped: the recovery pool is busy", g.registration.name());
            return RecoveryResult.notRecovered();
        }
        try {
            RecoveryResult r = f.get(config.strategyTimeout().toNanos(), TimeUnit.NANOSECONDS);
            g.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return r == null ? RecoveryResult.notRecovered() : r;
        } catch (TimeoutException slow) {
            f.cancel(true);
            g.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, slow);
            LOG.warn("recovery strategy {} timed out after {} ms; skipped", g.registration.name(),
                    config.strategyTimeout().toMillis());
        } catch (ExecutionException failed) {
            g.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failed.getCause());
            LOG.warn("recovery strategy {} failed; skipped", g.registration.name(), failed.getCause());
        } catch (InterruptedException interrupted) {
            f.cancel(true);
            g.breaker.releasePermission();
            Thread.currentThread().interrupt();
        }
        return RecoveryResult.notRecovered();
    }

    // ------------------------------------------------------------------ stale-if-error

    /** Whether responses of this request are kept for stale-if-error. */
    public boolean staleApplies(String method, String path) {
        if (stale == null || !method.equals("GET")) {
            return false;
        }
        for (PathPattern p : staleRoutes) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** The largest body kept for stale-if-error. */
    public int staleMaxBodyBytes() {
        return config.staleMaxBodyBytes();
    }

    /** Keeps a complete successful response for stale-if-error. */
    public void store(String path, @Nullable String query, @Nullable String contentType, byte[] body) {
        if (stale != null && body.length <= config.staleMaxBodyBytes()) {
            stale.put(key(path, query), new Stale(contentType == null ? "application/octet-stream" : contentType,
                    body, clock.instant()));
        }
    }

    private static boolean staleRetryable(Classification c) {
        return c.retryable() && c.type() != ErrorType.RATE_LIMITED;
    }

    private @Nullable RecoveryResult fromStale(RecoveryContext context) {
        if (stale == null || !staleApplies(context.method(), context.path()) || !staleRetryable(context.classification())) {
            return null;
        }
        Stale s = stale.getIfPresent(key(context.path(), context.query()));
        if (s == null) {
            return null;
        }
        Duration age = Duration.between(s.storedAt, clock.instant());
        if (age.compareTo(config.staleMaxAge()) > 0) {
            return null;
        }
        return RecoveryResult.degraded(200, s.contentType, s.body)
                .withHeader(RecoveryResult.DEGRADED_HEADER, "stale-if-error")
                .withHeader("Age", Long.toString(Math.max(0, age.toSeconds())));
    }

    private static String key(String path, @Nullable String query) {
        return query == null ? path : path + '?' + query;
    }

    /** A kept response. */
    private record Stale(String contentType, byte[] body, Instant storedAt) {
    }

    // ------------------------------------------------------------------ shedding

    /** The shedding breaker of a path, if the path is shed by configuration. */
    public @Nullable Permit admit(String path) {
        if (!enabled) {
            return null;
        }
        for (Shed s : sheds) {
            if (s.route.matches(path)) {
                if (s.breaker.tryAcquirePermission()) {
                    return new Permit(s, null);
                }
                shedRequests.increment();
                return new Permit(s, s.openFor);
            }
        }
        return null;
    }

    /**
     * A route's shedding decision: {@link #refusedFor()} non-null means the request is shed; else the
     * caller must {@link #record} the outcome exactly once.
     */
    public static final class Permit {
        private final Shed shed;
        private final @Nullable Duration refusedFor;

        Permit(Shed shed, @Nullable Duration refusedFor) {
            this.shed = shed;
            this.refusedFor = refusedFor;
        }

        /** How long clients should wait when the route is shed; {@code null} when admitted. */
        public @Nullable Duration refusedFor() {
            return refusedFor;
        }

        /** Records the admitted request's outcome: a retryable failure counts against the route. */
        public void record(long durationNanos, @Nullable Classification failure) {
            if (refusedFor != null) {
                return;
            }
            if (failure != null && staleRetryable(failure)) {
                shed.breaker.onError(durationNanos, TimeUnit.NANOSECONDS, new RouteFailure(failure));
            } else {
                shed.breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The counters and each shed route's breaker state now. */
    public RecoveryStats stats() {
        Map<String, RecoveryStats.BreakerState> routes = new LinkedHashMap<>();
        for (Shed s : sheds) {
            routes.put(s.route.toString(), switch (s.breaker.getState()) {
                case OPEN, FORCED_OPEN -> RecoveryStats.BreakerState.OPEN;
                case HALF_OPEN -> RecoveryStats.BreakerState.HALF_OPEN;
                case CLOSED, DISABLED, METRICS_ONLY -> RecoveryStats.BreakerState.CLOSED;
            });
        }
        return new RecoveryStats(enabled, recovered.sum(), degraded.sum(), notRecovered.sum(), shedRequests.sum(),
                routes, stale == null ? 0 : stale.estimatedSize());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private record Guarded(RecoveryConfig.Registration registration, @Nullable PathPattern route, CircuitBreaker breaker) {
    }

    private record Shed(PathPattern route, CircuitBreaker breaker, Duration openFor) {
    }

    /** What a shedding breaker records for a failure (no stack trace). */
    private static final class RouteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RouteFailure(Classification c) {
            super(c.type().label(), null, false, false);
        }
    }
}
