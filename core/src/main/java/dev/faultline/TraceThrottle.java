package dev.faultline;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides which {@code request failed} lines carry the full stack trace: the first failure of a
 * pattern (its fingerprint, the same as in {@code /metrics/insights} and in alerts) and then at most one
 * per interval; the lines in between carry how many failures of the pattern there have been since
 * the line with the trace, and that line's request id, so that an operator finds the trace.
 *
 * <p>One entry per fingerprint, at most {@link #MAX_PATTERNS}: when the table is full, entries whose
 * trace is older than the interval (which would log their trace again anyway) are dropped, at most
 * once per interval; a pattern that finds no room has its trace logged every time, so a trace is
 * never lost, only repeated. Memory: about 100 bytes per entry. {@link #decide} is O(1) (a map
 * look-up and a short critical section per fingerprint), except for that sweep, O(entries).
 *
 * <p>Thread-safe: each entry's fields are guarded by the entry's monitor, so that, however many
 * threads fail with one pattern at once, exactly one of them logs the trace per interval and the
 * others' counts are 1, 2, 3… with none repeated or skipped.
 */
final class TraceThrottle {

    /** The most fingerprints tracked at once. */
    static final int MAX_PATTERNS = 4096;

    /** What one failure's line carries. */
    record Decision(boolean fullTrace, long sinceTrace, @Nullable String traceRequestId) {
    }

    private static final Decision FULL = new Decision(true, 0, null);

    private final long intervalMillis;
    private final int maxPatterns;
    private final ConcurrentHashMap<String, Entry> patterns = new ConcurrentHashMap<>();
    /** The earliest time the table may be swept again (milliseconds); races between sweeps are harmless. */
    private volatile long nextSweepAt = Long.MIN_VALUE;

    /** @param intervalMillis 0 logs every trace */
    TraceThrottle(long intervalMillis) {
        this(intervalMillis, MAX_PATTERNS);
    }

    TraceThrottle(long intervalMillis, int maxPatterns) {
        this.intervalMillis = intervalMillis;
        this.maxPatterns = maxPatterns;
    }

    /** Whether every failure logs its trace (the interval is zero). */
    boolean off() {
        return intervalMillis == 0;
    }

    /**
     * Decides for one failure of pattern {@code fingerprint}, on request {@code requestId}, at
     * {@code nowMillis} (the Faultline clock).
     */
    Decision decide(String fingerprint, String requestId, long nowMillis) {
        if (intervalMillis == 0) {
            return FULL;
        }
        Entry e = patterns.get(fingerprint);
        if (e == null) {
            if (patterns.size() >= maxPatterns && !sweep(nowMillis)) {
                return FULL;
            }
            e = patterns.computeIfAbsent(fingerprint, k -> new Entry());
        }
        synchronized (e) {
            String traced = e.traceRequestId;
            if (traced == null || nowMillis - e.tracedAt >= intervalMillis) {
                e.tracedAt = nowMillis;
                e.traceRequestId = requestId;
                e.since = 0;
                return FULL;
            }
            long since = ++e.since;
            return new Decision(false, since, traced);
        }
    }

    /** Drops the entries whose trace is due again; returns whether there is room now. */
    private boolean sweep(long nowMillis) {
        if (nowMillis < nextSweepAt) {
            return false;
        }
        nextSweepAt = nowMillis + intervalMillis;
        patterns.values().removeIf(e -> {
            synchronized (e) {
                return nowMillis - e.tracedAt >= intervalMillis;
            }
        });
        return patterns.size() < maxPatterns;
    }

    /** How many fingerprints are tracked. */
    int size() {
        return patterns.size();
    }

    private static final class Entry {
        // guarded by this
        private long tracedAt;
        private @Nullable String traceRequestId;
        private long since;
    }
}
