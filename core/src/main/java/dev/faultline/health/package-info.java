/**
 * Health checks: {@link dev.faultline.health.HealthCheck} callbacks registered through
 * {@link dev.faultline.health.HealthChecks} ({@code Faultline.builder().health(h -> ...)}), which
 * Faultline runs in parallel, each under its own timeout, caching the
 * {@link dev.faultline.health.HealthReport} for a short time and sharing one evaluation between
 * concurrent callers. {@code Faultline.health(...)} and the {@code /health}, {@code /health/live} and
 * {@code /health/ready} endpoints return those reports.
 */
@NullMarked
package dev.faultline.health;

import org.jspecify.annotations.NullMarked;
