package dev.faultline.metrics;

import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the error counts: totals since start, and the last hour by error type, severity and
 * endpoint, minute by minute. Taken by {@code Faultline.errors()}; the body of {@code /metrics/errors}.
 * Immutable and thread-safe: later errors do not change it.
 *
 * <pre>{@code
 * ErrorStats errors = faultline.errors();
 * long database = errors.byType(ErrorType.DATABASE);   // in the last hour
 * double ratio = errors.errorRatio();
 * }</pre>
 *
 * <p>The constructor refuses {@code null} components, keys and elements, and keeps unmodifiable copies
 * of the collections it is given.
 *
 * @param totalErrors errors counted since this Faultline was built
 * @param recentErrors errors in the last {@code recentWindowMinutes} minutes: the sum of
 *        {@code perMinute}'s errors
 * @param recentWindowMinutes the span of the recent figures, in minutes (60)
 * @param errorRatePerMinute recent errors per elapsed minute (at most the window, at least one), to
 *        three decimals
 * @param byType recent errors per error type, types without errors left out, in the order of
 *        {@link ErrorType}; unmodifiable
 * @param bySeverity recent errors per severity, severities without errors left out, in the order of
 *        {@link ErrorSeverity}; unmodifiable
 * @param byEndpoint recent errors per endpoint (route template, or {@value PerformanceStats#OTHER}
 *        for endpoints beyond the cap), most errors first; unmodifiable
 * @param totalRequests requests counted since this Faultline was built
 * @param recentRequests requests in the recent window
 * @param errorRatio failed requests per request in the recent window, to three decimals; 0 without
 *        requests
 * @param perMinute the recent window minute by minute, oldest first, the current, partly elapsed
 *        minute last; unmodifiable
 * @param retentionHours the hours of hourly counts kept, the most {@code Faultline.trends(int)} covers
 */
public record ErrorStats(long totalErrors, long recentErrors, int recentWindowMinutes, double errorRatePerMinute,
        Map<ErrorType, Long> byType, Map<ErrorSeverity, Long> bySeverity, Map<String, Long> byEndpoint,
        long totalRequests, long recentRequests, double errorRatio, List<Minute> perMinute, int retentionHours) {

    public ErrorStats {
        byType = Collections.unmodifiableMap(enumCopy(byType, ErrorType.class));
        bySeverity = Collections.unmodifiableMap(enumCopy(bySeverity, ErrorSeverity.class));
        Map<String, Long> endpoints = new LinkedHashMap<>();
        Objects.requireNonNull(byEndpoint, "byEndpoint").forEach((k, v) -> endpoints.put(
                Objects.requireNonNull(k, "endpoint"), Objects.requireNonNull(v, "count")));
        byEndpoint = Collections.unmodifiableMap(endpoints);
        perMinute = List.copyOf(perMinute);
    }

    private static <K extends Enum<K>> Map<K, Long> enumCopy(Map<K, Long> source, Class<K> type) {
        Map<K, Long> copy = new EnumMap<>(type);
        Objects.requireNonNull(source, type.getSimpleName()).forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "count")));
        return copy;
    }

    /** Recent errors of {@code type}; 0 when there were none. */
    public long byType(ErrorType type) {
        return byType.getOrDefault(Objects.requireNonNull(type, "type"), 0L);
    }

    /** Recent errors of {@code severity}; 0 when there were none. */
    public long bySeverity(ErrorSeverity severity) {
        return bySeverity.getOrDefault(Objects.requireNonNull(severity, "severity"), 0L);
    }

    /** Recent errors on {@code endpoint} (a route template); 0 when there were none or it was not tracked. */
    public long byEndpoint(String endpoint) {
        return byEndpoint.getOrDefault(Objects.requireNonNull(endpoint, "endpoint"), 0L);
    }

    /**
     * One minute of the recent window.
     *
     * @param start the minute's start
     * @param errors the errors counted in it
     * @param requests the requests counted in it
     */
    public record Minute(Instant start, long errors, long requests) {
        public Minute {
            Objects.requireNonNull(start, "start");
        }
    }
}
