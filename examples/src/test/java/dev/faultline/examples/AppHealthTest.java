package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Faultline;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthReport.CheckResult;
import dev.faultline.health.HealthResult;
import dev.faultline.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The app's health checks against their real dependencies, up and then broken. */
class AppHealthTest {

    @Test
    @DisplayName("all up; the CDN stand-in gone makes it degraded (200); the database gone makes it down (503)")
    void upDegradedDown() throws Exception {
        VideoRepository videos = VideoRepository.open("jdbc:h2:mem:health-test;DB_CLOSE_DELAY=-1", Clock.systemUTC());
        FailureSimulator simulator = FailureSimulator.start(videos.dataSource());
        TokenStore tokens = new TokenStore(Clock.systemUTC());
        try (Faultline faultline = Faultline.builder().settings(name -> null)
                .health(h -> AppHealth.register(h.cacheTtl(Duration.ZERO), videos, tokens, simulator)) // a fresh evaluation each time
                .build()) {
            assertEquals(List.of("database", "cache", "video-cdn"), faultline.healthChecks(HealthProbe.READINESS));
            assertTrue(faultline.healthChecks(HealthProbe.LIVENESS).isEmpty(), "no dependency in liveness");

            HealthReport up = faultline.health();
            assertEquals(HealthStatus.UP, up.status(), up.toString());
            assertEquals(200, up.httpStatus());
            assertTrue(up.checks().get("database").critical());
            assertFalse(up.checks().get("cache").critical());
            assertFalse(up.checks().get("video-cdn").critical());
            assertEquals(200, up.checks().get("video-cdn").details().get("http_status"));

            simulator.close(); // the CDN stand-in stops answering
            HealthReport degraded = faultline.health();
            assertEquals(HealthStatus.DEGRADED, degraded.status(), degraded.toString());
            assertEquals(200, degraded.httpStatus(), "a non-critical check down is not an outage");
            CheckResult cdn = degraded.checks().get("video-cdn");
            assertEquals(HealthStatus.DOWN, cdn.status());
            assertTrue(cdn.errorMessage().isPresent(), cdn.toString());

            videos.close(); // the pool is gone: no connection to be had
            HealthReport down = faultline.health();
            assertEquals(HealthStatus.DOWN, down.status(), down.toString());
            assertEquals(503, down.httpStatus());
            assertEquals(HealthStatus.DOWN, down.checks().get("database").status());
            assertEquals(HealthStatus.UP, down.checks().get("cache").status());
        } finally {
            simulator.close();
            videos.close();
        }
    }

    @Test
    @DisplayName("cache: up with its size, degraded when full")
    void cache() {
        TokenStore tokens = new TokenStore(Clock.systemUTC(), Duration.ofMinutes(5), 2);
        HealthResult empty = AppHealth.cache(tokens);
        assertEquals(HealthStatus.UP, empty.status());
        assertEquals(0, empty.details().get("entries"));
        assertEquals(2, empty.details().get("capacity"));

        tokens.issue("alice");
        tokens.issue("bob");
        HealthResult full = AppHealth.cache(tokens);
        assertEquals(HealthStatus.DEGRADED, full.status());
        assertEquals(2, full.details().get("entries"));
    }
}
