package dev.faultline.monitoring;

import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.AlertStats;
import dev.faultline.alert.DeliveryStatus;
import dev.faultline.analysis.EndpointCount;
import dev.faultline.analysis.ErrorPattern;
import dev.faultline.analysis.Insights;
import dev.faultline.analysis.Recommendation;
import dev.faultline.health.HealthReport;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.SecurityStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON mapping of each snapshot record the monitoring endpoints show: every field name, its
 * order and its format live here, and nowhere else. Each method returns a new map in the field order
 * of the body (strings, numbers, booleans, {@code null}, lists and maps only), which
 * {@link dev.faultline.internal.Json} writes. Enum values appear as their lower-case labels, instants
 * as ISO-8601 strings. Stateless and thread-safe.
 */
final class MonitoringJson {

    private MonitoringJson() {
    }

    /** {@code /metrics/errors}. */
    static Map<String, Object> errors(ErrorStats s) {
        Map<String, Object> byType = new LinkedHashMap<>();
        s.byType().forEach((type, n) -> byType.put(type.label(), n));
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        s.bySeverity().forEach((severity, n) -> bySeverity.put(severity.label(), n));
        List<Map<String, Object>> perMinute = new ArrayList<>(s.perMinute().size());
        for (ErrorStats.Minute m : s.perMinute()) {
            Map<String, Object> minute = new LinkedHashMap<>();
            minute.put("minute", m.start().toString());
            minute.put("errors", m.errors());
            minute.put("requests", m.requests());
            perMinute.add(minute);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_errors", s.totalErrors());
        out.put("recent_errors", s.recentErrors());
        out.put("recent_window_minutes", s.recentWindowMinutes());
        out.put("error_rate_per_minute", s.errorRatePerMinute());
        out.put("by_type", byType);
        out.put("by_severity", bySeverity);
        out.put("by_endpoint", new LinkedHashMap<>(s.byEndpoint()));
        out.put("total_requests", s.totalRequests());
        out.put("recent_requests", s.recentRequests());
        out.put("error_ratio", s.errorRatio());
        out.put("per_minute", perMinute);
        out.put("retention_hours", s.retentionHours());
        return out;
    }

    /** {@code /metrics/trends}. */
    static Map<String, Object> trends(ErrorTrends t) {
        List<Map<String, Object>> counts = new ArrayList<>(t.hourlyCounts().size());
        for (ErrorTrends.Hour h : t.hourlyCounts()) {
            counts.add(hour(h));
        }
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("hour", t.peak().start().toString());
        peak.put("errors", t.peak().errors());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hours", t.hours());
        out.put("hourly_counts", counts);
        out.put("total_errors", t.totalErrors());
        out.put("average_errors_per_hour", t.averageErrorsPerHour());
        out.put("peak", peak);
        out.put("direction", t.direction().label());
        return out;
    }

    private static Map<String, Object> hour(ErrorTrends.Hour h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hour", h.start().toString());
        m.put("errors", h.errors());
        m.put("requests", h.requests());
        return m;
    }

    /** {@code /metrics/insights}. */
    static Map<String, Object> insights(Insights i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", i.generatedAt().toString());
        m.put("window_hours", i.windowHours());
        m.put("total_patterns", i.totalPatterns());
        m.put("total_errors", i.totalErrors());
        m.put("most_common_errors", list(i.mostCommonErrors(), MonitoringJson::pattern));
        m.put("new_patterns", list(i.newPatterns(), MonitoringJson::pattern));
        m.put("rising_patterns", list(i.risingPatterns(), MonitoringJson::pattern));
        m.put("evicted_patterns", i.evictedPatterns());
        m.put("recommendations", list(i.recommendations(), MonitoringJson::recommendation));
        return m;
    }

    private static Map<String, Object> pattern(ErrorPattern p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", p.fingerprint());
        m.put("error_type", p.errorType().label());
        m.put("severity", p.severity().label());
        m.put("exception", p.exception());
        m.put("message", p.message());
        m.put("count", p.count());
        m.put("count_in_window", p.windowCount());
        m.put("first_seen", p.firstSeen().toString());
        m.put("last_seen", p.lastSeen().toString());
        m.put("top_endpoints", list(p.topEndpoints(), MonitoringJson::endpointCount));
        m.put("hourly_counts", p.hourlyCounts());
        m.put("last_hour", p.lastHour());
        m.put("average_per_hour", Math.round(p.averagePerHour() * 100.0) / 100.0);
        m.put("trend", p.trend().label());
        return m;
    }

    private static Map<String, Object> endpointCount(EndpointCount e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", e.endpoint());
        m.put("count", e.count());
        return m;
    }

    private static Map<String, Object> recommendation(Recommendation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", r.title());
        m.put("detail", r.detail());
        m.put("evidence", r.evidence());
        return m;
    }

    /** {@code /metrics/alerts}. */
    static Map<String, Object> alerts(AlertHistory h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hours", h.hours());
        m.put("total", h.total());
        m.put("alerts", list(h.alerts(), MonitoringJson::alertRecord));
        m.put("stats", alertStats(h.stats()));
        return m;
    }

    private static Map<String, @Nullable Object> alertRecord(AlertRecord r) {
        Alert a = r.alert();
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("rule", a.rule());
        m.put("level", a.level().label());
        m.put("message", a.message());
        m.put("fired_at", a.firedAt().toString());
        m.put("resolved", a.resolved());
        m.put("suppressed", a.suppressed());
        m.put("group", a.groupKey());
        m.put("context", new LinkedHashMap<>(a.context()));
        Map<String, Object> deliveries = new LinkedHashMap<>();
        r.deliveries().forEach((channel, d) -> deliveries.put(channel, delivery(d)));
        m.put("deliveries", deliveries);
        return m;
    }

    private static Map<String, @Nullable Object> delivery(DeliveryStatus d) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("state", d.state().label());
        m.put("attempts", d.attempts());
        m.put("last_error", d.lastError());
        m.put("delivered_at", d.deliveredAt() == null ? null : String.valueOf(d.deliveredAt()));
        return m;
    }

