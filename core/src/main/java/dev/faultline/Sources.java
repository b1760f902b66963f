package dev.faultline;

import dev.faultline.alert.AlertHistory;
import dev.faultline.analysis.Insights;
import dev.faultline.internal.alert.AlertEngine;
import dev.faultline.internal.analysis.PatternTable;
import dev.faultline.internal.health.HealthEvaluator;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport;
import dev.faultline.monitoring.MonitoringSources;
import dev.faultline.internal.metrics.ErrorMetrics;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.internal.metrics.PerformanceMonitor;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.internal.recovery.Recovery;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.internal.security.SecurityMonitor;
import dev.faultline.security.SecurityStats;

/**
 * The monitoring endpoints' view of the subsystems the pipeline holds: the same snapshots
 * {@link Faultline}'s getters return. Thread-safe.
 */
final class Sources implements MonitoringSources {

    private final ErrorMetrics errorMetrics;
    private final PatternTable analyzer;
    private final AlertEngine alerting;
    private final PerformanceMonitor performance;
    private final SecurityMonitor security;
    private final Recovery recovery;
    private final HealthEvaluator health;

    Sources(ErrorMetrics errorMetrics, PatternTable analyzer, AlertEngine alerting, PerformanceMonitor performance,
            SecurityMonitor security, Recovery recovery, HealthEvaluator health) {
        this.errorMetrics = errorMetrics;
        this.analyzer = analyzer;
        this.alerting = alerting;
        this.performance = performance;
        this.security = security;
        this.recovery = recovery;
        this.health = health;
    }

    @Override
    public ErrorStats errors() {
        return errorMetrics.stats();
    }

    @Override
    public ErrorTrends trends(int hours) {
        return errorMetrics.trends(hours);
    }

    @Override
    public Insights insights() {
        return analyzer.insights();
    }

    @Override
    public AlertHistory alerts(int hours) {
        return alerting.snapshot(hours);
    }

    @Override
    public PerformanceStats performance() {
        return performance.stats();
    }

    @Override
    public SecurityStats security() {
        return security.stats();
    }

    @Override
    public RecoveryStats recovery() {
        return recovery.stats();
    }

    @Override
    public int retentionHours() {
        return errorMetrics.retentionHours();
    }

    @Override
    public HealthReport readiness() {
        return health.evaluate(HealthProbe.READINESS);
    }

    @Override
    public HealthReport liveness() {
        return health.evaluate(HealthProbe.LIVENESS);
    }
}
