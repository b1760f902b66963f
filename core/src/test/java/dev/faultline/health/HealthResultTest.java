package dev.faultline.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.health.HealthReport.CheckResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Health results and reports")
class HealthResultTest {

    @Nested
    @DisplayName("HealthResult")
    class Results {

        @Test
        @DisplayName("factories give the status and the reason")
        void factories() {
            assertEquals(HealthStatus.UP, HealthResult.up().status());
            assertNull(HealthResult.up().error());
            assertEquals(new HealthResult(HealthStatus.DEGRADED, Map.of(), "lag"), HealthResult.degraded("lag"));
            assertEquals(Optional.of("no connection"), HealthResult.down("no connection").errorMessage());
            assertEquals(Map.of("n", 1), HealthResult.up(Map.of("n", 1)).details());
        }

        @Test
        @DisplayName("keeps details in insertion order, copied and unmodifiable")
        void details() {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("z", 1);
            source.put("a", 2);
            HealthResult r = HealthResult.up(source).withDetail("m", 3);
            source.put("later", 4);

            assertEquals(List.of("z", "a", "m"), List.copyOf(r.details().keySet()));
            assertThrows(UnsupportedOperationException.class, () -> r.details().put("x", 1));
        }

        @Test
        @DisplayName("rejects a null detail value, naming the detail")
        void nullDetail() {
            Map<String, Object> source = new HashMap<>();
            source.put("version", null);

            NullPointerException e = assertThrows(NullPointerException.class, () -> HealthResult.up(source));

            assertEquals("value of detail 'version'", e.getMessage());
        }
    }

    @Nested
    @DisplayName("HealthStatus")
    class Statuses {

        @Test
        @DisplayName("labels are lower case")
        void labels() {
            assertEquals(List.of("up", "degraded", "down"),
                    List.of(HealthStatus.UP.label(), HealthStatus.DEGRADED.label(), HealthStatus.DOWN.label()));
        }
    }

    @Nested
    @DisplayName("HealthReport")
    class Reports {

        static CheckResult result(HealthStatus status, boolean critical) {
            return new CheckResult(status, critical, 0, Map.of(), status == HealthStatus.UP ? null : "why");
        }

        @Test
        @DisplayName("of(...) derives the overall status; HTTP 503 only for DOWN")
        void overall() {
            Instant t = Instant.parse("2025-01-01T00:00:00Z");

            HealthReport up = HealthReport.of(t, Map.of("a", result(HealthStatus.UP, true)));
            HealthReport degraded = HealthReport.of(t, Map.of("a", result(HealthStatus.UP, true),
                    "b", result(HealthStatus.DOWN, false)));
            HealthReport down = HealthReport.of(t, Map.of("a", result(HealthStatus.DOWN, true),
                    "b", result(HealthStatus.DEGRADED, false)));

            assertEquals(List.of(HealthStatus.UP, HealthStatus.DEGRADED, HealthStatus.DOWN),
                    List.of(up.status(), degraded.status(), down.status()));
            assertEquals(List.of(200, 200, 503), List.of(up.httpStatus(), degraded.httpStatus(), down.httpStatus()));
        }

        @Test
        @DisplayName("keeps its own copy of the checks, which callers cannot change")
        void immutableChecks() {
            Map<String, HealthReport.CheckResult> checks = new java.util.LinkedHashMap<>();
            checks.put("a", HealthReport.CheckResult.of(HealthResult.up(), true, 1));
            HealthReport report = HealthReport.of(Instant.EPOCH, checks);

            checks.put("b", HealthReport.CheckResult.of(HealthResult.down("gone"), true, 1));

            assertEquals(List.of("a"), List.copyOf(report.checks().keySet()));
            assertEquals(HealthStatus.UP, report.status());
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> report.checks().remove("a"));
        }
    }
}
