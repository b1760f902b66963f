package dev.faultline.undertow;

import dev.faultline.Faultline;
import dev.faultline.RequestContext;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.monitoring.MonitoringEndpoints;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.xnio.IoUtils;

/**
 * Faultline for Undertow: wraps the application's {@link HttpHandler} and drives the core's exchange
 * lifecycle.
 *
 * <pre>{@code
 * Faultline faultline = Faultline.create();
 * Undertow.builder()
 *     .addHttpListener(8080, "127.0.0.1")
 *     .setHandler(FaultlineHandler.create(faultline, routes))
 *     .build().start();
 * }</pre>
 *
 * <p>With options: {@code FaultlineHandler.builder(faultline).monitoringEndpoints(false).build(routes)}.
 * The application reaches the request it serves through {@link #requestContext(HttpServerExchange)} or
 * {@link Faultline#current()}.
 *
 * <p>What it handles:
 * <ul>
 *   <li>throws from the wrapped handler on the calling thread;</li>
 *   <li>throws from handlers run through {@code exchange.dispatch(HttpHandler)} or a
 *       {@code BlockingHandler} (Undertow hands them to a {@link DefaultResponseListener});</li>
 *   <li>error statuses set without a body (a {@code RoutingHandler}'s 404 or 405) become problems;</li>
 *   <li>responses already committed when the throw happens: nothing more is written, the failure is
 *       recorded, and the connection is closed so that the client cannot take a cut response as
 *       whole;</li>
 *   <li>completion, synchronous or not, through an {@link ExchangeCompletionListener};</li>
 *   <li>the monitoring endpoints ({@code /metrics/...}, {@code /health...}) when enabled, answered on a
 *       worker thread before the application sees the request;</li>
 *   <li>body capture for the log, when enabled, through conduits that copy the first bytes as they
 *       pass (the application still reads and writes every byte; memory stays within the cap);</li>
 *   <li>the request id in the MDC on the calling thread and on every task dispatched without an
 *       explicit executor (the exchange's dispatch executor is wrapped);</li>
 *   <li>client faults (issue 14): a client that went away ({@code UT000128}, a broken pipe) is recorded
 *       as {@code client_closed} and nothing is written on its dead connection; a body that Undertow's
 *       chunked parser refuses while the application reads it is recorded once, as a 400, after the
 *       parser's exception is known; a {@code Transfer-Encoding} that does not end with {@code chunked} is
 *       refused with a 400 problem before the application runs, and the connection closed.</li>
 * </ul>
 *
 * <p>What Undertow's own parser answers before any handler runs (a bare {@code 400} with an empty
 * body) cannot be made a problem: see the module's README.</p>
 *
 * <p>Dispatched work: prefer {@link #blocking(HttpHandler)} to Undertow's {@code BlockingHandler} and
 * {@code dispatch(FaultlineHandler.guard(h))} to {@code dispatch(h)}. Both are handled either way, but
 * Undertow logs a throw from an unguarded dispatched handler itself (UT005071) before Faultline sees
 * it, so the failure is logged twice. Not handled at all: a throw inside
 * {@code exchange.dispatch(Runnable)}, which Undertow never reports (the request hangs).
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class FaultlineHandler implements HttpHandler {

    /** The exchange of a request, attached to Undertow's exchange (the adapter's own: never handed out). */
    private static final AttachmentKey<Exchange> EXCHANGE = AttachmentKey.create(Exchange.class);

    /** A failure Faultline handled itself (not through Undertow's default response), for completion. */
    private static final AttachmentKey<Throwable> FAILURE = AttachmentKey.create(Throwable.class);

    /** {@link HttpReply#ENTITY_HEADERS}, as Undertow names them. */
    private static final HttpString[] ENTITY_HEADERS = HttpReply.ENTITY_HEADERS.stream()
            .map(HttpString::tryFromString).toArray(HttpString[]::new);

    private final Faultline faultline;
    private final HttpHandler next;
    private final HttpString requestIdHeader;
    private final boolean monitoringEndpoints;

    private FaultlineHandler(Builder b, HttpHandler next) {
        this.faultline = b.faultline;
        this.next = Objects.requireNonNull(next, "next");
        this.requestIdHeader = HttpString.tryFromString(faultline.requestIdHeader());
        this.monitoringEndpoints = b.monitoringEndpoints;
    }

    /**
     * A handler with the default options that runs every request for {@code next} through
     * {@code faultline}.
     *
     * @param faultline the pipeline every request runs through
     * @param next the application's handler
     * @return the handler to give Undertow in place of {@code next}
     */
    public static FaultlineHandler create(Faultline faultline, HttpHandler next) {
        return builder(faultline).build(next);
    }

    /**
     * A builder of a handler for {@code faultline}; {@link Builder#build(HttpHandler)} takes the
     * application's handler.
     *
     * @param faultline the pipeline every request runs through
     * @return a builder with the default options
     */
    public static Builder builder(Faultline faultline) {
        return new Builder(faultline);
    }

    /**
     * The request an Undertow exchange serves, when it passed through a {@code FaultlineHandler}: its
     * request id and user, and {@code bind}/{@code wrap} for the application's own threads.
     *
     * @param exchange an Undertow exchange
     * @return the application's handle on the request, or empty outside a {@code FaultlineHandler}
     */
    public static Optional<RequestContext> requestContext(HttpServerExchange exchange) {
        Exchange x = Objects.requireNonNull(exchange, "exchange").getAttachment(EXCHANGE);
        return x == null ? Optional.empty() : Optional.of(Faultline.requestContext(x));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getAttachment(EXCHANGE) != null) { // already inside the pipeline (nested wrap)
            next.handleRequest(exchange);
            return;
        }
        Exchange x = faultline.open(new UndertowRequestView(exchange));
        exchange.putAttachment(EXCHANGE, x);
        exchange.getResponseHeaders().put(requestIdHeader, x.requestId());
        x.requestCapture().ifPresent(capture -> exchange.addRequestWrapper(
                (factory, ex) -> new CapturingSourceConduit(factory.create(), capture)));
        x.responseCapture().ifPresent(capture -> exchange.addResponseWrapper(
                (factory, ex) -> new CapturingSinkConduit(factory.create(), capture, ex)));
        Executor dispatch = exchange.getDispatchExecutor();
        // the two hooks and the dispatch executor in one object: one allocation per request, not two
        RequestState state = new RequestState(x, faultline,
                dispatch != null ? dispatch : exchange.getConnection().getWorker());
        exchange.addExchangeCompleteListener(state);
        exchange.addDefaultResponseListener(state);
        exchange.setDispatchExecutor(state);

        Optional<ErrorReply> rejection = x.rejection();
        if (rejection.isPresent()) {
            write(exchange, rejection.get(), true);
            return;
        }
        String badFraming = Framing.check(exchange);
        if (badFraming != null) {
            // a body whose length cannot be known: refused before the application, and the connection
            // closed, since the bytes that follow cannot be told from the next request
            exchange.setPersistent(false);
            write(exchange, x.reject(Framing.refusal(badFraming)), true);
            return;
        }
        MonitoringEndpoints monitoring = faultline.monitoring();
        if (monitoringEndpoints && monitoring.owns(exchange.getRequestURI())) {
            // health checks may block: answer on a worker thread, never on the I/O thread
            exchange.dispatch(ex -> {
                try (Exchange.Scope ignored = x.bind()) {
                    write(ex, monitoring.handle(x, new UndertowRequestView(ex)), true);
                }
            });
            return;
        }
        try (Exchange.Scope ignored = x.bind()) {
            next.handleRequest(exchange);
        } catch (Throwable failure) {
            handle(exchange, x, failure);
        }
    }

    /**
     * {@code handler} with its throws handled by Faultline on the thread it runs on, for handlers that
     * run dispatched ({@code exchange.dispatch(FaultlineHandler.guard(h))}). Undertow would handle such
     * a throw too, but it logs it itself first (UT005071 on {@code io.undertow.request}), so the same
     * failure would be logged twice. Outside a {@code FaultlineHandler}, the throw propagates unchanged.
     *
     * @param handler the handler to run dispatched
     * @return {@code handler}, guarded
     */
    public static HttpHandler guard(HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return exchange -> {
            Exchange x = exchange.getAttachment(EXCHANGE);
            if (x == null) {
                handler.handleRequest(exchange);
                return;
            }
            try {
                handler.handleRequest(exchange);
            } catch (Throwable failure) {
                handle(exchange, x, failure);
            }
        };
    }

    /**
     * A {@link io.undertow.server.handlers.BlockingHandler} around {@link #guard(HttpHandler) guard(handler)}:
     * the blocking handler to use behind a {@code FaultlineHandler}.
     *
     * @param handler the handler to run on a worker thread
     * @return a blocking, guarded {@code handler}
     */
    public static HttpHandler blocking(HttpHandler handler) {
        return new io.undertow.server.handlers.BlockingHandler(guard(handler));
    }

    private static void handle(HttpServerExchange exchange, Exchange x, Throwable failure) {
        exchange.putAttachment(FAILURE, failure);
        if (exchange.isResponseStarted() || !exchange.getConnection().isOpen()) {
            // the status sent stands, or nobody is there to read one: no recovery, no second response
            x.record(failure);
            abort(exchange);
            return;
        }
        ErrorReply reply = x.fail(failure);
        if (reply.classification().type() == ErrorType.CLIENT_CLOSED) {
            abort(exchange); // the client went away: nothing is written on its dead connection
        } else {
            write(exchange, reply, true);
        }
    }

    /** Writes a reply; {@code inHandler} tells whether we are still inside the root handler call. */
    static void write(HttpServerExchange exchange, HttpReply reply, boolean inHandler) {
        exchange.setStatusCode(reply.status());
        HeaderMap headers = exchange.getResponseHeaders();
        for (HttpString stale : ENTITY_HEADERS) { // what described the application's own body
            headers.remove(stale);
        }
        reply.writeHeaders(new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                headers.put(HttpString.tryFromString(name), value);
            }

            @Override
            public void add(String name, String value) {
                headers.add(HttpString.tryFromString(name), value);
            }
        });
        headers.put(Headers.CONTENT_LENGTH, reply.body().length);
        if (exchange.isBlocking() && exchange.isInIoThread()) {
            // the blocking sender cannot run on the I/O thread
            if (inHandler) {
                exchange.dispatch(x -> send(x, reply));
            } else {
                exchange.getConnection().getWorker().execute(() -> send(exchange, reply));
            }
        } else {
            send(exchange, reply);
        }
    }

    private static void send(HttpServerExchange exchange, HttpReply reply) {
        exchange.getResponseSender().send(ByteBuffer.wrap(reply.body()));
    }

    private static void abort(HttpServerExchange exchange) {
        exchange.setPersistent(false);
        IoUtils.safeClose(exchange.getConnection());
    }

    /**
     * What Faultline holds for one request (as the other adapters' {@code RequestState}), and its hooks
     * into Undertow: the default response (Undertow calls it when the exchange ends without a response:
     * after an async throw, or a bare status), completion (the core exchange is closed once the
     * response is finished, however it finished), and the exchange's dispatch executor (every task
     * dispatched without an explicit executor runs bound to the request, on the executor it replaced).
     */
    private static final class RequestState implements DefaultResponseListener, ExchangeCompletionListener, Executor {
        private final Exchange x;
        private final Faultline faultline;
        private final Executor dispatch;

        RequestState(Exchange x, Faultline faultline, Executor dispatch) {
            this.x = x;
            this.faultline = faultline;
            this.dispatch = dispatch;
        }

        @Override
        public void execute(Runnable task) {
            dispatch.execute(x.wrap(task));
        }

        @Override
        public boolean handleDefaultResponse(HttpServerExchange exchange) {
            Throwable failure = exchange.getAttachment(DefaultResponseListener.EXCEPTION);
            if (!exchange.getConnection().isOpen()) {
                if (failure != null) {
                    x.record(failure); // before completion reads it: logged once, with its own status
                }
                return false;
            }
            ErrorReply reply;
            if (failure != null) {
                reply = x.fail(failure);
                if (reply.classification().type() == ErrorType.CLIENT_CLOSED) {
                    abort(exchange); // nobody to answer; return true so that Undertow writes no 500 either
                    return true;
                }
            } else if (HttpReply.isProblemStatus(exchange.getStatusCode())) {
                reply = x.failStatus(exchange.getStatusCode());
            } else {
                return false;
            }
            write(exchange, reply, false);
            return true;
        }

        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
            try {
                if (!exchange.getConnection().isOpen() && exchange.getAttachment(DefaultResponseListener.EXCEPTION) == null) {
                    // The connection died under the exchange: Undertow's chunked parser closes it on bad framing
                    // (UT000042 trailers), a write to a client that went away fails, and Undertow completes the
                    // exchange before that read's or write's exception reaches anyone. Finish once the exception
                    // is known, so that the request is logged once, with its real outcome, not "200" then "500".
                    exchange.getIoThread().executeAfter(() -> finish(exchange, true), SETTLE_MILLIS,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    finish(exchange, false);
                }
            } finally {
                nextListener.proceed();
            }
        }

        /**
         * Closes the core exchange.
         *
         * @param cut whether the connection died before the exchange ended normally
         */
        private void finish(HttpServerExchange exchange, boolean cut) {
            Throwable failure = exchange.getAttachment(DefaultResponseListener.EXCEPTION);
            if (failure != null) {
                x.record(failure); // a throw after the response started; records it once
            } else {
                failure = exchange.getAttachment(FAILURE);
            }
            if (failure == null && cut && !exchange.isRequestComplete() && exchange.getResponseBytesSent() == 0) {
                // the body's reader swallowed the exception: the request never got an answer
                failure = new FaultlineException(ErrorType.CLIENT_CLOSED, null,
                        "the connection closed before the request was read", null);
                x.record(failure);
            }
            int status = exchange.getStatusCode();
            if (exchange.getResponseBytesSent() == 0 && (cut || !exchange.isResponseComplete()) && failure != null) {
                // nothing reached the client: the outcome is the failure's, never Undertow's default 200 or 500
                status = faultline.classifier().classify(failure).status();
            }
            x.close(new UndertowResponseView(exchange, status));
        }
    }

    /** How long completion waits for the exception of a body read that the connection's death cut short. */
    private static final long SETTLE_MILLIS = 50;

    /** Builds a {@link FaultlineHandler}. Not thread-safe; the handler it builds is. */
    public static final class Builder {
        private final Faultline faultline;
        private boolean monitoringEndpoints = true;

        private Builder(Faultline faultline) {
            this.faultline = Objects.requireNonNull(faultline, "faultline");
        }

        /**
         * Whether the handler answers the monitoring endpoints' paths ({@code /metrics/...},
         * {@code /health...}) itself, before the application; default {@code true}.
         *
         * @param serve whether the handler serves the monitoring endpoints
         * @return this builder
         */
        public Builder monitoringEndpoints(boolean serve) {
            this.monitoringEndpoints = serve;
            return this;
        }

        /**
         * The handler, wrapping the application's.
         *
         * @param next the application's handler
         * @return the handler to give Undertow in place of {@code next}
         */
        public FaultlineHandler build(HttpHandler next) {
            return new FaultlineHandler(this, next);
        }
    }
}
