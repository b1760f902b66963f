package dev.faultline.monitoring;

import dev.faultline.alert.AlertHistory;
import dev.faultline.analysis.Insights;
import dev.faultline.health.HealthReport;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.SecurityStats;

/**
 * Where the monitoring endpoints get their figures. Faultline implements it over its own subsystems;
 * every method returns a fresh immutable snapshot, the same record {@code Faultline}'s getter of the
 * same name returns, and {@link MonitoringEndpoints} renders it to JSON.
 */
public interface MonitoringSources {

    /** {@code /metrics/errors}. */
    ErrorStats errors();

    /** {@code /metrics/trends?hours=N}; {@code hours} already validated. */
    ErrorTrends trends(int hours);

    /** {@code /metrics/insights}. */
    Insights insights();

    /** {@code /metrics/alerts?hours=N}; {@code hours} already validated. */
    AlertHistory alerts(int hours);

    /** {@code /metrics/performance}, with {@link #security()} and {@link #recovery()}. */
    PerformanceStats performance();

    /** The {@code security} member of {@code /metrics/performance}. */
    SecurityStats security();

    /** The {@code recovery} member of {@code /metrics/performance}. */
    RecoveryStats recovery();

    /** The retention of error metrics, the upper bound of {@code hours} on {@code /metrics/trends}. */
    int retentionHours();

    /** {@code /health} (every check) and {@code /health/ready} (readiness checks). */
    HealthReport readiness();

    /** {@code /health/live} (liveness checks only). */
    HealthReport liveness();
}
