package dev.faultline.http;

import java.util.Map;

/**
 * Where the monitoring endpoints get their figures. Faultline implements it over its own subsystems;
 * every method returns a fresh JSON-ready snapshot (maps, lists, strings, numbers, booleans).
 */
public interface MonitoringSources {

    /** {@code /metrics/errors}. */
    Map<String, Object> errorMetrics();

    /** {@code /metrics/trends?hours=N}; {@code hours} already validated. */
    Map<String, Object> trends(int hours);

    /** {@code /metrics/insights}. */
    Map<String, Object> insights();

    /** {@code /metrics/alerts?hours=N}; {@code hours} already validated. */
    Map<String, Object> alerts(int hours);

    /** {@code /metrics/performance}. */
    Map<String, Object> performance();

    /** The retention of error metrics, the upper bound of {@code hours} on {@code /metrics/trends}. */
    int retentionHours();

    /** A health report: its HTTP status and body. */
    record Health(int status, Map<String, Object> body) {
    }

    /** {@code /health} (every check) and {@code /health/ready} (readiness checks). */
    Health readiness();

    /** {@code /health/live} (liveness checks only). */
    Health liveness();
}
