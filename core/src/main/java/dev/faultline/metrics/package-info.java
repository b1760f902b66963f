/**
 * What Faultline measures, as immutable snapshots: error counts ({@link dev.faultline.metrics.ErrorStats},
 * {@link dev.faultline.metrics.ErrorTrends}) and latency and throughput
 * ({@link dev.faultline.metrics.PerformanceStats}), and how the performance monitor is configured
 * ({@link dev.faultline.metrics.PerformanceConfig}). The counting behind them is fixed-size, O(1) per
 * request and lock-free.
 */
@NullMarked
package dev.faultline.metrics;

import org.jspecify.annotations.NullMarked;
