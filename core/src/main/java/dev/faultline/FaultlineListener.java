package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.recovery.RecoveryOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Observes what a {@link Faultline} records, event by event, so that its figures can be exported to
 * tools that aggregate across many instances (faultline-micrometer's {@code FaultlineMetrics} is one).
 * Registered with {@link Faultline.Builder#listener(FaultlineListener)} or
 * {@link Faultline#addListener(FaultlineListener)}.
 *
 * <p><b>Bounded values only.</b> Everything a listener receives has a bounded number of distinct
 * values, so that it can become a metric tag: the endpoint is the one the performance monitor counts
 * (beyond {@link dev.faultline.metrics.PerformanceConfig#maxEndpoints() maxEndpoints} method and
 * endpoint pairs, every request is reported as method {@value #ANY_METHOD} and endpoint
 * {@value dev.faultline.metrics.PerformanceStats#OTHER}), the error is a classification (type,
 * severity, status), never a message or a path.
 *
 * <p><b>Cost.</b> With no listener registered, Faultline pays one volatile read per exchange. Listeners
 * are called on the thread that closes the exchange, after Faultline recorded it, so they must be
 * fast, non-blocking and thread-safe (they are called concurrently).
 *
 * <p><b>Guarded.</b> A listener that throws is counted ({@link Faultline#listenerFailures()}) and logged
 * on {@code faultline.error} (the first failure with its stack trace, then at most once a minute); the
 * request, Faultline's own figures and the other listeners are not affected.
 *
 * <p>Every method has a no-op default, so that a listener implements only what it needs and new
 * events can be added without breaking it.
 */
public interface FaultlineListener {

    /** The method reported for requests folded into {@value dev.faultline.metrics.PerformanceStats#OTHER}. */
    String ANY_METHOD = "*";

    /**
     * An exchange finished and was recorded. Called once per exchange; never for the monitoring and
     * health endpoints' own exchanges (which Faultline does not measure either).
     *
     * @param method the request method; {@value #ANY_METHOD} when the endpoint was folded
     * @param endpoint the route template ({@code /videos/{id}}),
     *        {@value dev.faultline.metrics.PerformanceStats#UNMATCHED} for a 404 no route matched, the
     *        path on servers that know no templates, or
     *        {@value dev.faultline.metrics.PerformanceStats#OTHER} beyond the endpoint cap
     * @param status the HTTP status sent
     * @param error the classification of the exchange's failure (its type, severity and status), or
     *        {@code null} when it did not fail
     * @param recovery what recovery made of the failure; {@link RecoveryOutcome#NONE} when no strategy
     *        ran (or the exchange did not fail)
     * @param durationNanos how long the exchange took, from open to close, on Faultline's ticker
     */
    default void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
            RecoveryOutcome recovery, long durationNanos) {
    }
}
