/**
 * Bounded time-window counting behind the metrics and the alert rules: a fixed-size log-linear latency
 * histogram and the {@link dev.faultline.internal.metrics.TimeWindow} ring of per-interval slots.
 * Memory is fixed whatever the traffic; recording is O(1) and lock-free. Not exported: not API, may
 * change in any release.
 */
@NullMarked
package dev.faultline.internal.metrics;

import org.jspecify.annotations.NullMarked;
