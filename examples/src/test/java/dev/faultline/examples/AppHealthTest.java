package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.health.HealthChecks;
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
        HealthChecks.Builder builder = HealthChecks.builder().cacheTtl(Duration.ZERO); // a fresh evaluation each time
        AppHealth.register(builder, videos, new TokenStore(Clock.systemUTC()), simulator);
        try (HealthChecks health = builder.build()) {
            assertEquals(List.of("database", "cache", "video-cdn"), health.names(dev.faultline.health.HealthProbe.READINESS));
            assertTrue(health.names(dev.faultline.health.HealthProbe.LIVENESS).isEmpty(), "no dependency in liveness");

            HealthReport up = health.readiness();
            assertEquals(HealthStatus.UP, up.status(), up.toString());
            assertEquals(200, up.httpStatus());
            assertTrue(up.checks().get("database").critical());
            assertFalse(up.checks().get("cache").critical());
            assertFalse(up.checks().get("video-cdn").critical());
            assertEquals(200, up.checks().get("video-cdn").details().get("http_status"));

            simulator.close(); // the CDN stand-in stops answering
            HealthReport degraded = health.readiness();
            assertEquals(HealthStatus.DEGRADED, degraded.status(), degraded.toString());
            assertEquals(200, degraded.httpStatus(), "a non-critical check down is not an outage");
            CheckResult cdn = degraded.checks().get("video-cdn");
            assertEquals(HealthStatus.DOWN, cdn.status());
            assertTrue(cdn.errorMessage().isPresent(), cdn.toString());

            videos.close(); // the pool is gone: no connection to be had
            HealthReport down = health.readiness();
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
