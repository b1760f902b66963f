package dev.faultline;

import dev.faultline.alert.AlertHistory;
import dev.faultline.analysis.Insights;
import dev.faultline.health.HealthReport;
import dev.faultline.http.MonitoringSources;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.SecurityStats;

/** The monitoring endpoints' view of a {@link Faultline}: the snapshots its getters return. Thread-safe. */
final class Sources implements MonitoringSources {

    private final Faultline faultline;

    Sources(Faultline faultline) {
        this.faultline = faultline;
    }

    @Override
    public ErrorStats errors() {
        return faultline.errors();
    }

    @Override
    public ErrorTrends trends(int hours) {
        return faultline.trends(hours);
    }

    @Override
    public Insights insights() {
        return faultline.insights();
    }

    @Override
    public AlertHistory alerts(int hours) {
        return faultline.alerts(hours);
    }

    @Override
    public PerformanceStats performance() {
        return faultline.performance();
    }

    @Override
    public SecurityStats security() {
        return faultline.security();
    }

    @Override
    public RecoveryStats recovery() {
        return faultline.recovery();
    }

    @Override
    public int retentionHours() {
        return faultline.errorMetrics.retentionHours();
    }

    @Override
    public HealthReport readiness() {
        return faultline.health(dev.faultline.health.HealthProbe.READINESS);
    }

    @Override
    public HealthReport liveness() {
        return faultline.health(dev.faultline.health.HealthProbe.LIVENESS);
    }
}
