package dev.faultline.opentelemetry;

import dev.faultline.ExchangeObserver;
import dev.faultline.error.Classification;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Joins Faultline to the OpenTelemetry span that is current when a request arrives (the server span
 * that the OpenTelemetry Java agent, Spring Boot's or Quarkus' OpenTelemetry support, or your own
 * SDK set-up started and made current):
 *
 * <ul>
 *   <li><b>One id.</b> The request id is the span's trace id, so the response's {@code X-Request-Id},
 *       the problem body's {@code request_id}, Faultline's log lines, error events and alerts all carry
 *       the id the trace is found by. With {@link Builder#incomingRequestIdWins(boolean)}, a well-formed
 *       {@code X-Request-Id} the client sent is kept instead (the trace id still reaches the logs through
 *       the MDC).</li>
 *   <li><b>Failures on the span.</b> On a classified failure (a thrown exception Faultline answers,
 *       or a bare error status), the span gets {@code error.type} set to the taxonomy code
 *       ({@code database}, {@code not_found}, …: a handful of values, fit for the span's low-cardinality
 *       attribute), the exception recorded once as an {@code exception} event, and status
 *       {@link StatusCode#ERROR ERROR} only when the answer is a 5xx: a 4xx leaves a server span's status
 *       unset, as the HTTP semantic conventions say. {@value #FAULTLINE_ERROR_TYPE} carries the taxonomy
 *       code too: the agent's HTTP instrumentation replaces {@code error.type} with the status code of a
 *       5xx when it ends the span, and this attribute survives that.</li>
 *   <li><b>Trace context in the MDC.</b> While Faultline binds the exchange to a thread (the application
 *       code, its continuations on other threads when they go through {@code Exchange.wrap}), and while
 *       Faultline logs the exchange's {@code request completed} line, the MDC holds {@value #MDC_TRACE_ID}, {@value #MDC_SPAN_ID} and {@value #MDC_TRACE_FLAGS}: the names the
 *       OpenTelemetry agent and {@code opentelemetry-logback-mdc} use, so log patterns and JSON encoders
 *       written for them work unchanged.</li>
 * </ul>
 *
 * <pre>{@code
 * Faultline faultline = Faultline.builder()
 *         .exchangeObserver(FaultlineOpenTelemetry.create())
 *         .build();
 * }</pre>
 *
 * <p>The span is the one current on the thread that opens the exchange (the adapter's, inside the
 * server's instrumentation); it is kept for the exchange, so that a failure handled on another thread
 * (an Undertow worker, an async servlet continuation) still lands on it. When no valid span is current,
 * this observer takes no part and Faultline chooses the request id as it always does. Without an agent
 * or SDK, the API's no-op implementation has no valid span: this costs one context lookup per request.
 *
 * <p>Immutable and thread-safe.
 */
public final class FaultlineOpenTelemetry implements ExchangeObserver {

    /** The MDC key of the trace id (32 lower-case hex digits). */
    public static final String MDC_TRACE_ID = "trace_id";
    /** The MDC key of the span id (16 lower-case hex digits). */
    public static final String MDC_SPAN_ID = "span_id";
    /** The MDC key of the trace flags (two hex digits, {@code 01} when sampled). */
    public static final String MDC_TRACE_FLAGS = "trace_flags";
    /** The semantic conventions' attribute: the class of error an operation ended with. */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** Faultline's taxonomy code, which no instrumentation overwrites. */
    public static final String FAULTLINE_ERROR_TYPE = "faultline.error.type";

    private static final AttributeKey<String> FAULTLINE_ERROR_TYPE_KEY = AttributeKey.stringKey(FAULTLINE_ERROR_TYPE);

    private final boolean incomingRequestIdWins;
    private final boolean mdc;
    private final boolean recordExceptions;

    private FaultlineOpenTelemetry(Builder b) {
        this.incomingRequestIdWins = b.incomingRequestIdWins;
        this.mdc = b.mdc;
        this.recordExceptions = b.recordExceptions;
    }

    /**
     * With every default: the trace id wins, MDC fields on, exceptions recorded.
     *
     * @return the observer
     */
    public static FaultlineOpenTelemetry create() {
        return builder().build();
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public @Nullable Observation open(RequestView request, @Nullable String incomingRequestId) {
        Span span = Span.current();
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        String id = incomingRequestIdWins && incomingRequestId != null ? null : context.getTraceId();
        return new SpanObservation(span, context, id, mdc, recordExceptions);
    }

    /**
     * Whether a well-formed incoming request id is kept instead of the trace id.
     *
     * @return {@code true} when the incoming id wins
     */
    public boolean incomingRequestIdWins() {
        return incomingRequestIdWins;
    }

    /**
     * Whether the trace context goes into the MDC while an exchange is bound.
     *
     * @return {@code true} when the MDC fields are set
     */
    public boolean mdc() {
        return mdc;
    }

    /**
     * Whether a failure's exception is recorded on the span.
     *
     * @return {@code true} when exceptions are recorded
     */
    public boolean recordExceptions() {
        return recordExceptions;
    }

    @Override
    public String toString() {
        return "FaultlineOpenTelemetry[incomingRequestIdWins=" + incomingRequestIdWins + ", mdc=" + mdc
                + ", recordExceptions=" + recordExceptions + "]";
    }

    /** One exchange's span. Used by one thread at a time, as the exchange is. */
    private static final class SpanObservation implements Observation {
        private final Span span;
        private final SpanContext context;
        private final @Nullable String requestId;
        private final boolean mdc;
        private final boolean recordExceptions;

        SpanObservation(Span span, SpanContext context, @Nullable String requestId, boolean mdc,
                boolean recordExceptions) {
            this.span = span;
            this.context = context;
            this.requestId = requestId;
            this.mdc = mdc;
            this.recordExceptions = recordExceptions;
        }

        @Override
        public @Nullable String requestId() {
            return requestId;
        }

        @Override
        public Exchange.@Nullable Scope bind() {
            if (!mdc) {
                return null;
            }
            String traceId = MDC.get(MDC_TRACE_ID);
            String spanId = MDC.get(MDC_SPAN_ID);
            String flags = MDC.get(MDC_TRACE_FLAGS);
            MDC.put(MDC_TRACE_ID, context.getTraceId());
            MDC.put(MDC_SPAN_ID, context.getSpanId());
            MDC.put(MDC_TRACE_FLAGS, context.getTraceFlags().asHex());
            return () -> {
                restore(MDC_TRACE_ID, traceId);
                restore(MDC_SPAN_ID, spanId);
                restore(MDC_TRACE_FLAGS, flags);
            };
        }

        @Override
        public void failed(@Nullable Throwable failure, Classification classification, int status) {
            if (!span.isRecording()) {
                return; // not sampled, or already ended: nothing would be kept
            }
            String code = classification.type().label();
            span.setAttribute(ERROR_TYPE, code);
            span.setAttribute(FAULTLINE_ERROR_TYPE_KEY, code);
            if (failure != null && recordExceptions) {
                span.recordException(failure);
            }
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }

        private static void restore(String key, @Nullable String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }

    /** Builds a {@link FaultlineOpenTelemetry}. Not thread-safe. */
    public static final class Builder {
        private boolean incomingRequestIdWins;
        private boolean mdc = true;
        private boolean recordExceptions = true;

        private Builder() {
        }

        /**
         * Whether a well-formed {@code X-Request-Id} (the header Faultline is configured with) sent by the
         * client is kept as the request id instead of the trace id; default {@code false}: the trace id
         * wins, so that every id a user or operator sees finds the trace.
         *
         * @param wins whether the incoming id wins
         * @return this builder
         */
        public Builder incomingRequestIdWins(boolean wins) {
            this.incomingRequestIdWins = wins;
            return this;
        }

        /**
         * Whether {@value #MDC_TRACE_ID}, {@value #MDC_SPAN_ID} and {@value #MDC_TRACE_FLAGS} are put in
         * the MDC while an exchange is bound; default {@code true}.
         *
         * @param on whether to set the MDC fields
         * @return this builder
         */
        public Builder mdc(boolean on) {
            this.mdc = on;
            return this;
        }

        /**
         * Whether a failure's exception is recorded on the span as an {@code exception} event; default
         * {@code true}. Turn it off when another instrumentation records the same exception already (the
         * agent records an exception that leaves the server's handler: Faultline rethrows one only when
         * the response was committed before the failure).
         *
         * @param on whether to record exceptions
         * @return this builder
         */
        public Builder recordExceptions(boolean on) {
            this.recordExceptions = on;
            return this;
        }

        /**
         * The observer; register it with {@code Faultline.Builder.exchangeObserver}.
         *
         * @return the observer
         */
        public FaultlineOpenTelemetry build() {
            return new FaultlineOpenTelemetry(this);
        }
    }
}
