package dev.faultline.examples;

import dev.faultline.health.HealthChecks;
import dev.faultline.health.HealthResult;
import java.time.Duration;
import java.util.Objects;

/**
 * The app's health checks, served by Faultline at {@code /health} and {@code /health/ready}
 * (readiness; {@code /health/live} has no checks, so it is up while the process answers at all):
 *
 * <table>
 *   <caption>Health checks</caption>
 *   <tr><th>name</th><th>critical</th><th>timeout</th><th>what it does</th></tr>
 *   <tr><td>{@code database}</td><td>yes</td><td>{@value #DATABASE_TIMEOUT_MILLIS} ms</td>
 *       <td>{@code SELECT 1} on a connection of the app's H2 pool ({@link VideoRepository#ping()});
 *       details: {@code pool_active}, {@code pool_max}</td></tr>
 *   <tr><td>{@code cache}</td><td>no</td><td>{@value #CACHE_TIMEOUT_MILLIS} ms</td>
 *       <td>the in-memory token store answers with its size; details: {@code entries},
 *       {@code capacity}; degraded when full (the oldest logins are then being dropped)</td></tr>
 *   <tr><td>{@code video-cdn}</td><td>no</td><td>{@value #CDN_TIMEOUT_MILLIS} ms</td>
 *       <td>a real {@code GET /ping} to the CDN stand-in on 127.0.0.1 with a
 *       {@value FailureSimulator#CDN_PING_TIMEOUT_MILLIS} ms request timeout
 *       ({@link FailureSimulator#pingCdn()}); down unless it answers 200</td></tr>
 * </table>
 *
 * <p>A critical check that is down makes {@code /health} a 503 ({@code "status": "down"}); a
 * non-critical one only makes it {@code degraded}, still 200. Faultline runs the checks in parallel,
 * each under its timeout, and reuses a report for a second.
 */
final class AppHealth {

    static final long DATABASE_TIMEOUT_MILLIS = 500;
    static final long CACHE_TIMEOUT_MILLIS = 200;
    static final long CDN_TIMEOUT_MILLIS = 1_000;

    private AppHealth() {
    }

    /** Registers the three checks on {@code health}. */
    static void register(HealthChecks.Builder health, VideoRepository videos, TokenStore tokens,
            FailureSimulator cdn) {
        Objects.requireNonNull(videos, "videos");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(cdn, "cdn");
        health.check("database", () -> database(videos),
                        o -> o.critical(true).timeout(Duration.ofMillis(DATABASE_TIMEOUT_MILLIS)))
                .check("cache", () -> cache(tokens),
                        o -> o.critical(false).timeout(Duration.ofMillis(CACHE_TIMEOUT_MILLIS)))
                .check("video-cdn", () -> videoCdn(cdn),
                        o -> o.critical(false).timeout(Duration.ofMillis(CDN_TIMEOUT_MILLIS)));
    }

    static HealthResult database(VideoRepository videos) throws Exception {
        VideoRepository.PoolStatus pool = videos.ping(); // throws when it cannot: reported down with the reason
        return HealthResult.up().withDetail("pool_active", pool.active()).withDetail("pool_max", pool.max());
    }

    static HealthResult cache(TokenStore tokens) {
        int entries = tokens.size();
        int capacity = tokens.capacity();
        HealthResult result = entries >= capacity
                ? HealthResult.degraded("full: the oldest logins are being dropped")
                : HealthResult.up();
        return result.withDetail("entries", entries).withDetail("capacity", capacity);
    }

    static HealthResult videoCdn(FailureSimulator cdn) throws Exception {
        int status = cdn.pingCdn();
        return status == 200
                ? HealthResult.up().withDetail("http_status", status)
                : HealthResult.down("GET /ping answered HTTP " + status).withDetail("http_status", status);
    }
}
