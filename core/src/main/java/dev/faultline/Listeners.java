package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.logging.LogFields;
import dev.faultline.internal.metrics.PerformanceMonitor;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link FaultlineListener}s and the guarded fan-out to them. The set is a
 * copy-on-write array behind a volatile field: the request path reads it once and, when it is empty,
 * does nothing else (no allocation, no lookup). Adding and removing listeners is rare and synchronised.
 * Thread-safe.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(LogFields.LOGGER_ERROR);
    private static final FaultlineListener[] NONE = {};
    static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long NEVER = Long.MIN_VALUE;

    private final PerformanceMonitor performance;
    private final LongSupplier ticker;
    private volatile FaultlineListener[] all;
    private final LongAdder failures = new LongAdder();
    private final AtomicLong nextLog = new AtomicLong(NEVER);

    Listeners(List<FaultlineListener> initial, PerformanceMonitor performance, LongSupplier ticker) {
        this.all = initial.isEmpty() ? NONE : initial.toArray(NONE);
        this.performance = performance;
        this.ticker = ticker;
    }

    synchronized void add(FaultlineListener listener) {
        Objects.requireNonNull(listener, "listener");
        FaultlineListener[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = listener;
        all = grown;
    }

    synchronized boolean remove(FaultlineListener listener) {
        List<FaultlineListener> kept = new ArrayList<>(Arrays.asList(all));
        boolean removed = kept.remove(listener);
        all = kept.isEmpty() ? NONE : kept.toArray(NONE);
        return removed;
    }

    long failures() {
        return failures.sum();
    }

    /**
     * Tells every listener about a finished exchange, with the endpoint folded as the performance
     * monitor folded it ({@code method, endpoint} were just recorded there).
     */
    void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
            RecoveryOutcome recovery, long durationNanos) {
        FaultlineListener[] ls = all;
        if (ls.length == 0) {
            return;
        }
        String m = method;
        String e = endpoint;
        if (!performance.tracks(method, endpoint)) {
            m = FaultlineListener.ANY_METHOD;
            e = PerformanceStats.OTHER;
        }
        for (FaultlineListener l : ls) {
            try {
                l.exchangeCompleted(m, e, status, error, recovery, durationNanos);
            } catch (Throwable t) {
                failed(l, t);
            }
        }
    }

    private void failed(FaultlineListener listener, Throwable t) {
        failures.increment();
        long now = ticker.getAsLong();
        long n = nextLog.get();
        if ((n == NEVER || now - n >= 0) && nextLog.compareAndSet(n, now + LOG_INTERVAL_NANOS)) {
            if (n == NEVER) {
                LOG.atError().setCause(t)
                        .addKeyValue("listener", listener.getClass().getName())
                        .log("a Faultline listener failed; ignored (later failures are counted, and logged at most once a minute)");
            } else {
                LOG.atError()
                        .addKeyValue("listener", listener.getClass().getName())
                        .addKeyValue("exception", t.getClass().getName())
                        .addKeyValue("listener_failures", failures.sum())
                        .log("a Faultline listener failed again; ignored");
            }
        }
    }
}
