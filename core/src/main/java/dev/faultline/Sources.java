package dev.faultline;

import dev.faultline.alert.Alerting;
import dev.faultline.analysis.PatternAnalyzer;
import dev.faultline.health.HealthChecks;
import dev.faultline.health.HealthReport;
import dev.faultline.metrics.ErrorMetrics;
import dev.faultline.metrics.PerformanceMonitor;
import dev.faultline.recovery.Recovery;
import dev.faultline.security.SecurityMonitor;
import dev.faultline.http.MonitoringSources;
import java.util.LinkedHashMap;
import java.util.Map;

/** The monitoring endpoints' view of the subsystems the pipeline holds. Thread-safe. */
final class Sources implements MonitoringSources {

    private final Parts faultline;

    Sources(ErrorMetrics errorMetrics, PatternAnalyzer analyzer, Alerting alerting, PerformanceMonitor performance,
            SecurityMonitor security, Recovery recovery, HealthChecks health) {
        this.faultline = new Parts(errorMetrics, analyzer, alerting, performance, security, recovery, health);
    }

    /** What the endpoints read. */
    private record Parts(ErrorMetrics errorMetrics, PatternAnalyzer analyzer, Alerting alerting,
            PerformanceMonitor performance, SecurityMonitor security, Recovery recovery, HealthChecks health) {
    }

    @Override
    public Map<String, Object> errorMetrics() {
        return faultline.errorMetrics.metrics();
    }

    @Override
    public Map<String, Object> trends(int hours) {
        return faultline.errorMetrics.trends(hours);
    }

    @Override
    public Map<String, Object> insights() {
        return faultline.analyzer.insights().toMap();
    }

    @Override
    public Map<String, Object> alerts(int hours) {
        return faultline.alerting.toMap(hours);
    }

    @Override
    public Map<String, Object> performance() {
        Map<String, Object> out = new LinkedHashMap<>(faultline.performance.stats());
        out.put("security", faultline.security.stats());
        out.put("recovery", faultline.recovery.stats());
        return out;
    }

    @Override
    public int retentionHours() {
        return faultline.errorMetrics.retentionHours();
    }

    @Override
    public Health readiness() {
        return health(faultline.health.readiness());
    }

    @Override
    public Health liveness() {
        return health(faultline.health.liveness());
    }

    private static Health health(HealthReport report) {
        return new Health(report.httpStatus(), report.toMap());
    }
}
