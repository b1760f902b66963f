package dev.faultline.spring.boot;

import dev.faultline.Faultline;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Faultline's health checks under Actuator's {@code /actuator/health} (component {@code faultline}):
 * DOWN when Faultline's report is down (a critical check failed), UP otherwise; a DEGRADED report is
 * UP with {@code degraded: true}, since Actuator's default aggregation has no such status. Each
 * check's status, duration, details and error are the details.
 */
public final class FaultlineHealthIndicator implements HealthIndicator {

    private final Faultline faultline;

    /**
     * An indicator.
     *
     * @param faultline the Faultline whose checks to report
     */
    public FaultlineHealthIndicator(Faultline faultline) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
    }

    @Override
    public Health health() {
        HealthReport report = faultline.health();
        Health.Builder b = report.status() == HealthStatus.DOWN ? Health.down() : Health.up();
        if (report.status() == HealthStatus.DEGRADED) {
            b.withDetail("degraded", true);
        }
        report.checks().forEach((name, result) -> {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("status", result.status().label());
            check.put("critical", result.critical());
            check.put("durationMs", result.durationMs());
            if (!result.details().isEmpty()) {
                check.put("details", result.details());
            }
            if (result.error() != null) {
                check.put("error", result.error());
            }
            b.withDetail(name, check);
        });
        return b.build();
    }
}
