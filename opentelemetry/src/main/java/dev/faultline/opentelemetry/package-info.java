/**
 * Faultline with OpenTelemetry: {@link dev.faultline.opentelemetry.FaultlineOpenTelemetry} makes the
 * current span's trace id the request id, records classified failures on the span and puts the trace
 * context in the MDC. Depends on the OpenTelemetry API only.
 */
@NullMarked
package dev.faultline.opentelemetry;

import org.jspecify.annotations.NullMarked;
