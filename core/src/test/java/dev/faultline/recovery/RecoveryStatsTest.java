package dev.faultline.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
