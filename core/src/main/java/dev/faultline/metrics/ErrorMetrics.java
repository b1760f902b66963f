package dev.faultline.metrics;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.Preconditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>{@link #recordRequest} and {@link #recordError} are O(1), lock-free, allocation-free once the
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
        this.endpointNames.set(maxEndpoints, PerformanceMonitor.OTHER);
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
        totalErrors.increment();
        int endpoint = ENDPOINT0 + endpointIndex(e.endpoint());
        long now = clock.millis();
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
     * The guide's error metrics over the last hour: {@code total_errors} (since start),
     * {@code recent_errors}, {@code error_rate_per_minute}, {@code by_type}, {@code by_severity},
     * {@code by_endpoint}, {@code error_ratio} (errors per request), {@code total_requests}; then
     * {@code per_minute}, the same hour minute by minute (60 entries, oldest first, the current, partly
     * elapsed minute last: {@code minute}, its start; {@code errors}; {@code requests}), whose sums are
     * {@code recent_errors} and {@code recent_requests}; and {@code retention_hours}, the most
     * {@link #trends(int)} can cover.
     */
    public Map<String, Object> metrics() {
        // one read of the 60 minute slots feeds both the totals and the per-minute series, so they agree
        List<TimeWindow.Snapshot> series = minutes.series(HOUR);
        long[] keyTotals = new long[ENDPOINT0 + maxEndpoints + 1];
        long requests = 0;
        long failed = 0;
        List<Map<String, Object>> perMinute = new ArrayList<>(series.size());
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
            Map<String, Object> minute = new LinkedHashMap<>();
            minute.put("minute", m.start().toString());
            minute.put("errors", errors);
            minute.put("requests", m.count());
            perMinute.add(minute);
        }
        long recent = 0;
        Map<String, Object> byType = new LinkedHashMap<>();
        for (ErrorType t : ErrorType.values()) {
            long n = keyTotals[t.ordinal()];
            recent += n;
            if (n > 0) {
                byType.put(t.label(), n);
            }
        }
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (ErrorSeverity v : ErrorSeverity.values()) {
            long n = keyTotals[TYPES + v.ordinal()];
            if (n > 0) {
                bySeverity.put(v.label(), n);
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
        Map<String, Object> byEndpoint = new LinkedHashMap<>();
        endpoints.forEach(e -> byEndpoint.put(e.getKey(), e.getValue()));
        long minutesElapsed = Math.max(1, Math.min(60, Duration.between(started, clock.instant()).toMinutes() + 1));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_errors", totalErrors.sum());
        out.put("recent_errors", recent);
        out.put("recent_window_minutes", 60);
        out.put("error_rate_per_minute", round((double) recent / minutesElapsed));
        out.put("by_type", byType);
        out.put("by_severity", bySeverity);
        out.put("by_endpoint", byEndpoint);
        out.put("total_requests", totalRequests.sum());
        out.put("recent_requests", requests);
        out.put("error_ratio", requests == 0 ? 0.0 : round((double) failed / requests));
        out.put("per_minute", perMinute);
        out.put("retention_hours", retentionHours);
        return out;
    }

    /** Errors and requests over the last {@code span} of the minute window (1..60 minutes). */
    public TimeWindow.Snapshot recent(Duration span) {
        return minutes.snapshot(span);
    }

    /**
     * The guide's trends over the last {@code hours} (1..retention): {@code hourly_counts} (oldest
     * first, the current hour last and partly elapsed), {@code average_errors_per_hour},
     * {@code peak} (hour and count) and {@code direction} (increasing, decreasing or stable: the newer
     * half's average against the older half's, ±20%).
     *
     * @throws IllegalArgumentException if {@code hours} is outside 1..retention
     */
    public Map<String, Object> trends(int hours) {
        if (hours < 1 || hours > retentionHours) {
            throw Preconditions.invalid("hours", "must be between 1 and " + retentionHours + ", was " + hours);
        }
        List<TimeWindow.Snapshot> series = this.hours.series(Duration.ofHours(hours));
        List<Map<String, Object>> counts = new ArrayList<>(series.size());
        long total = 0;
        long peak = -1;
        String peakHour = null;
        long[] values = new long[series.size()];
        for (int i = 0; i < series.size(); i++) {
            TimeWindow.Snapshot s = series.get(i);
            long errors = 0;
            for (ErrorType t : ErrorType.values()) {
                errors += s.keyCount(t.ordinal());
            }
            values[i] = errors;
            total += errors;
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("hour", s.start().toString());
            h.put("errors", errors);
            h.put("requests", s.count());
            counts.add(h);
            if (errors > peak) {
                peak = errors;
                peakHour = s.start().toString();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hours", hours);
        out.put("hourly_counts", counts);
        out.put("total_errors", total);
        out.put("average_errors_per_hour", round((double) total / hours));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hour", peakHour);
        p.put("errors", Math.max(peak, 0));
        out.put("peak", p);
        out.put("direction", direction(values));
        return out;
    }

    static String direction(long[] values) {
        if (values.length < 2) {
            return "stable";
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
            return "increasing";
        }
        if (newer < older * 0.8 && older - newer >= 1) {
            return "decreasing";
        }
        return "stable";
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
