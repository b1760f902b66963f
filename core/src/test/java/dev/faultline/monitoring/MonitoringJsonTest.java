package dev.faultline.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.AlertStats;
import dev.faultline.alert.DeliveryState;
import dev.faultline.alert.DeliveryStatus;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthStatus;
import dev.faultline.internal.Json;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.SecurityStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON of the snapshot records, where the recorded bodies of {@link MonitoringJsonShapeTest} do not reach. */
@DisplayName("The JSON of the monitoring snapshots")
class MonitoringJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.parse("2025-03-01T10:15:30Z");

    static JsonNode write(Map<String, ?> body) throws Exception {
        return JSON.readTree(Json.bytes(body));
    }

    @Test
    @DisplayName("health: quotes and newlines in a reason and nested details survive, an up check has no error member")
    void health() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", "16.2");
        details.put("replicas", List.of("a", "b"));
        Map<String, HealthReport.CheckResult> checks = new LinkedHashMap<>();
        checks.put("database", new HealthReport.CheckResult(HealthStatus.UP, true, 3, details, null));
        checks.put("cache", new HealthReport.CheckResult(HealthStatus.DOWN, true, 0, Map.of(),
                "refused \"quoted\"\nnewline"));
        JsonNode body = write(MonitoringJson.health(HealthReport.of(T, checks)));

        assertEquals("down", body.get("status").asText());
        assertEquals("2025-03-01T10:15:30Z", body.get("timestamp").asText());
        assertEquals(List.of("database", "cache"), List.copyOf(iterable(body.get("services").fieldNames())));
        JsonNode database = body.get("services").get("database");
        assertFalse(database.has("error"));
        assertEquals("b", database.get("details").get("replicas").get(1).asText());
        assertEquals("refused \"quoted\"\nnewline", body.get("services").get("cache").get("error").asText());
    }

    @Test
    @DisplayName("performance: no rate limit is null, breaker states are lower-case labels")
    void performance() throws Exception {
        PerformanceStats.Window none = new PerformanceStats.Window(0, 0, 0, 0, 0, 0, 0, 0, 0);
        PerformanceStats p = new PerformanceStats(Duration.ofMillis(1500), new PerformanceStats.Windows(none, none, none),
                List.of(), 0, 64, 0, 0);
        JsonNode body = write(MonitoringJson.performance(p, new SecurityStats(0, Map.of(), 0, 0, 0, 0, 0),
                new RecoveryStats(true, 0, 0, 0, 0, Map.of("/search/**", RecoveryStats.BreakerState.HALF_OPEN), 0)));
        assertTrue(body.get("security").get("rate_limit_per_minute").isNull());
        assertEquals("half_open", body.get("recovery").get("shedding").get("/search/**").asText());
        assertEquals(1500, body.get("slow_request_threshold_ms").asLong());
    }

    @Test
    @DisplayName("alerts: each delivery's state, attempts, last error and delivery time, null when not delivered")
    void alerts() throws Exception {
        Alert alert = new Alert("0123456789abcdef", "db", AlertLevel.CRITICAL, "down", T, Map.of("endpoint", "/x"), "db",
                2, false);
        Map<String, DeliveryStatus> deliveries = new LinkedHashMap<>();
        deliveries.put("log", new DeliveryStatus(DeliveryState.DELIVERED, 1, null, T));
        deliveries.put("hook", new DeliveryStatus(DeliveryState.FAILED, 5, "HTTP 500", null));
        AlertHistory h = new AlertHistory(true, List.of("log", "hook"), 6, List.of(new AlertRecord(alert, deliveries)),
                new AlertStats(1, 2, 1, 1, 0, 0, 1000, 4, 0, 0, 0, 5, 0, 0, 1, 500, 0, 0, 0));
        JsonNode body = write(MonitoringJson.alerts(h));

        assertEquals(List.of("hours", "total", "alerts", "stats"), List.copyOf(iterable(body.fieldNames())));
        JsonNode entry = body.get("alerts").get(0);
        assertEquals("critical", entry.get("level").asText());
        assertEquals("2025-03-01T10:15:30Z", entry.get("deliveries").get("log").get("delivered_at").asText());
        assertTrue(entry.get("deliveries").get("hook").get("delivered_at").isNull());
        assertEquals("HTTP 500", entry.get("deliveries").get("hook").get("last_error").asText());
        assertEquals(5, entry.get("deliveries").get("hook").get("attempts").asInt());
        assertFalse(body.has("channels"), "the channels are not part of the body");
    }

    static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
