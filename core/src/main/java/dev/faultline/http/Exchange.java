package dev.faultline.http;

import dev.faultline.http.BodyCapture;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One request/response exchange, opened by an adapter with {@code Faultline.open(RequestView)} and
 * driven through the lifecycle every adapter follows. This is the adapter SPI: only adapters (and
 * integrations built on one) hold an exchange; the application gets the request's
 * {@code dev.faultline.RequestContext} (request id, user id, {@code bind}/{@code wrap}), which
 * cannot fail, record or close the request.
 *
 * <pre>{@code
 * Exchange x = faultline.open(request);          // request id, start time, security verdict
 * x.rejection() -> write it and stop              // 429 / 403 / 503 decided before the application
 * try (Exchange.Scope s = x.bind()) {             // MDC and Faultline.current() for the app
 *     application.handle(...);
 * } catch (Throwable t) {
 *     ErrorReply r = x.fail(t);                   // classify, recover, problem body, record
 *     if (!committed) write(r);
 * }
 * x.close(responseView);                          // when the response is finished, sync or async
 * }</pre>
 *
 * <p>Thread-safety: an exchange may move between threads (async servers) but is used by one thread at
 * a time; {@link #close} is idempotent and safe to race.
 */
public interface Exchange {

    /** The request id: echoed in {@code X-Request-Id}, in logs, problem bodies, metrics and alerts. */
    String requestId();

    /** A reply decided before the application runs (rate limit, blocked attack, shed route), if any. */
    Optional<ErrorReply> rejection();

    /**
     * Classifies {@code error}, tries recovery, records it, and returns the reply to send. Never
     * throws. Call it at most once per exchange: a second call returns a reply for the second error
     * but records nothing more.
     */
    ErrorReply fail(Throwable error);

    /**
     * Records a failure whose response is already committed (the status sent stands): classifies and
     * logs it once, and feeds it to metrics at {@link #close}, but runs no recovery and renders no reply.
     */
    void record(Throwable error);

    /**
     * As {@link #fail(Throwable)} for a server's own HTTP exception that carries its status (a JAX-RS
     * {@code WebApplicationException}, a Helidon {@code HttpException}): the status is kept and the
     * type follows from it ({@link dev.faultline.error.ErrorType#forStatus}), unless the throwable is
     * a {@code FaultlineException} or a user rule classifies it. No recovery runs for it. Adapters copy
     * the headers the exception's own response carries ({@code Allow}) onto the reply.
     *
     * @throws IllegalArgumentException if {@code status} is not a {@linkplain HttpReply#isProblemStatus problem status}
     */
    ErrorReply fail(Throwable error, int status);

    /**
     * The reply for an error status the application or server produced without a body and without an
     * exception (a router's 404 or 405). The status is kept.
     *
     * @throws IllegalArgumentException if {@code status} is not a {@linkplain HttpReply#isProblemStatus problem status}
     */
    ErrorReply failStatus(int status);

    /**
     * Records a request refused before the application routed it — one the server or the adapter
     * found malformed — and returns the problem to answer with. Like {@link #fail(Throwable)} without
     * recovery, but the exchange is recorded under the fixed endpoint {@code _rejected}, never its raw
     * path, so that hostile traffic cannot take the endpoint table (issue 14). {@link #rejection()} then
     * returns this reply.
     */
    default ErrorReply reject(Throwable error) {
        return fail(error);
    }

    /**
     * Makes this exchange current on the calling thread (the MDC keys {@code request_id} and, when
     * known, {@code user_id}; {@code Faultline.current()}) until the returned scope closes,
     * which restores what was there before. Adapters bind around the application and around every
     * continuation that runs on another thread.
     */
    Scope bind();

    /** {@code task} wrapped to run bound to this exchange. */
    default Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = bind()) {
                task.run();
            }
        };
    }

    /** An executor that runs every task bound to this exchange on {@code executor}. */
    default Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    /**
     * The capture of the request body, present when request bodies are logged for this exchange. The
     * same instance on every call. Adapters ask before the application reads the body and feed it
     * every chunk that passes; see {@link BodyCapture}.
     */
    Optional<BodyCapture> requestCapture();

    /**
     * The capture of the response body, present when response bodies are logged for this exchange.
     * The same instance on every call; adapters describe it with the response's content type before
     * the first bytes.
     */
    Optional<BodyCapture> responseCapture();

    /** Records the user the request acts for (logs, MDC, error events). */
    void userId(String userId);

    /** The user id, if the application told us. */
    Optional<String> userId();

    /**
     * Finishes the exchange: completion event, latency, metrics. Only the first call counts.
     */
    void close(ResponseView response);

    /** Whether {@link #close} ran. */
    boolean isClosed();

    /** A binding to undo; closing it twice does nothing more. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
