package dev.faultline;

import dev.faultline.health.HealthReport;
import dev.faultline.http.MonitoringSources;
import java.util.LinkedHashMap;
import java.util.Map;

/** The monitoring endpoints' view of a {@link Faultline}. Thread-safe. */
final class Sources implements MonitoringSources {

    private final Faultline faultline;

    Sources(Faultline faultline) {
        this.faultline = faultline;
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