    private static Map<String, Object> alertStats(AlertStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fired", s.fired());
        m.put("suppressed", s.suppressed());
        m.put("delivered", s.delivered());
        m.put("failed", s.failed());
        m.put("dropped", s.dropped());
        m.put("queue_size", s.queueSize());
        m.put("queue_capacity", s.queueCapacity());
        m.put("retries", s.retries());
        m.put("retry_budget_exhausted", s.retryBudgetExhausted());
        m.put("queue_full", s.queueFull());
        m.put("circuit_open", s.circuitOpen());
        m.put("attempt_failures", s.attemptFailures());
        m.put("attempt_timeouts", s.attemptTimeouts());
        m.put("rule_errors", s.ruleErrors());
        m.put("history_size", s.historySize());
        m.put("history_capacity", s.historyCapacity());
        m.put("history_evicted", s.historyEvicted());
        m.put("groups_evicted", s.groupsEvicted());
        m.put("internal_errors", s.internalErrors());
        return m;
    }

    /**
     * {@code /metrics/performance}: the performance figures (the last hour's totals at the top, then
     * the windows overall and per endpoint), then {@code security} and {@code recovery}.
     */
    static Map<String, Object> performance(PerformanceStats p, SecurityStats security, RecoveryStats recovery) {
        PerformanceStats.Window hour = p.overall().lastHour();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_requests", hour.totalRequests());
        out.put("average_duration_ms", hour.averageDurationMs());
        out.put("slow_requests", hour.slowRequests());
        out.put("error_requests", hour.errorRequests());
        out.put("slow_request_threshold_ms", p.slowRequestThreshold().toMillis());
        out.put("windows", windows(p.overall()));
        List<Map<String, Object>> endpoints = new ArrayList<>(p.endpoints().size());
        for (PerformanceStats.Endpoint e : p.endpoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", e.method());
            m.put("endpoint", e.endpoint());
            m.put("windows", windows(e.windows()));
            endpoints.add(m);
        }
        out.put("endpoints", endpoints);
        out.put("tracked_endpoints", p.trackedEndpoints());
        out.put("max_endpoints", p.maxEndpoints());
        out.put("folded_endpoints", p.foldedEndpoints());
        out.put("folded_requests", p.foldedRequests());
        out.put("security", security(security));
        out.put("recovery", recovery(recovery));
        return out;
    }

    private static Map<String, Object> windows(PerformanceStats.Windows w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("1m", window(w.lastMinute()));
        m.put("5m", window(w.lastFiveMinutes()));
        m.put("1h", window(w.lastHour()));
        return m;
    }

    private static Map<String, Object> window(PerformanceStats.Window w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_requests", w.totalRequests());
        m.put("error_requests", w.errorRequests());
        m.put("client_error_requests", w.clientErrorRequests());
        m.put("slow_requests", w.slowRequests());
        m.put("average_duration_ms", w.averageDurationMs());
        m.put("p50_ms", w.p50Ms());
        m.put("p90_ms", w.p90Ms());
        m.put("p99_ms", w.p99Ms());
        m.put("max_ms", w.maxMs());
        return m;
    }

    private static Map<String, @Nullable Object> security(SecurityStats s) {
        Map<String, Object> byCategory = new LinkedHashMap<>();
        s.byCategory().forEach((category, n) -> byCategory.put(category.id(), n));
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("findings", s.findings());
        m.put("by_category", byCategory);
        m.put("blocked_requests", s.blockedRequests());
        m.put("rate_limit_key_failures", s.rateLimitKeyFailures());
        m.put("client_fault_bursts", s.clientFaultBursts());
        m.put("rate_limit_per_minute", s.rateLimited() ? s.rateLimitPerMinute() : null);
        m.put("rate_limited_clients_tracked", s.rateLimitedClientsTracked());
        return m;
    }

    private static Map<String, Object> recovery(RecoveryStats r) {
        Map<String, Object> shedding = new LinkedHashMap<>();
        r.shedding().forEach((route, state) -> shedding.put(route, state.label()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", r.enabled());
        m.put("recovered", r.recovered());
        m.put("degraded", r.degraded());
        m.put("not_recovered", r.notRecovered());
        m.put("shed_requests", r.shedRequests());
        m.put("shedding", shedding);
        m.put("stale_entries", r.staleEntries());
        return m;
    }

    /**
     * {@code /health}, {@code /health/ready}, {@code /health/live}: {@code status}, {@code timestamp},
     * then {@code services}, each check's {@code status, critical, duration_ms, details} and, when the
     * check gave a reason, {@code error}. Details are shown as the checks gave them.
     */
    static Map<String, Object> health(HealthReport report) {
        Map<String, Object> services = new LinkedHashMap<>();
        report.checks().forEach((name, result) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", result.status().label());
            m.put("critical", result.critical());
            m.put("duration_ms", result.durationMs());
            m.put("details", new LinkedHashMap<>(result.details()));
            String error = result.error();
            if (error != null) {
                m.put("error", error);
            }
            services.put(name, m);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().label());
        body.put("timestamp", report.timestamp().toString());
        body.put("services", services);
        return body;
    }

    private static <T> List<Object> list(List<T> items, Function<T, ? extends Map<String, ?>> map) {
        List<Object> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(map.apply(item));
        }
        return out;
    }
}
