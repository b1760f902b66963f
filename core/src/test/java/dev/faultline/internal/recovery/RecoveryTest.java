package dev.faultline.internal.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.error.DatabaseException;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.ErrorType;
import dev.faultline.recovery.RecoveryConfig;
import dev.faultline.recovery.RecoveryResult;
import dev.faultline.recovery.RecoveryStats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The recovery engine")
class RecoveryTest {

    @Test
    @DisplayName("a route's breaker opens after its failures and the snapshot says so")
    void fromRecovery() {
        Recovery r = new Recovery(RecoveryConfig.builder()
                .shedding("/search/**", s -> s.minimumCalls(2)).build(), true, Clock.systemUTC());
        try {
            assertEquals(Map.of("/search/**", RecoveryStats.BreakerState.CLOSED), r.stats().shedding());
            for (int i = 0; i < 2; i++) {
                r.admit("/search/x").record(Duration.ofMillis(1).toNanos(),
                        ErrorClassifier.create().classify(new DatabaseException("down")));
            }
            assertEquals(Map.of("/search/**", RecoveryStats.BreakerState.OPEN), r.stats().shedding());
            r.admit("/search/x");
            assertEquals(1, r.stats().shedRequests());
        } finally {
            r.close();
        }
    }

    @Test
    @DisplayName("is built from what the configuration reports: routes as written, shedding settings, limits")
    void readsTheConfiguration() {
        RecoveryConfig config = RecoveryConfig.builder()
                .strategy(ErrorType.DATABASE, "/videos/**", c -> RecoveryResult.notRecovered())
                .fallback(ErrorType.EXTERNAL_SERVICE, c -> RecoveryResult.degraded(200, "text/plain",
                        "later".getBytes(StandardCharsets.UTF_8)))
                .staleIfError("/feeds/*")
                .shedding("/search/**", s -> s.minimumCalls(4).window(8).failureRatePercent(25)
                        .openFor(Duration.ofSeconds(7)).probes(2))
                .build();
        assertEquals("/videos/**", config.strategies().get(0).route());
        assertNull(config.strategies().get(1).route());
        assertEquals(List.of("/feeds/*"), config.staleRoutes());
        RecoveryConfig.Shedding s = config.shedding().get(0);
        assertEquals(List.of("/search/**", 4, 8, 25f, Duration.ofSeconds(7), 2),
                List.of(s.route(), s.minimumCalls(), s.window(), s.failureRatePercent(), s.openFor(), s.probes()));
        Recovery r = new Recovery(config, true, Clock.systemUTC());
        try {
            assertNull(r.admit("/videos/1"));
            assertEquals(Map.of("/search/**", RecoveryStats.BreakerState.CLOSED), r.stats().shedding());
            assertEquals(config.staleMaxBodyBytes(), r.staleMaxBodyBytes());
        } finally {
            r.close();
        }
    }
}
