package dev.faultline.internal.metrics;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.Preconditions;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.metrics.TrendDirection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Error counts over bounded windows: per minute for the last hour and per hour for
 * {@code retentionHours}, by error type, severity and endpoint, with the requests they happened among
 * (for the error ratio). Memory is fixed whatever the traffic: two {@link TimeWindow}s of keyed
 * counters ({@code 13 types + 4 severities + maxEndpoints + 1} keys) and an endpoint index capped at
 * {@code maxEndpoints}, beyond which endpoints count as {@value PerformanceMonitor#OTHER}.
 *
 * <p>{@link #stats()} and {@link #trends(int)} take immutable snapshots.
 * {@link #recordRequest} and {@link #recordError} are O(1), lock-free, allocation-free once the
 * endpoint is indexed and the slot exists. Thread-safe.
 */
public final class ErrorMetrics {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int TYPES = ErrorType.values().length;
    private static final int SEVERITIES = ErrorSeverity.values().length;
    private static final int ENDPOINT0 = TYPES + SEVERITIES;

    private final Clock clock;
    private final int retentionHours;
    private final int maxEndpoints;
    private final TimeWindow minutes;
    private final TimeWindow hours;
    private final ConcurrentHashMap<String, Integer> endpointIndex = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<String> endpointNames;
    private final AtomicInteger nextEndpoint = new AtomicInteger();
    private final LongAdder totalErrors = new LongAdder();
    private final LongAdder totalRequests = new LongAdder();
    private final Instant started;

    /**
     * @param retentionHours hours of hourly counts kept (1..720)
     * @param maxEndpoints endpoints counted on their own (1..10,000)
     */
    public ErrorMetrics(Clock clock, int retentionHours, int maxEndpoints) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retentionHours < 1 || retentionHours > 720) {
            throw Preconditions.invalid("monitoring.retention_hours", "must be between 1 and 720, was " + retentionHours);
        }
        if (maxEndpoints < 1 || maxEndpoints > 10_000) {
            throw Preconditions.invalid("performance.max_endpoints", "must be between 1 and 10000, was " + maxEndpoints);
        }
        this.retentionHours = retentionHours;
        this.maxEndpoints = maxEndpoints;
        int keys = ENDPOINT0 + maxEndpoints + 1;
        this.minutes = TimeWindow.builder().slots(60).slotWidth(MINUTE).keys(keys).clock(clock).build();
        this.hours = TimeWindow.builder().slots(retentionHours).slotWidth(HOUR).keys(keys).clock(clock).build();
        this.endpointNames = new AtomicReferenceArray<>(maxEndpoints + 1);
        this.endpointNames.set(maxEndpoints, PerformanceStats.OTHER);
        this.started = clock.instant();
    }

    /** The hours of hourly counts kept. */
    public int retentionHours() {
        return retentionHours;
    }

    /** Counts one finished request, failed or not, for the error ratio. */
    public void recordRequest(boolean failed) {
        recordRequest(failed, clock.millis());
    }

    /**
     * {@link #recordRequest(boolean)} at {@code nowMillis}, a reading of this instance's clock taken by
     * the caller (who records the same request elsewhere on the same clock).
     */
    public void recordRequest(boolean failed, long nowMillis) {
        totalRequests.increment();
        minutes.current(nowMillis).record(0, failed, false);
        hours.current(nowMillis).record(0, failed, false);
    }

    /** Counts one error by its type, severity and endpoint. Call {@link #recordRequest} for it too. */
    public void recordError(ErrorEvent e) {
        recordError(e, clock.millis());
    }

    /**
     * {@link #recordError(ErrorEvent)} at {@code now}, a reading of this instance's clock taken by the
     * caller: the one its {@link #recordRequest(boolean, long)} of the same request used, so that both
     * land in the same minute.
     */
    public void recordError(ErrorEvent e, long now) {
        totalErrors.increment();
        int endpoint = ENDPOINT0 + endpointIndex(e.endpoint());
        TimeWindow.Slot m = minutes.current(now);
        m.increment(e.type().ordinal());
        m.increment(TYPES + e.severity().ordinal());
        m.increment(endpoint);
        TimeWindow.Slot h = hours.current(now);
        h.increment(e.type().ordinal());
        h.increment(TYPES + e.severity().ordinal());
        h.increment(endpoint);
    }

    private int endpointIndex(String endpoint) {
        Integer i = endpointIndex.get(endpoint);
        if (i != null) {
            return i;
        }
        // The index is taken inside the map's per-key computation, so a race for a new endpoint takes one
        // slot. No shortcut when the slots are full: the last endpoint may be inside its computation right
        // now (a plain get() does not see it yet), and a shortcut would count it as _other. Errors only
        // come here (404s of unmatched paths share one endpoint), so hostile paths cannot make this hot.
        i = endpointIndex.computeIfAbsent(endpoint, name -> {
            int next = nextEndpoint.getAndUpdate(n -> n < maxEndpoints ? n + 1 : n);
            if (next >= maxEndpoints) {
                return null;
            }
            endpointNames.set(next, name);
            return next;
        });
        return i != null ? i : maxEndpoints;
    }

    /**
     * The error counts now: totals since start and the last hour by type, severity and endpoint,
     * minute by minute. One read of the 60 minute slots feeds both the totals and the per-minute
     * series, so they agree. O(60 × (types + severities + maxEndpoints)).
     */
    public ErrorStats stats() {
        List<TimeWindow.Snapshot> series = minutes.series(HOUR);
        long[] keyTotals = new long[ENDPOINT0 + maxEndpoints + 1];
        long requests = 0;
        long failed = 0;
        List<ErrorStats.Minute> perMinute = new ArrayList<>(series.size());
        for (TimeWindow.Snapshot m : series) {
            long errors = 0;
            for (int k = 0; k < keyTotals.length; k++) {
                long n = m.keyCount(k);
                keyTotals[k] += n;
                if (k < TYPES) {
                    errors += n;
                }
            }
            requests += m.count();
            failed += m.errors();
            perMinute.add(new ErrorStats.Minute(m.start(), errors, m.count()));
        }
        long recent = 0;
        Map<ErrorType, Long> byType = new EnumMap<>(ErrorType.class);
        for (ErrorType t : ErrorType.values()) {
            long n = keyTotals[t.ordinal()];
            recent += n;
            if (n > 0) {
                byType.put(t, n);
            }
        }
        Map<ErrorSeverity, Long> bySeverity = new EnumMap<>(ErrorSeverity.class);
        for (ErrorSeverity v : ErrorSeverity.values()) {
            long n = keyTotals[TYPES + v.ordinal()];
            if (n > 0) {
                bySeverity.put(v, n);
            }
        }
        List<Map.Entry<String, Long>> endpoints = new ArrayList<>();
        for (int i = 0; i <= maxEndpoints; i++) {
            long n = keyTotals[ENDPOINT0 + i];
            String name = endpointNames.get(i);
            if (n > 0 && name != null) {
                endpoints.add(Map.entry(name, n));
            }
        }
        endpoints.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        endpoints.forEach(e -> byEndpoint.put(e.getKey(), e.getValue()));
        long minutesElapsed = Math.max(1, Math.min(60, Duration.between(started, clock.instant()).toMinutes() + 1));
        return new ErrorStats(totalErrors.sum(), recent, 60, round((double) recent / minutesElapsed), byType,
                bySeverity, byEndpoint, totalRequests.sum(), requests,
                requests == 0 ? 0.0 : round((double) failed / requests), perMinute, retentionHours);
    }

    /** Errors and requests over the last {@code span} of the minute window (1..60 minutes). */
    public TimeWindow.Snapshot recent(Duration span) {
        return minutes.snapshot(span);
    }

    /**
     * The error counts of the last {@code hours} hours (1..retention), hour by hour, with their
     * average, peak and direction (the newer half's average against the older half's, ±20 %).
     *
     * @throws IllegalArgumentException if {@code hours} is outside 1..retention
     */
    public ErrorTrends trends(int hours) {
        if (hours < 1 || hours > retentionHours) {
            throw Preconditions.invalid("hours", "must be between 1 and " + retentionHours + ", was " + hours);
        }
        List<TimeWindow.Snapshot> series = this.hours.series(Duration.ofHours(hours));
        List<ErrorTrends.Hour> counts = new ArrayList<>(series.size());
        long total = 0;
        ErrorTrends.Hour peak = null;
        long[] values = new long[series.size()];
        for (int i = 0; i < series.size(); i++) {
            TimeWindow.Snapshot s = series.get(i);
            long errors = 0;
            for (ErrorType t : ErrorType.values()) {
                errors += s.keyCount(t.ordinal());
            }
            values[i] = errors;
            total += errors;
            ErrorTrends.Hour h = new ErrorTrends.Hour(s.start(), errors, s.count());
            counts.add(h);
            if (peak == null || errors > peak.errors()) {
                peak = h;
            }
        }
        return new ErrorTrends(hours, counts, total, round((double) total / hours), Objects.requireNonNull(peak),
                direction(values));
    }

    static TrendDirection direction(long[] values) {
        if (values.length < 2) {
            return TrendDirection.STABLE;
        }
        int half = values.length / 2;
        double older = 0;
        double newer = 0;
        for (int i = 0; i < values.length; i++) {
            if (i < values.length - half) {
                older += values[i];
            } else {
                newer += values[i];
            }
        }
        older /= values.length - half;
        newer /= half;
        if (newer > older * 1.2 && newer - older >= 1) {
            return TrendDirection.INCREASING;
        }
        if (newer < older * 0.8 && older - newer >= 1) {
            return TrendDirection.DECREASING;
        }
        return TrendDirection.STABLE;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
