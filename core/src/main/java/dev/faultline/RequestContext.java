package dev.faultline;

import dev.faultline.http.Exchange;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The application's handle on the request it serves: the request id, the user it acts for, and
 * {@link #bind()} / {@link #wrap(Runnable)} to carry both (and the MDC's {@code request_id} and
 * {@code user_id}) onto the application's own threads. It cannot fail, record or close the request:
 * that is the adapter's part ({@link Exchange}, an SPI type the handle neither is nor hands out).
 *
 * <pre>{@code
 * RequestContext request = Faultline.current().orElseThrow();   // or the adapter's requestContext(...)
 * request.userId(session.user());                               // in the logs, error events, audit lines
 * executor.execute(request.wrap(() -> work()));                 // the request id on the worker's lines
 * }</pre>
 *
 * <p>One handle per request, made the first time the application asks for it (a request whose
 * application never asks pays nothing). Thread-safe: it may be used from any thread while the request
 * runs and after.
 */
public final class RequestContext {

    private final Exchange exchange;

    private RequestContext(Exchange exchange) {
        this.exchange = exchange;
    }

    /** A new handle; an exchange Faultline opened keeps the one it makes (see {@link Faultline#requestContext}). */
    static RequestContext create(Exchange exchange) {
        return new RequestContext(exchange);
    }

    /**
     * The request id: echoed in {@code X-Request-Id}, in logs, problem bodies, metrics and alerts.
     *
     * @return the request id
     */
    public String requestId() {
        return exchange.requestId();
    }

    /**
     * The user the request acts for, as the application or the adapter (a servlet's
     * {@code getRemoteUser()}) told it.
     *
     * @return the user id, if known
     */
    public Optional<String> userId() {
        return exchange.userId();
    }

    /**
     * Records the user the request acts for: in the MDC while the request is bound, on its completion
     * and error lines, in its error events, and on business and audit events in it.
     *
     * @param userId the user id
     * @return this handle
     */
    public RequestContext userId(String userId) {
        exchange.userId(Objects.requireNonNull(userId, "userId"));
        return this;
    }

    /**
     * Makes the request current on the calling thread ({@link Faultline#current()}, the MDC's
     * {@code request_id} and {@code user_id}) until the returned scope closes, which restores what was
     * there before. For work the application runs on its own threads; the adapter binds the request
     * around the application itself.
     *
     * @return the binding, to close (try-with-resources)
     */
    public Scope bind() {
        Exchange.Scope s = exchange.bind();
        return s instanceof Scope both ? both : s::close;
    }

    /**
     * {@code task}, to run bound to this request on whatever thread runs it.
     *
     * @param task the task
     * @return the bound task
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = bind()) {
                task.run();
            }
        };
    }

    /**
     * An executor that runs every task bound to this request on {@code executor}.
     *
     * @param executor the executor
     * @return the binding executor
     */
    public Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    @Override
    public String toString() {
        return "RequestContext[" + requestId() + "]";
    }

    /** A binding to undo; closing it twice does nothing more. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
