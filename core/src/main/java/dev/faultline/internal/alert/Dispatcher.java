package dev.faultline.internal.alert;

import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.DeliveryException;
import dev.faultline.alert.DeliveryState;
import dev.faultline.internal.LogThrottle;
import dev.faultline.internal.Text;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts off the request thread. See {@link dev.faultline.alert.Alerting} for the guarantees;
 * in short:
 *
 * <ul>
 *   <li>{@link #submit} (request thread) records the alert in the history, takes a place in the queue by
 *       compare-and-set on the pending count (an alert holds it until every channel's delivery is final),
 *       puts it on a lock-free queue and wakes the dispatch thread. A full queue drops the alert,
 *       counted and recorded.</li>
 *   <li>The dispatch thread hands each alert to one {@link Lane} per channel: a thread pool of
 *       {@code channelConcurrency} threads, so a slow or hanging channel holds only its own threads.</li>
 *   <li>An attempt runs on its lane's thread through the channel's circuit breaker, under a watchdog that
 *       interrupts it at the attempt timeout. A failed attempt is retried with exponential backoff and
 *       full jitter ({@code Retry-After} honoured), within the attempts, the deadline and the global
 *       {@link RetryBudget}; the retry is scheduled on the scheduler thread, never slept on.</li>
 * </ul>
 */
final class Dispatcher {

    static final Logger LOG = LoggerFactory.getLogger("faultline.alert");

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DeliveryConfig cfg;
    private final Clock clock;
    private final Counters counters;
    private final History history;
    final Lane[] lanes;
    private final RetryBudget budget;
    final ScheduledThreadPoolExecutor scheduler;
    private final Thread dispatchThread;
    private final ConcurrentLinkedQueue<Tracked> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Set<Tracked> inFlight = ConcurrentHashMap.newKeySet();
    /** Deliveries that ended undelivered once closing began, to name in the log. */
    private final ConcurrentLinkedQueue<Undelivered> undelivered = new ConcurrentLinkedQueue<>();
    private volatile boolean closeLogged;
    private final LogThrottle queueFullLog = new LogThrottle();
    private final LogThrottle failureLog = new LogThrottle(TimeUnit.SECONDS.toNanos(10));
    private final Object done = new Object();
    private final Object closing = new Object();
    private volatile boolean parked;
    private volatile boolean closed;
    private volatile boolean terminated;
    private volatile long closeDeadlineNanos;
    private @Nullable Boolean closeResult; // guarded by closing

    Dispatcher(DeliveryConfig cfg, List<AlertChannel> channels, Clock clock, Counters counters, History history) {
        this.cfg = cfg;
        this.clock = clock;
        this.counters = counters;
        this.history = history;
        this.budget = new RetryBudget(cfg.retryBudgetRatio(), cfg.retryBudgetMinRetries(),
                cfg.retryBudgetWindow().toNanos(), System::nanoTime);
        this.scheduler = new ScheduledThreadPoolExecutor(1, Dispatcher::newThread);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.lanes = new Lane[channels.size()];
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cfg.breakerFailures())
                .minimumNumberOfCalls(cfg.breakerFailures())
                .failureRateThreshold(100f)
                .slowCallRateThreshold(100f)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .waitDurationInOpenState(cfg.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build();
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(channels.get(i), breakerConfig, cfg.channelConcurrency());
        }
        this.dispatchThread = newThread(this::dispatchLoop);
        dispatchThread.start();
    }

    static Thread newThread(Runnable r) {
        Thread t = new Thread(r, "faultline-alert-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- request thread

    /** Records and enqueues an alert; never blocks, never throws for a full queue. */
    void submit(Alert alert) {
        Tracked t = new Tracked(history.nextSeq(), alert, lanes);
        history.add(t);
        if (lanes.length == 0) {
            return; // no channel: the history is the only place the alert goes
        }
        if (closed) {
            dropAll(t, "shutdown");
            return;
        }
        if (!reserve()) {
            counters.queueFull.increment();
            dropAll(t, "queue full");
            if (queueFullLog.allow()) {
                LOG.atWarn().setMessage("alert dropped: the alert queue is full")
                        .addKeyValue("alert_rule", alert.rule())
                        .addKeyValue("queue_capacity", cfg.queueCapacity())
                        .addKeyValue("dropped_total", counters.queueFull.sum())
                        .log();
            }
            return;
        }
        t.accepted = true;
        inbound.offer(t);
        if (terminated) {
            drainInbound();
        } else if (parked) {
            LockSupport.unpark(dispatchThread);
        }
    }

    private boolean reserve() {
        while (true) {
            int p = pending.get();
            if (p >= cfg.queueCapacity()) {
                return false;
            }
            if (pending.compareAndSet(p, p + 1)) {
                return true;
            }
        }
    }

    int queueSize() {
        return pending.get();
    }

    int queueCapacity() {
        return cfg.queueCapacity();
    }

    // ---------------------------------------------------------------- dispatch thread

    private void dispatchLoop() {
        while (!terminated) {
            Tracked t = inbound.poll();
            if (t != null) {
                dispatch(t);
                continue;
            }
            parked = true;
            if (inbound.isEmpty() && !terminated) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            }
            parked = false;
        }
    }

    private void dispatch(Tracked t) {
        inFlight.add(t);
        for (DeliveryTask task : t.tasks) {
            task.lane.submit(task);
        }
    }

    private void drainInbound() {
        Tracked t;
        while ((t = inbound.poll()) != null) {
            dropAll(t, "shutdown");
        }
    }

    // ---------------------------------------------------------------- lane threads

    private void attempt(DeliveryTask task) {
        if (!task.pending()) {
            return;
        }
        Lane lane = task.lane;
        if (!lane.breaker.tryAcquirePermission()) {
            counters.circuitOpen.increment();
            String last = task.lastError();
            finish(task, DeliveryState.FAILED, "circuit open" + (last != null ? "; last error: " + last : ""));
            return;
        }
        long start = System.nanoTime();
        int n = task.begin(start, cfg.deliveryDeadline().toNanos());
        if (n == 1) {
            budget.recordFirstAttempt();
        }
        AttemptGuard guard = new AttemptGuard(Thread.currentThread());
        ScheduledFuture<?> watchdog = null;
        try {
            watchdog = scheduler.schedule(guard, cfg.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the attempt runs without a watchdog; close() interrupts it anyway
        }
        Throwable error = null;
        boolean timedOut;
        try {
            lane.channel.deliver(task.record.alert);
        } catch (Throwable e) {
            error = e;
        } finally {
            timedOut = guard.finish();
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            Thread.interrupted(); // clear an interrupt meant for this attempt only
        }
        long took = System.nanoTime() - start;
        if (error == null) {
            lane.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            finish(task, DeliveryState.DELIVERED, null);
            return;
        }
        lane.breaker.onError(took, TimeUnit.NANOSECONDS, error);
        counters.attemptFailures.increment();
        String reason;
        if (timedOut) {
            counters.attemptTimeouts.increment();
            reason = "timed out after " + Text.duration(cfg.attemptTimeout());
        } else {
            reason = describe(error);
        }
        if (failureLog.allow()) {
            LOG.atWarn().setMessage("alert delivery attempt failed")
                    .addKeyValue("alert_channel", lane.name)
                    .addKeyValue("alert_id", task.record.alert.id())
                    .addKeyValue("attempt", n)
                    .addKeyValue("error", reason)
                    .log();
        }
        afterFailure(task, error, reason, n);
    }

    private void afterFailure(DeliveryTask task, Throwable error, String reason, int attempt) {
        DeliveryException de = error instanceof DeliveryException d ? d : null;
        if (de != null && de.permanent()) {
            finish(task, DeliveryState.FAILED, "permanent: " + reason);
            return;
        }
        if (attempt >= cfg.maxAttempts()) {
            finish(task, DeliveryState.FAILED, "gave up after " + attempt + " attempts: " + reason);
            return;
        }
        Optional<Duration> asked = de != null ? de.retryAfter() : Optional.empty();
        long delay;
        if (asked.isPresent()) {
            Duration ra = asked.get();
            if (ra.compareTo(cfg.maxDelay()) > 0) {
                finish(task, DeliveryState.FAILED, "Retry-After " + Text.duration(ra) + " exceeds the max delay "
                        + Text.duration(cfg.maxDelay()) + ": " + reason);
                return;
            }
            delay = ra.toNanos();
        } else {
            delay = backoffNanos(attempt);
        }
        long due = System.nanoTime() + delay;
        if (due - task.deadlineNanos() > 0) {
            finish(task, DeliveryState.FAILED, "a retry in " + Text.duration(Duration.ofNanos(delay).truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS)) + " would pass the delivery deadline of "
                    + Text.duration(cfg.deliveryDeadline()) + ": " + reason);
            return;
        }
        if (closed && due - closeDeadlineNanos > 0) {
            finish(task, DeliveryState.DROPPED, "shutdown before the retry was due: " + reason);
            return;
        }
        if (!budget.tryRetry()) {
            counters.retryBudgetExhausted.increment();
            finish(task, DeliveryState.FAILED, "retry budget exhausted: " + reason);
            return;
        }
        counters.retries.increment();
        task.retrying(reason, due);
        try {
            task.retryFuture(scheduler.schedule(() -> task.lane.submit(task), delay, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            finish(task, DeliveryState.DROPPED, "shutdown before the retry was due: " + reason);
        }
    }

    /** Full jitter: uniform in [0, min(maxDelay, base × 2^(attempt − 1))]. */
    long backoffNanos(int attempt) {
        long base = cfg.baseDelay().toNanos();
        long max = cfg.maxDelay().toNanos();
        int shift = attempt - 1;
        long cap = shift >= 62 || base > (max >> shift) ? max : Math.min(max, base << shift);
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    // ---------------------------------------------------------------- bookkeeping

    private void dropAll(Tracked t, String reason) {
        for (DeliveryTask task : t.tasks) {
            finish(task, DeliveryState.DROPPED, reason);
        }
    }

    private void finish(DeliveryTask task, DeliveryState to, @Nullable String error) {
        if (!task.finish(to, error, to == DeliveryState.DELIVERED ? clock.instant() : null)) {
            return;
        }
        switch (to) {
            case DELIVERED -> counters.delivered.increment();
            case FAILED -> counters.failed.increment();
            case DROPPED -> counters.dropped.increment();
            default -> throw new IllegalStateException("not a final state: " + to);
        }
        if (closed && to != DeliveryState.DELIVERED) {
            undelivered.add(new Undelivered(task.record.alert, task.lane.name, to, error));
            if (closeLogged) {
                logUndelivered(); // after close() logged its list: an alert fired during shutdown
            }
        }
        if (task.record.remaining.decrementAndGet() == 0) {
            completed(task.record);
        }
    }

    /** Called once per alert, when its last delivery became final. */
    private void completed(Tracked t) {
        inFlight.remove(t);
        if (t.accepted) {
            pending.decrementAndGet();
            if (closed) {
                synchronized (done) {
                    done.notifyAll();
                }
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops accepting, lets queued deliveries and retries due before the deadline run, then drops what is
     * left ("shutdown") and stops the threads. Idempotent; a second call returns the first one's result.
     *
     * @return whether every accepted alert reached a final state before the deadline and nothing was
     *         dropped meanwhile
     */
    boolean close(Duration deadline) {
        synchronized (closing) {
            if (closeResult != null) {
                return closeResult;
            }
            long end = System.nanoTime() + deadline.toNanos();
            long droppedBefore = counters.dropped.sum();
            closeDeadlineNanos = end;
            closed = true;
            for (Tracked t : inFlight) {
                for (DeliveryTask task : t.tasks) {
                    if (task.retryDueAfter(end)) {
                        finish(task, DeliveryState.DROPPED, "shutdown before the retry was due: " + task.lastError());
                    }
                }
            }
            synchronized (done) {
                while (pending.get() > 0) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(done, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            boolean clean = pending.get() == 0 && counters.dropped.sum() == droppedBefore;
            terminated = true;
            LockSupport.unpark(dispatchThread);
            try {
                dispatchThread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drainInbound();
            scheduler.shutdownNow();
            for (Lane lane : lanes) {
                lane.executor.shutdownNow();
            }
            for (Tracked t : inFlight) {
                dropAll(t, "shutdown");
            }
            drainInbound();
            closeResult = clean;
            int named = logUndelivered();
            if (!clean) {
                LOG.atWarn().setMessage("alerting closed before every alert was delivered; the rest was dropped")
                        .addKeyValue("undelivered", named)
                        .addKeyValue("close_deadline", Text.duration(deadline))
                        .addKeyValue("dropped_total", counters.dropped.sum())
                        .log();
            } else {
                LOG.atInfo().setMessage("alerting closed; no alert left undelivered")
                        .addKeyValue("delivered_total", counters.delivered.sum())
                        .addKeyValue("failed_total", counters.failed.sum())
                        .addKeyValue("dropped_total", counters.dropped.sum())
                        .log();
            }
            closeLogged = true;
            logUndelivered();
            return clean;
        }
    }

    boolean closed() {
        return closed;
    }

    /** Logs, once each, the deliveries that ended undelivered since closing began; returns how many. */
    private int logUndelivered() {
        int n = 0;
        Undelivered u;
        while ((u = undelivered.poll()) != null) {
            n++;
            LOG.atWarn().setMessage("alert not delivered: alerting closed")
                    .addKeyValue("alert_id", u.alert().id())
                    .addKeyValue("alert_rule", u.alert().rule())
                    .addKeyValue("alert_channel", u.channel())
                    .addKeyValue("state", u.state().name().toLowerCase(java.util.Locale.ROOT))
                    .addKeyValue("error", u.error())
                    .log();
        }
        return n;
    }

    /** A delivery that ended undelivered once closing began. */
    private record Undelivered(Alert alert, String channel, DeliveryState state, @Nullable String error) {
    }

    // ---------------------------------------------------------------- types

    /** One channel's threads and circuit breaker. */
    final class Lane {
        final AlertChannel channel;
        final String name;
        final CircuitBreaker breaker;
        final ThreadPoolExecutor executor;

        Lane(AlertChannel channel, CircuitBreakerConfig breakerConfig, int concurrency) {
            this.channel = channel;
            this.name = channel.name();
            this.breaker = CircuitBreaker.of("faultline-alert-" + name, breakerConfig);
            breaker.getEventPublisher().onStateTransition(e -> LOG.atInfo()
                    .setMessage("alert channel circuit breaker changed state")
                    .addKeyValue("alert_channel", name)
                    .addKeyValue("transition", e.getStateTransition().toString())
                    .log());
            // unbounded in type, bounded by the queue capacity: a lane holds at most one task per accepted alert
            this.executor = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), Dispatcher::newThread);
            executor.allowCoreThreadTimeOut(true);
        }

        void submit(DeliveryTask task) {
            if (!task.pending()) {
                return;
            }
            try {
                executor.execute(() -> attempt(task));
            } catch (RejectedExecutionException e) {
                finish(task, DeliveryState.DROPPED, "shutdown");
            }
        }
    }

    /** Interrupts an attempt that outlives the attempt timeout; never interrupts a later one. */
    static final class AttemptGuard implements Runnable {
        private final Thread thread;
        private int state; // 0 running, 1 finished, 2 timed out; guarded by this

        AttemptGuard(Thread thread) {
            this.thread = thread;
        }

        @Override
        public synchronized void run() {
            if (state == 0) {
                state = 2;
                thread.interrupt();
            }
        }

        /** Ends the attempt; returns whether it had timed out. */
        synchronized boolean finish() {
            if (state == 0) {
                state = 1;
                return false;
            }
            return state == 2;
        }
    }

    /** A short description of a throwable: its simple class name and message. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        String name = t instanceof DeliveryException ? "" : t.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            Throwable c = t.getCause();
            if (c != null && c != t && c.getMessage() != null) {
                return (name.isEmpty() ? "" : name + ": ") + c.getClass().getSimpleName() + ": " + c.getMessage();
            }
            return name.isEmpty() ? t.getClass().getSimpleName() : name;
        }
        return name.isEmpty() ? m : name + ": " + m;
    }
}
