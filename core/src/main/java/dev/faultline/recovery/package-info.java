/**
 * Recovery: strategies that answer a failed request with something better than a problem (a
 * fallback, the last good response), each inside its own circuit breaker and time limit, and route
 * shedding, which stops calling a failing route for a while.
 */
@NullMarked
package dev.faultline.recovery;

import org.jspecify.annotations.NullMarked;
