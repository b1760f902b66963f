/**
 * Health checks: {@link dev.faultline.health.HealthCheck} callbacks registered in a
 * {@link dev.faultline.health.HealthChecks} registry that runs them in parallel, each under its own
 * timeout, caches the {@link dev.faultline.health.HealthReport} for a short time and shares one
 * evaluation between concurrent callers. The {@code /health}, {@code /health/live} and
 * {@code /health/ready} endpoints are built on it.
 */
@NullMarked
package dev.faultline.health;

import org.jspecify.annotations.NullMarked;
