package dev.faultline;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorType;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.internal.RequestIds;
import dev.faultline.logging.BodyCapture;
import dev.faultline.logging.LoggingConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The core's exchange. One per request; holds only what the request needs (no collections), so that
 * it is garbage as soon as the request is done.
 */
final class DefaultExchange implements Exchange {

    static final ThreadLocal<@Nullable Exchange> CURRENT = new ThreadLocal<>();

    static final String MDC_REQUEST_ID = "request_id";
    static final String MDC_USER_ID = "user_id";

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(DefaultExchange.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Faultline faultline;
    private final RequestView request;
    private final String requestId;
    private final long startNanos;
    private volatile @Nullable String userId;
    private volatile @Nullable Throwable error;
    private volatile @Nullable Classification classification;
    private @Nullable BodyCapture requestCapture;
    private @Nullable BodyCapture responseCapture;
    @SuppressWarnings("unused") // through CLOSED
    private volatile int closed;

    DefaultExchange(Faultline faultline, RequestView request) {
        this.faultline = faultline;
        this.request = request;
        this.startNanos = faultline.ticker.getAsLong();
        this.requestId = RequestIds.choose(request.header(faultline.requestIdHeader), request.header("traceparent"));
        faultline.events.received(this, request);
    }

    @Override
    public Optional<BodyCapture> requestCapture() {
        BodyCapture c = requestCapture;
        if (c == null) {
            LoggingConfig cfg = faultline.events.config();
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
            LoggingConfig cfg = faultline.events.config();
            if (!cfg.logResponseBody() || !cfg.logs(request.path())) {
                return Optional.empty();
            }
            c = new BodyCapture(cfg.maxBodyBytes());
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

    /** The client's address as far as it can be trusted. */
    @Nullable String clientIp() {
        return request.remoteAddress();
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public Optional<ErrorReply> rejection() {
        return Optional.empty();
    }

    @Override
    public ErrorReply fail(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        Classification c;
        try {
            c = faultline.classifier.classify(failure);
        } catch (Throwable classifierFailure) {
            // the classifier guards its callbacks; this is a last line of defence
            c = Classification.of(ErrorType.INTERNAL);
        }
        if (this.error == null) {
            this.error = failure;
            this.classification = c;
            try {
                faultline.events.error(this, request, failure, c);
            } catch (Throwable logFailure) {
                // a failure whose getMessage() or getCause() throws cannot be logged; the reply still goes out
            }
        }
        return reply(c, failure);
    }

    @Override
    public ErrorReply failStatus(int status) {
        Classification c = Classification.of(ErrorType.forStatus(status));
        if (c.status() != status) {
            c = c.withStatus(status);
        }
        if (this.classification == null) {
            this.classification = c;
        }
        return reply(c, null);
    }

    private ErrorReply reply(Classification c, @Nullable Throwable failure) {
        try {
            return faultline.problems.reply(c, failure, requestId, faultline.requestIdHeader, request.path());
        } catch (Throwable renderFailure) {
            // Rendering never fails for our own values; a user extension that cannot be serialised could.
            return faultline.problems.reply(Classification.of(ErrorType.INTERNAL), null, requestId,
                    faultline.requestIdHeader, null);
        }
    }

    @Override
    public Scope bind() {
        Exchange previous = CURRENT.get();
        String prevRequestId = MDC.get(MDC_REQUEST_ID);
        String prevUserId = MDC.get(MDC_USER_ID);
        CURRENT.set(this);
        MDC.put(MDC_REQUEST_ID, requestId);
        String user = userId;
        if (user != null) {
            MDC.put(MDC_USER_ID, user);
        } else if (prevUserId != null) {
            MDC.remove(MDC_USER_ID);
        }
        return new Binding(previous, prevRequestId, prevUserId);
    }

    private static final class Binding implements Scope {
        private final @Nullable Exchange previous;
        private final @Nullable String prevRequestId;
        private final @Nullable String prevUserId;
        private boolean done;

        Binding(@Nullable Exchange previous, @Nullable String prevRequestId, @Nullable String prevUserId) {
            this.previous = previous;
            this.prevRequestId = prevRequestId;
            this.prevUserId = prevUserId;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            restore(MDC_REQUEST_ID, prevRequestId);
            restore(MDC_USER_ID, prevUserId);
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
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
        long durationNanos = faultline.ticker.getAsLong() - startNanos;
        faultline.events.completed(this, request, response, durationNanos, classification);
    }

    @Override
    public boolean isClosed() {
        return (int) CLOSED.getVolatile(this) != 0;
    }

    @Nullable String user() {
        return userId;
    }

    @Override
    public String toString() {
        return "Exchange[" + requestId + " " + request.method() + " " + request.path() + "]";
    }
}
