package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import org.jspecify.annotations.Nullable;

/**
 * Takes part in every exchange from the moment it opens: the extension point of tracing integrations
 * (faultline-opentelemetry's {@code FaultlineOpenTelemetry} is one). An observer may propose the
 * exchange's request id (the current trace id), add fields to the MDC while the exchange is bound (the
 * trace and span ids), and is told the exchange's failure (to record it on the current span).
 * Registered with {@link Faultline.Builder#exchangeObserver(ExchangeObserver)}.
 *
 * <p>Unlike a {@link FaultlineListener}, which hears about a finished exchange with bounded values
 * only, an observer sees each exchange as it happens, on the threads the adapter drives it on, and
 * keeps per-exchange state in its {@link Observation}.
 *
 * <p><b>Cost.</b> With no observer registered, Faultline pays nothing (the exchange holds no
 * observation). With one, {@link #open} runs on the request thread for every exchange: keep it fast
 * and non-blocking, and return {@code null} for exchanges the observer has nothing to do with.
 *
 * <p><b>Guarded.</b> Every call is guarded: one that throws is counted
 * ({@link Faultline#observerFailures()}) and logged on {@code faultline.error} (the first failure with
 * its stack trace, then at most once a minute); the request, Faultline and the other observers go on
 * as if the observer had returned {@code null} or nothing. Implementations must be thread-safe.
 */
public interface ExchangeObserver {

    /**
     * An exchange opens, on the thread that opened it (where the server's own span, if any, is current),
     * before its request id is chosen.
     *
     * @param request the request
     * @param incomingRequestId the value of the request id header ({@link Faultline#requestIdHeader()})
     *        when the client sent a well-formed one, else {@code null}
     * @return what this observer keeps for the exchange, or {@code null} to take no part in it
     */
    @Nullable Observation open(RequestView request, @Nullable String incomingRequestId);

    /**
     * One observer's part in one exchange. The exchange calls it from whichever thread drives it at the
     * time, one thread at a time (as {@link Exchange} is used). Every method has a no-op default.
     */
    interface Observation {

        /**
         * The request id this observation proposes, called once right after {@link #open}; {@code null}
         * (the default) leaves the choice to Faultline (a well-formed incoming header, else the
         * {@code traceparent}'s trace id, else a new id). A proposal that is not a well-formed request id
         * (1 to 128 characters of {@code [A-Za-z0-9._-]}) is ignored. When several observations propose
         * one, the first registered wins.
         */
        default @Nullable String requestId() {
            return null;
        }

        /**
         * The exchange is being bound on the calling thread ({@link Exchange#bind()}), or Faultline is
         * about to log its completion line: put this observation's MDC fields. The returned scope,
         * closed when the binding closes (or the line is logged), restores what was there;
         * {@code null} (the default) when nothing needs undoing.
         */
        default Exchange.@Nullable Scope bind() {
            return null;
        }

        /**
         * The exchange failed: called once, for its first failure, after Faultline classified it and
         * before the reply is written.
         *
         * @param failure what was thrown; {@code null} for an error status without an exception (a
         *        router's 404)
         * @param classification the failure's classification (its type, severity and status)
         * @param status the status Faultline answers with: the classification's, or a recovery's own
         *        (a fallback answered 200); for a failure recorded after the response was committed
         *        ({@link Exchange#record}), the classification's
         */
        default void failed(@Nullable Throwable failure, Classification classification, int status) {
        }
    }
}
