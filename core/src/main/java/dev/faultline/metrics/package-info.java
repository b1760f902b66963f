/**
 * Bounded time-window metrics: a fixed-size log-linear {@link dev.faultline.metrics.LatencyHistogram}
 * and the {@link dev.faultline.metrics.TimeWindow} ring of per-interval slots that the performance
 * monitor and the error metrics are built on. Memory is fixed whatever the traffic; recording is O(1)
 * and lock-free.
 */
@NullMarked
package dev.faultline.metrics;

import org.jspecify.annotations.NullMarked;
