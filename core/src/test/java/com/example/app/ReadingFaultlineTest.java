package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertHistory;
import dev.faultline.error.DatabaseException;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthResult;
import dev.faultline.health.HealthStatus;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.AttackCategory;
import dev.faultline.testkit.TestRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an application's own test reads from Faultline, from outside its packages: every figure a typed
 * field of an immutable snapshot, with no cast and no string key.
 */
@DisplayName("An application reads Faultline's figures")
class ReadingFaultlineTest {

    static Faultline faultline() {
        return Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .alertingEnabled(false).security(s -> s.rateLimit(false))
                .recovery(r -> r.shedding("/search/**", s -> s.minimumCalls(5)))
                .health(h -> h.check("database", () -> HealthResult.down("refused"))
                        .check("disk", HealthResult::up, c -> c.probes(HealthProbe.LIVENESS)))
                .build();
    }

    static void serve(Faultline f, String route, Throwable failure) {
        TestRequest request = TestRequest.get(route).route(route);
        Exchange x = f.open(request);
        ErrorReply reply = x.fail(failure);
        x.close(ResponseView.of(reply.status(), reply.body().length));
    }

    @Test
    @DisplayName("errors().byType(DATABASE) is the count of database failures, a long")
    void byType() {
        try (Faultline f = faultline()) {
            serve(f, "/videos/{id}", new DatabaseException("connection refused"));
            serve(f, "/videos/{id}", new DatabaseException("connection refused"));
            serve(f, "/videos", new IllegalStateException("bug"));

            long database = f.errors().byType(ErrorType.DATABASE);

            assertEquals(2L, database);
            assertEquals(0L, f.errors().byType(ErrorType.TIMEOUT));
            assertEquals(2L, f.errors().bySeverity(ErrorSeverity.CRITICAL));
            assertEquals(2L, f.errors().byEndpoint("/videos/{id}"));
            assertEquals(3L, f.errors().totalErrors());
        }
    }

    @Test
    @DisplayName("the other snapshots read the same way: performance, security, recovery, alerts, health")
    void everySnapshot() {
        try (Faultline f = faultline()) {
            serve(f, "/videos/{id}", new DatabaseException("connection refused"));

            PerformanceStats performance = f.performance();
            assertEquals(1L, performance.totalRequests());
            assertEquals(1L, performance.endpoint("GET", "/videos/{id}").orElseThrow().windows().lastHour().errorRequests());
            assertEquals(0L, f.security().findings(AttackCategory.SQL_INJECTION));
            RecoveryStats recovery = f.recovery();
            assertTrue(recovery.enabled());
            assertEquals(Map.of("/search/**", RecoveryStats.BreakerState.CLOSED), recovery.shedding());
            AlertHistory alerts = f.alerts(24);
            assertFalse(alerts.enabled());
            assertEquals(0, alerts.total());
            HealthReport readiness = f.health();
            assertEquals(HealthStatus.DOWN, readiness.status());
            assertEquals(503, readiness.httpStatus());
            assertEquals(HealthStatus.UP, f.health(HealthProbe.LIVENESS).status());
            assertEquals(List.of("database"), f.healthChecks(HealthProbe.READINESS));
            assertEquals(List.of("disk"), f.healthChecks(HealthProbe.LIVENESS));
            assertEquals(1, f.insights().totalPatterns());
            assertEquals(1L, f.trends(1).totalErrors());
        }
    }

    @Test
    @DisplayName("a snapshot's collections cannot be changed")
    void unmodifiable() {
        try (Faultline f = faultline()) {
            serve(f, "/videos", new IllegalStateException("bug"));
            ErrorStats errors = f.errors();
            assertThrows(UnsupportedOperationException.class, () -> errors.byType().put(ErrorType.INTERNAL, 0L));
            assertThrows(UnsupportedOperationException.class, () -> errors.byEndpoint().clear());
            assertThrows(UnsupportedOperationException.class, () -> errors.perMinute().clear());
            assertThrows(UnsupportedOperationException.class, () -> f.performance().endpoints().clear());
            assertThrows(UnsupportedOperationException.class, () -> f.security().byCategory().clear());
        }
    }

    @Test
    @DisplayName("trends and alerts refuse a span they cannot cover, naming it")
    void spans() {
        try (Faultline f = faultline()) {
            IllegalArgumentException trends = assertThrows(IllegalArgumentException.class, () -> f.trends(0));
            assertTrue(trends.getMessage().contains("hours"), trends.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.trends(25));
            assertThrows(IllegalArgumentException.class, () -> f.alerts(0));
        }
    }

    @Property(tries = 30)
    @Label("errors() counts the failures served per type, and a snapshot does not change with later failures")
    void countsPerType(@ForAll @Size(max = 40) List<ErrorType> first, @ForAll @Size(max = 20) List<ErrorType> later) {
        try (Faultline f = faultline()) {
            first.forEach(t -> serve(f, "/r", new FaultlineException(t, null)));
            ErrorStats before = f.errors();
            Map<ErrorType, Long> expected = count(first);

            for (ErrorType t : ErrorType.values()) {
                assertEquals(expected.getOrDefault(t, 0L), before.byType(t), t::toString);
            }
            assertEquals(first.size(), before.totalErrors());
            assertEquals(first.size(), before.recentErrors());
            Map<ErrorType, Long> saved = Map.copyOf(before.byType());

            later.forEach(t -> serve(f, "/r", new FaultlineException(t, null)));

            assertEquals(saved, before.byType(), "a snapshot is not a view");
            assertEquals(first.size(), before.totalErrors());
            List<ErrorType> all = new java.util.ArrayList<>(first);
            all.addAll(later);
            assertEquals(count(all), f.errors().byType());
        }
    }

    static Map<ErrorType, Long> count(List<ErrorType> types) {
        Map<ErrorType, Long> out = new EnumMap<>(ErrorType.class);
        types.forEach(t -> out.merge(t, 1L, Long::sum));
        return out;
    }
}
