/**
 * Recovery: strategies that answer a failed request with something better than a problem (a
 * fallback, the last good response), each inside its own circuit breaker and time limit, and route
 * shedding, which stops calling a failing route for a while. This package holds what an application
 * writes and reads: the settings ({@link dev.faultline.recovery.RecoveryConfig}), the strategies and
 * their results, and the figures ({@link dev.faultline.recovery.RecoveryStats}); the engine that runs
 * them is core's own.
 */
@NullMarked
package dev.faultline.recovery;

import org.jspecify.annotations.NullMarked;
