/**
 * The health engine: runs the checks registered in {@link dev.faultline.health.HealthChecks} on its
 * own threads, each under its own timeout, and caches and shares their reports. Only core's facade
 * builds, evaluates and closes it. Not exported: not API, may change in any release.
 */
@NullMarked
package dev.faultline.internal.health;

import org.jspecify.annotations.NullMarked;
