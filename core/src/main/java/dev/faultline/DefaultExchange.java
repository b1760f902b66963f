package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.internal.RequestIds;
import dev.faultline.internal.analysis.Fingerprinter;
import dev.faultline.http.BodyCapture;
import dev.faultline.logging.CurrentRequest;
import dev.faultline.logging.LoggingConfig;
import dev.faultline.internal.metrics.PerformanceMonitor;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.internal.recovery.Recovery;
import dev.faultline.recovery.RecoveryContext;
import dev.faultline.recovery.RecoveryOutcome;
import dev.faultline.recovery.RecoveryResult;
import dev.faultline.security.SecurityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The core's exchange. One per request; holds only what the request needs (no collections), so that
 * it is garbage as soon as the request is done. {@link ObservedExchange} adds the
 * {@link ExchangeObserver}s' part when there are any, so that an exchange without them pays nothing.
 */
sealed class DefaultExchange implements Exchange permits ObservedExchange {

    static final ThreadLocal<@Nullable Exchange> CURRENT = new ThreadLocal<>();

    static final String MDC_REQUEST_ID = "request_id";
    static final String MDC_USER_ID = "user_id";

    private static final VarHandle CLOSED;

    /** Marks a client address not resolved yet (compared by identity). */
    private static final String UNRESOLVED = new String("unresolved");

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(DefaultExchange.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pipeline pipeline;
    private final RequestView request;
    private final String requestId;
    private final long startNanos;
    private volatile @Nullable String userId;
    /** The first failure and its fingerprint (one field, allocated only when something fails). */
    private volatile @Nullable Failed failed;
    private volatile @Nullable Classification classification;
    private @Nullable BodyCapture requestCapture;
    private Recovery.@Nullable Permit permit;
    private volatile RecoveryOutcome recoveryOutcome = RecoveryOutcome.NONE;
    /** {@code null} until {@link #rejection()} decided. */
    private @Nullable Optional<ErrorReply> rejection;
    /** {@link #UNRESOLVED} until {@link #clientIp()} asked (no flag fields: 72 bytes per exchange, not 80). */
    private @Nullable String clientIp = UNRESOLVED;
    private @Nullable BodyCapture responseCapture;
    /** The application's handle, made when first asked for (a field in the padding: the exchange stays 80 bytes). */
    private volatile @Nullable RequestContext context;
    @SuppressWarnings("unused") // through CLOSED
    private volatile int closed;

    DefaultExchange(Pipeline pipeline, RequestView request) {
        this(pipeline, request, null);
    }

    /** @param requestId the request id an observer chose, or {@code null} for the usual rules */
    DefaultExchange(Pipeline pipeline, RequestView request, @Nullable String requestId) {
        this.pipeline = pipeline;
        this.request = request;
        this.startNanos = pipeline.ticker.getAsLong();
        this.requestId = requestId != null ? requestId
                : RequestIds.choose(request.header(pipeline.requestIdHeader), request.header("traceparent"));
        pipeline.events.received(this, request);
    }

    /** Tells the observers about the exchange's first failure ({@link ObservedExchange}); nothing here. */
    void observeFailure(@Nullable Throwable failure, Classification c, int status) {
    }

    /** Lets the observers add to the MDC of a binding ({@link ObservedExchange}); nothing here. */
    @Nullable Scope observeBind() {
        return null;
    }

    @Override
    public Optional<BodyCapture> requestCapture() {
        BodyCapture c = requestCapture;
        if (c == null) {
            LoggingConfig cfg = pipeline.events.config();
            if (!cfg.logRequestBody() || !cfg.logs(request.path())) {
                return Optional.empty();
            }
            c = new BodyCapture(cfg.maxBodyBytes());
            c.describe(request.contentType(), request.header("Content-Encoding"), request.contentLength());
            requestCapture = c;
        }
        return Optional.of(c);
    }

    @Override
    public Optional<BodyCapture> responseCapture() {
        BodyCapture c = responseCapture;
        if (c == null) {
            LoggingConfig cfg = pipeline.events.config();
            boolean log = cfg.logResponseBody() && cfg.logs(request.path());
            boolean stale = pipeline.recovery.staleApplies(request.method(), request.path()) && shared();
            if (!log && !stale) {
                return Optional.empty();
            }
            // one capture serves both: the log reads its first maxBodyBytes, the stale cache all of it
            c = new BodyCapture(Math.max(log ? cfg.maxBodyBytes() : 1, stale ? pipeline.recovery.staleMaxBodyBytes() + 1 : 1));
            responseCapture = c;
        }
        return Optional.of(c);
    }

    @Nullable BodyCapture capturedRequest() {
        return requestCapture;
    }

    @Nullable BodyCapture capturedResponse() {
        return responseCapture;
    }

    /** Route shedding: a 503 when the route's breaker is open; else keeps the permit for close(). */
    private @Nullable FaultlineException shed() {
        Recovery.Permit p = pipeline.recovery.admit(request.path());
        if (p == null) {
            return null;
        }
        Duration wait = p.refusedFor();
        if (wait == null) {
            this.permit = p;
            return null;
        }
        // our own protective answer, not a new failure of the application: not critical
        return new FaultlineException(ErrorType.RESOURCE_EXHAUSTED,
                "This resource is temporarily unavailable; retry later.", "route shed by its circuit breaker", null)
                .withRetryAfter(wait).withSeverity(dev.faultline.error.ErrorSeverity.MEDIUM);
    }

    /**
     * Whether a response to this request may be kept and served to anyone (stale-if-error): not when
     * the request carries credentials, whose answer may be the caller's own.
     */
    private boolean shared() {
        return request.header("Authorization") == null && request.header("Cookie") == null;
    }

    /** The client's address as far as it can be trusted (the peer, or what trusted proxies say). */
    @Nullable String clientIp() {
        String ip = clientIp;
        if (ip == UNRESOLVED) {
            ip = pipeline.security.clientIp(request);
            clientIp = ip;
        }
        return ip;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    /** The application's handle on this exchange: one per exchange, made on the first call. */
    RequestContext context() {
        RequestContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = RequestContext.create(this);
                    context = c;
                }
            }
        }
        return c;
    }

    @Override
    public Optional<ErrorReply> rejection() {
        Optional<ErrorReply> decided = rejection;
        if (decided == null) {
            decided = decide();
            rejection = decided;
        }
        return decided;
    }

    private Optional<ErrorReply> decide() {
        if (pipeline.monitoring.owns(request.path())) {
            // health probes and metric scrapes are never rate-limited or shed: an orchestrator that
            // shares an address with busy clients must still see the service as alive
            return Optional.empty();
        }
        FaultlineException refusal = null;
        SecurityConfig security = pipeline.security.config();
        if (security.rateLimit() || security.signatures()) { // else the client address is not needed yet
            try {
                refusal = pipeline.security.admit(request, clientIp(), requestId);
            } catch (RuntimeException securityFailure) {
                ExchangeEvents.ERROR.error("security monitor failed; request admitted", securityFailure);
            }
        }
        boolean shedding = false;
        if (refusal == null) {
            refusal = shed();
            shedding = refusal != null;
        }
        // a shed GET may still be answered from its stale copy; security refusals never recover
        return refusal == null ? Optional.empty() : Optional.of(fail(refusal, shedding));
    }

    @Override
    public ErrorReply fail(Throwable failure) {
        return fail(failure, true);
    }

    @Override
    public ErrorReply reject(Throwable failure) {
        refusing = true; // before fail(): its "request failed" line names the endpoint _rejected, not the raw path
        ErrorReply r = fail(failure, false);
        rejection = Optional.of(r); // refused before routing: recorded under the rejected endpoint
        return r;
    }

    /** Set by {@link #reject} before the failure is recorded. */
    private volatile boolean refusing;

    /** Whether Faultline or the adapter refused the request before the application routed it. */
    boolean refused() {
        Optional<ErrorReply> r = rejection;
        return refusing || r != null && r.isPresent();
    }

    /**
     * The endpoint this exchange is recorded under: {@value PerformanceStats#REJECTED} when refused
     * before routing, so that no client can create endpoints with refused requests; else the route
     * template, {@value PerformanceStats#UNMATCHED} for a 404 without one, or the path.
     */
    String endpoint(int status) {
        return refused() ? PerformanceStats.REJECTED
                : PerformanceMonitor.endpointOf(request.routeTemplate(), request.path(), status);
    }

    @Override
    public void record(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (this.failed != null) {
            return;
        }
        Classification c;
        try {
            c = pipeline.classifier.classify(failure);
        } catch (Throwable classifierFailure) {
            c = Classification.of(ErrorType.INTERNAL);
        }
        Failed f = failed(failure);
        this.classification = c;
        try {
            pipeline.events.error(this, request, failure, c, RecoveryOutcome.NONE, f.fingerprint());
        } catch (Throwable logFailure) {
            // see fail(Throwable, boolean)
        }
        observeFailure(failure, c, c.status());
    }

    @Override
    public ErrorReply fail(Throwable failure, int status) {
        Objects.requireNonNull(failure, "failure");
        Classification byStatus = Classification.of(ErrorType.forStatus(status));
        Classification c = byStatus.status() == status ? byStatus : byStatus.withStatus(status);
        if (failure instanceof FaultlineException) {
            return fail(failure, false); // the application's own exception knows better than the server
        }
        return record(failure, pipeline.classifier.byUserRules(failure).orElse(c));
    }

    private ErrorReply record(Throwable failure, Classification c) {
        Throwable @Nullable [] links = null;
        if (this.failed == null) {
            Failed f = failed(failure);
            links = f.links();
            this.classification = c;
            try {
                pipeline.events.error(this, request, failure, c, RecoveryOutcome.NONE, f.fingerprint());
            } catch (Throwable logFailure) {
                // see fail(Throwable, boolean)
            }
            observeFailure(failure, c, c.status());
        }
        return reply(c, failure, links);
    }

    private ErrorReply fail(Throwable failure, boolean recover) {
        Objects.requireNonNull(failure, "failure");
        Classification c;
        try {
            c = pipeline.classifier.classify(failure);
        } catch (Throwable classifierFailure) {
            // the classifier guards its callbacks; this is a last line of defence
            c = Classification.of(ErrorType.INTERNAL);
        }
        boolean first = this.failed == null;
        RecoveryResult recovered = null;
        RecoveryOutcome outcome = RecoveryOutcome.NONE;
        if (recover && first) {
            RecoveryContext context = new RecoveryContext(c, failure, requestId, request.method(), request.path(),
                    request.query());
            if (pipeline.recovery.applies(context)) {
                recovered = pipeline.recovery.attempt(context, shared());
                outcome = recovered.outcome();
            }
        }
        Throwable @Nullable [] links = null;
        if (first) {
            Failed f = failed(failure);
            links = f.links();
            this.classification = c;
            this.recoveryOutcome = outcome;
            try {
                pipeline.events.error(this, request, failure, c, outcome, f.fingerprint());
            } catch (Throwable logFailure) {
                // a failure whose getMessage() or getCause() throws cannot be logged; the reply still goes out
            }
        }
        if (recovered != null && (outcome == RecoveryOutcome.RECOVERED || outcome == RecoveryOutcome.DEGRADED)) {
            if (first) {
                observeFailure(failure, c, recovered.status());
            }
            return recoveredReply(recovered, c, outcome);
        }
        if (first) {
            observeFailure(failure, c, c.status());
        }
        return reply(c, failure, links);
    }

    /**
     * Keeps the exchange's first failure with its fingerprint, computed once for the log, metrics and
     * alerts, and the links of its cause chain, walked once for the fingerprint and the problem body.
     */
    private Failed failed(Throwable failure) {
        Throwable[] links = Fingerprinter.links(failure); // never throws
        Failed f = new Failed(failure, pipeline.fingerprinter.fingerprintLinks(links), links);
        this.failed = f;
        return f;
    }

    /** The first failure of an exchange, its pattern's fingerprint and its cause chain ({@link Fingerprinter#links}). */
    private record Failed(Throwable error, String fingerprint, Throwable[] links) {
    }

    private ErrorReply recoveredReply(RecoveryResult r, Classification c, RecoveryOutcome outcome) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
        headers.add(Map.entry(pipeline.requestIdHeader, requestId));
        if (outcome == RecoveryOutcome.DEGRADED && r.headers().stream()
                .noneMatch(h -> h.getKey().equalsIgnoreCase(RecoveryResult.DEGRADED_HEADER))) {
            headers.add(Map.entry(RecoveryResult.DEGRADED_HEADER, "fallback"));
        }
        return new ErrorReply(r.status(), headers, r.body(), c);
    }

    @Override
    public ErrorReply failStatus(int status) {
        Classification c = Classification.of(ErrorType.forStatus(status));
        if (c.status() != status) {
            c = c.withStatus(status);
        }
        if (this.classification == null) {
            this.classification = c;
            observeFailure(null, c, status);
        }
        return reply(c, null, null);
    }

    /** @param links the cause chain of {@code failure} as {@link Fingerprinter#links} gives it, or {@code null} to walk it */
    private ErrorReply reply(Classification c, @Nullable Throwable failure, Throwable @Nullable [] links) {
        try {
            return pipeline.problems.reply(c, failure, links, requestId, pipeline.requestIdHeader, request.path());
        } catch (Throwable renderFailure) {
            // Rendering never fails for our own values; a user extension that cannot be serialised could.
            return pipeline.problems.reply(Classification.of(ErrorType.INTERNAL), null, null, requestId,
                    pipeline.requestIdHeader, null);
        }
    }

    @Override
    public Scope bind() {
        // bind() and Binding.close() are kept under the JIT's inlining size for cold call sites (35 bytes
        // of bytecode; the work is in static helpers that never see the Binding), so that the scope
        // object is scalar-replaced wherever the caller is compiled: 32 bytes less per request
        String prevUserId = MDC.get(MDC_USER_ID);
        return new Binding(this, CURRENT.get(), enter(this, prevUserId), prevUserId);
    }

    /** Binds {@code x} on this thread; returns the request id that was in the MDC before. */
    private static @Nullable String enter(DefaultExchange x, @Nullable String prevUserId) {
        String prevRequestId = MDC.get(MDC_REQUEST_ID);
        CURRENT.set(x);
        MDC.put(MDC_REQUEST_ID, x.requestId);
        String user = x.userId;
        if (user != null) {
            MDC.put(MDC_USER_ID, user);
        } else if (prevUserId != null) {
            MDC.remove(MDC_USER_ID);
        }
        return prevRequestId;
    }

    /** Undoes a binding on this thread. */
    private static void leave(DefaultExchange x, @Nullable Exchange previous, @Nullable String prevRequestId,
            @Nullable String prevUserId, @Nullable Scope observed) {
        if (observed != null) {
            observed.close(); // guarded: never throws
        }
        restore(MDC_REQUEST_ID, prevRequestId);
        if (prevUserId != null || x.userId != null) { // else no user_id was there, nor put since
            restore(MDC_USER_ID, prevUserId);
        }
        // set(previous), not remove(): the thread keeps its map entry, so the next bind() allocates none
        CURRENT.set(previous);
    }

    private static void restore(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static final class Binding implements Scope, RequestContext.Scope {
        /** {@code null} once closed (no flag field: close() stays within the JIT's inlining size). */
        private @Nullable DefaultExchange exchange;
        private final @Nullable Exchange previous;
        private final @Nullable String prevRequestId;
        private final @Nullable String prevUserId;
        /** What the observers put in the MDC ({@code null} without observers). */
        private final @Nullable Scope observed;

        Binding(DefaultExchange exchange, @Nullable Exchange previous, @Nullable String prevRequestId,
                @Nullable String prevUserId) {
            this.exchange = exchange;
            this.previous = previous;
            this.prevRequestId = prevRequestId;
            this.prevUserId = prevUserId;
            this.observed = exchange.observeBind();
        }

        @Override
        public void close() {
            DefaultExchange x = exchange;
            if (x != null) {
                exchange = null;
                leave(x, previous, prevRequestId, prevUserId, observed);
            }
        }
    }

    @Override
    public void userId(String userId) {
        Objects.requireNonNull(userId, "userId");
        this.userId = userId;
        if (CURRENT.get() == this) {
            MDC.put(MDC_USER_ID, userId);
        }
    }

    @Override
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    @Override
    public void close(ResponseView response) {
        Objects.requireNonNull(response, "response");
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return;
        }
        long durationNanos = pipeline.ticker.getAsLong() - startNanos;
        Classification c = classification;
        // a client that went away got nothing, whatever status the server had set: 499; and a client's
        // fault is never recorded as a 5xx a server set on giving up on the connection
        int status = response.status();
        if (c != null && (c.type() == ErrorType.CLIENT_CLOSED || c.type().isClientFault() && status >= 500)) {
            status = c.status();
        }
        boolean slow = false;
        try {
            slow = monitor(status, durationNanos);
        } catch (RuntimeException monitoringFailure) {
            ExchangeEvents.ERROR.error("monitoring failed for request {}", requestId, monitoringFailure);
        }
        // the completion line carries the observers' MDC fields (a trace id) on whatever thread closes
        Scope observed = observeBind();
        try {
            pipeline.events.completed(this, request, response, status, durationNanos, c, slow);
        } finally {
            if (observed != null) {
                observed.close();
            }
        }
    }

    /** Feeds the finished exchange to performance, error metrics and analysis; returns whether it was slow. */
    private boolean monitor(int status, long durationNanos) {
        if (pipeline.monitoring.owns(request.path())) {
            return false; // the monitoring endpoints do not measure themselves
        }
        Classification failure = classification;
        Recovery.Permit p = permit;
        if (p != null) {
            p.record(durationNanos, failure);
        }
        BodyCapture out = responseCapture;
        if (out != null && failure == null && status == 200 && out.kind() == BodyCapture.Kind.TEXT
                && !out.truncated() && shared() && pipeline.recovery.staleApplies(request.method(), request.path())) {
            pipeline.recovery.store(request.path(), request.query(), out.contentType(), out.keptBytes());
        }
        String method = request.method();
        String endpoint = endpoint(status);
        long now = pipeline.clock.millis(); // one reading for both monitors, which share the clock
        boolean slow = pipeline.performance.record(method, endpoint, durationNanos, status, now);
        Classification c = classification;
        pipeline.errorMetrics.recordRequest(c != null, now);
        // error-ratio rules count the service's failures; a client's own faults only when turned on
        pipeline.alerting.onRequest(c != null && pipeline.alerting.counts(c.status()));
        String fault = c != null ? clientFaultKind(c) : null;
        if (fault != null) { // a burst of them from one client is a security finding, never an alert
            pipeline.security.clientFault(clientIp(), fault, requestId);
        }
        if (c != null) {
            Failed f = failed;
            Throwable t = f != null ? f.error() : null;
            String fingerprint = f != null ? f.fingerprint() : pipeline.fingerprinter.fingerprintStatus(c.status(), endpoint);
            ErrorEvent event = new ErrorEvent(pipeline.clock.instant(), requestId, c.type(), c.severity(), c.status(),
                    endpoint, method, userId, clientIp(), fingerprint,
                    t != null ? t.getClass().getName() : "status " + c.status(), redactedMessage(t), recoveryOutcome.label());
            pipeline.errorMetrics.recordError(event, now);
            pipeline.analyzer.record(event);
            pipeline.alerting.onError(event);
        }
        // FaultlineListener: one volatile read when none is registered
        pipeline.listeners.exchangeCompleted(method, endpoint, status, c, recoveryOutcome, durationNanos);
        BodyCapture body = requestCapture;
        if (body != null && body.kind() == BodyCapture.Kind.TEXT) {
            String text = body.text();
            if (text != null) {
                pipeline.security.inspectBody(request, clientIp(), requestId, text);
            }
        }
        return slow;
    }

    /**
     * The kind of client fault a failure is, for the security monitor's burst detection: a client that
     * went away, a malformed request (400) or an oversized one (413); else {@code null}.
     */
    private static @Nullable String clientFaultKind(Classification c) {
        return switch (c.type()) {
            case CLIENT_CLOSED, PAYLOAD_TOO_LARGE -> c.type().label();
            case VALIDATION -> c.status() == 400 ? "malformed" : null;
            default -> null;
        };
    }

    /**
     * The exception's message with secrets replaced: it goes to error metrics, alert contexts and
     * channels, and {@code /metrics/insights}.
     */
    private @Nullable String redactedMessage(@Nullable Throwable t) {
        String m = message(t);
        return m == null ? null : pipeline.events.config().redactor().text(m);
    }

    private static @Nullable String message(@Nullable Throwable t) {
        if (t == null) {
            return null;
        }
        try {
            return t.getMessage();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    @Override
    public boolean isClosed() {
        return (int) CLOSED.getVolatile(this) != 0;
    }

    @Nullable String user() {
        return userId;
    }

    RecoveryOutcome recoveryOutcome() {
        return recoveryOutcome;
    }

    /** The request bound to the calling thread, as business and audit events record it. Stateless. */
    static final class Current implements CurrentRequest {

        static final Current INSTANCE = new Current();

        private Current() {
        }

        @Override
        public @Nullable String requestId() {
            Exchange x = CURRENT.get();
            return x == null ? null : x.requestId();
        }

        @Override
        public @Nullable String userId() {
            return CURRENT.get() instanceof DefaultExchange x ? x.userId : null;
        }
    }

    @Override
    public String toString() {
        return "Exchange[" + requestId + " " + request.method() + " " + request.path() + "]";
    }
}
