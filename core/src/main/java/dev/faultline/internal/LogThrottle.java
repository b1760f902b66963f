package dev.faultline.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval, so that a rule that throws on every request, or a flood of
 * dropped alerts, is logged (and always counted) without flooding the log. Lock-free.
 */
public final class LogThrottle {

    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(NEVER);

    public LogThrottle() {
        this(DEFAULT_INTERVAL_NANOS);
    }

    public LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether to log now. */
    public boolean allow() {
        long now = System.nanoTime();
        long n = next.get();
        return (n == NEVER || now - n >= 0) && next.compareAndSet(n, now + intervalNanos);
    }
}
