package dev.faultline.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Recovery snapshots")
class RecoveryStatsTest {

    @Test
    @DisplayName("keep the shed routes in their configured order, as an unmodifiable copy")
    void shedding() {
        Map<String, RecoveryStats.BreakerState> routes = new LinkedHashMap<>();
        routes.put("/search/**", RecoveryStats.BreakerState.OPEN);
        routes.put("/feeds/**", RecoveryStats.BreakerState.CLOSED);
        RecoveryStats s = new RecoveryStats(true, 1, 2, 3, 4, routes, 5);
        routes.clear();
        assertEquals(List.of("/search/**", "/feeds/**"), List.copyOf(s.shedding().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> s.shedding().clear());
        assertEquals("half_open", RecoveryStats.BreakerState.HALF_OPEN.label());
    }

    @Test
    @DisplayName("from recovery: a route's breaker opens after its failures and the snapshot says so")
    void fromRecovery() {
        Recovery r = new Recovery(RecoveryConfig.builder()
                .shedding("/search/**", s -> s.minimumCalls(2)).build(), true, Clock.systemUTC());
        try {
            assertEquals(Map.of("/search/**", RecoveryStats.BreakerState.CLOSED), r.stats().shedding());
            for (int i = 0; i < 2; i++) {
                r.admit("/search/x").record(Duration.ofMillis(1).toNanos(),
                        dev.faultline.error.ErrorClassifier.create().classify(
                                new dev.faultline.error.DatabaseException("down")));
            }
            assertEquals(Map.of("/search/**", RecoveryStats.BreakerState.OPEN), r.stats().shedding());
            r.admit("/search/x");
            assertEquals(1, r.stats().shedRequests());
        } finally {
            r.close();
        }
    }
}
