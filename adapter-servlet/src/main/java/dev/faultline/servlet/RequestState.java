package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.error.ServiceTimeoutException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.BodyFailure;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Faultline holds for one request, kept in the request attribute {@value #ATTRIBUTE} so
 * that every later dispatch of the same request (ASYNC, ERROR, FORWARD, INCLUDE) and every
 * asynchronous callback finds the exchange opened by the first one instead of opening another: one
 * request, one exchange, one completion event. It lives as long as the request and holds no
 * collection.
 *
 * <p>Thread-safety: a request is used by one thread at a time (the container hands it from the
 * dispatching thread to asynchronous tasks and listeners); the flags that decide the exchange's
 * completion are atomic, so that it closes exactly once whichever thread gets there.
 */
@SuppressWarnings("try") // try (Exchange.Scope ignored = x.bind()): the scope is held for its effect
final class RequestState {

    /** The request attribute holding the state. */
    static final String ATTRIBUTE = "dev.faultline.servlet.RequestState";

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineFilter.class);

    private final Faultline faultline;
    private final Exchange exchange;
    private final ServletRequestView view;
    private final HttpServletRequest base;
    private final FaultlineRequest request;
    private final FaultlineResponse response;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Completion completion = new Completion();
    private volatile boolean bypassed;
    /** What the request body's stream or reader threw: the client's bytes or connection. */
    final BodyFailure bodyFailure = new BodyFailure();
    /** Whether the failure was the client going away: nothing more is written for the request. */
    private volatile boolean clientGone;
    /** The problem a failure on the dispatching thread was answered with. */
    private volatile @Nullable ErrorReply problem;
    /** A problem that could not be written when the failure happened. */
    private volatile @Nullable ErrorReply unsent;

    private RequestState(Faultline faultline, Exchange exchange, ServletRequestView view, HttpServletRequest base,
            HttpServletResponse response) {
        this.faultline = faultline;
        this.exchange = exchange;
        this.view = view;
        this.base = base;
        this.request = new FaultlineRequest(base, this, exchange.requestCapture().orElse(null));
        this.response = new FaultlineResponse(response, this, exchange.responseCapture().orElse(null));
    }

    /** The state of a request already inside the pipeline, or {@code null}. */
    static @Nullable RequestState of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestState s ? s : null;
    }

    /**
     * Opens the exchange of a request: request id (also in the response header), capture, state in
     * the request attributes.
     */
    static RequestState open(Faultline faultline, @Nullable RouteResolver routes, HttpServletRequest request,
            HttpServletResponse response, boolean errorDispatch) {
        ServletRequestView view = new ServletRequestView(request, routes, errorDispatch);
        Exchange x = faultline.open(view);
        RequestState state = new RequestState(faultline, x, view, request, response);
        request.setAttribute(ATTRIBUTE, state);
        state.requestIdHeader(response);
        String user = request.getRemoteUser();
        if (user != null) {
            x.userId(user);
        }
        return state;
    }

    Exchange exchange() {
        return exchange;
    }

    /**
     * Records a failure. A container's own HTTP exception (a form over its size limit) keeps the status
     * the container put on it: the core's classifier knows Jetty's and Tomcat's.
     */
    ErrorReply fail(Throwable failure) {
        ErrorReply reply = exchange.fail(asClientFault(failure));
        if (isClientGone(reply)) {
            clientGone = true;
        }
        return reply;
    }

    /** Whether the client went away before the response: nothing is to be written for it. */
    boolean clientGone() {
        return clientGone;
    }

    /** The problem that could not be written when the request failed, if any. */
    @Nullable ErrorReply unsent() {
        return unsent;
    }

    /** The problem the request's failure was answered with, if it failed on the dispatching thread. */
    @Nullable ErrorReply problem() {
        return problem;
    }

    /** Whether a reply is for a client that went away (core's {@code client_closed}, nginx's 499). */
    static boolean isClientGone(ErrorReply reply) {
        return reply.classification().type() == dev.faultline.error.ErrorType.CLIENT_CLOSED;
    }

    /**
     * A failure that came out of the request body's stream is the client's: it went away (the core knows
     * each container's exception for it), or its body was malformed (a bad chunk size, bad trailers),
     * which some containers report with an exception the core has no reason to know (Tomcat's
     * {@code BadRequestException}). The latter is answered 400 instead of 500.
     */
    private Throwable asClientFault(Throwable failure) {
        if (!bodyFailure.caused(failure)) {
            return failure;
        }
        Exception body = bodyFailure.last();
        if (jettyEof(failure) && isChunked()) {
            // Jetty reports a malformed chunked body and one cut by a client that went away alike ("Early
            // EOF"): for a chunked body it cannot tell which, and a client still connected gets a 400
            return new dev.faultline.error.FaultlineException(dev.faultline.error.ErrorType.VALIDATION,
                    "The request body ended before it was complete.", "malformed or cut chunked body: " + body, failure);
        }
        if (jettyEof(failure)) {
            // a body with a Content-Length that ended early: the client stopped sending and went away
            // Jetty's HttpEofException is both an EofException (the client is gone) and an HttpException
            // carrying 400: core reads the status; for a read that hit the end of the connection it is
            // the client going away
            return new dev.faultline.error.FaultlineException(dev.faultline.error.ErrorType.CLIENT_CLOSED, null,
                    "the client closed the connection before its request body was read: " + body, failure);
        }
        return bodyFailure.asClientFault(failure, faultline.classifier());
    }

    private boolean isChunked() {
        String te = base.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    /** Whether {@code failure}'s chain holds Jetty's {@code EofException} (or a subclass), matched by name. */
    private static boolean jettyEof(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
                if (c.getName().equals("org.eclipse.jetty.io.EofException")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sets the request id header (again) on {@code target}. */
    void requestIdHeader(HttpServletResponse target) {
        target.setHeader(faultline.requestIdHeader(), exchange.requestId());
    }

    ServletRequestView view() {
        return view;
    }

    FaultlineRequest request() {
        return request;
    }

    FaultlineResponse response() {
        return response;
    }

    /** Whether {@code r} is Faultline's request or an application's wrapper around it. */
    boolean ours(ServletRequest r) {
        return r == request || r instanceof ServletRequestWrapper w && w.isWrapperFor(request);
    }

    /** Whether {@code r} is Faultline's response or an application's wrapper around it. */
    boolean ours(ServletResponse r) {
        return r == response || r instanceof ServletResponseWrapper w && w.isWrapperFor(response);
    }

    /**
     * Runs the application for a REQUEST (or ASYNC) dispatch and handles what it leaves: a throw, a
     * bare error status, or asynchronous processing still going on.
     *
     * @return whether the exchange goes on asynchronously (it then closes in {@link AsyncListener#onComplete})
     */
    boolean run(FilterChain chain, ServletRequest req, ServletResponse res) throws IOException, ServletException {
        try {
            chain.doFilter(req, res);
        } catch (Throwable failure) {
            failed(failure);
        }
        if (base.isAsyncStarted()) {
            return arm();
        }
        bareStatus();
        return false;
    }

    /**
     * A throw out of the application on the dispatching thread: recorded, and answered with the
     * problem unless the response is committed; then it is rethrown, so that the container closes the
     * connection rather than end a cut response as if it were whole (the status recorded is the one
     * sent).
     */
    private void failed(Throwable failure) throws IOException, ServletException {
        ErrorReply reply = fail(failure);
        if (response.replied()) {
            return;
        }
        if (clientGone) {
            // the client went away: nothing is written on its dead connection; the container ends the
            // request as it does for its own exception (Faultline's valve for Tomcat closes it at once)
            rethrow(failure);
        }

        if (response.base().isCommitted()) {
            if (bodyFailure.caused(failure)) {
                // Tomcat answers a body its decoder refuses (a bad chunk header, bad trailers) with
                // sendError(400) inside the failed read: the response is suspended, which the Servlet API
                // reports as committed, though nothing is sent yet; FaultlineErrorReportValve writes the
                // problem in place of Tomcat's empty 400
                unsent = reply;
            }
            rethrow(failure);
        }
        problem = reply;
        try {
            response.reply(reply, false);
        } catch (IOException writeFailed) {
            // the container refuses output after a failed read (Tomcat after a malformed chunked body):
            // its error valve may still send it (FaultlineErrorReportValve does)
            unsent = reply;
            LOG.debug("could not write the problem of request {}", exchange.requestId(), writeFailed);
            rethrow(failure);
        }
        if (base.isAsyncStarted()) { // the application started async work, then threw: end it here
            arm();
            completeQuietly(base.getAsyncContext());
        }
    }

    private static void rethrow(Throwable failure) throws IOException, ServletException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof ServletException se) {
            throw se;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new ServletException(failure);
    }

    /** A 4xx/5xx status set without a body (no exception): answered with a problem that keeps the headers. */
    private void bareStatus() throws IOException {
        if (response.replied() || response.bytes() > 0 || response.base().isCommitted()) {
            return;
        }
        int status = response.base().getStatus();
        if (HttpReply.isProblemStatus(status)) {
            response.reply(exchange.failStatus(status), false);
        }
    }

    /**
     * Registers the completion listener for the running asynchronous cycle, once (it re-adds itself
     * for later cycles in {@code onStartAsync}). Registered after the dispatch returns, it comes after
     * the listeners the application added, so that the application's own timeout handling runs first.
     *
     * @return whether the exchange will be closed by the listener
     */
    private boolean arm() {
        if (!armed.compareAndSet(false, true)) {
            return true;
        }
        try {
            AsyncContext context = base.getAsyncContext();
            bypassed |= context.hasOriginalRequestAndResponse();
            context.addListener(completion, request, response);
            return true;
        } catch (IllegalStateException tooLate) {
            armed.set(false);
            LOG.warn("could not follow the asynchronous processing of request {}; it is logged now", exchange.requestId(),
                    tooLate);
            return false;
        }
    }

    /** An ASYNC dispatch of the request: the application runs again, bound to the exchange. */
    void asyncDispatch(FilterChain chain, ServletRequest req, ServletResponse res) throws IOException, ServletException {
        ServletRequest rq = ours(req) ? req : request;
        ServletResponse rs = ours(res) ? res : response;
        try (Exchange.Scope ignored = exchange.bind()) {
            run(chain, rq, rs);
        } finally {
            if (!armed.get()) { // nothing follows the request to its end: close now
                finish();
            }
        }
    }

    /**
     * An ERROR dispatch of the request (an error the container or the application raised past
     * Faultline's wrappers): the problem for it, instead of the error page, when the response can
     * still take it; otherwise the error page runs.
     */
    void errorDispatch(FilterChain chain, ServletRequest req, ServletResponse res) throws IOException, ServletException {
        if (clientGone) {
            return; // recorded already; nothing is written on the client's dead connection
        }
        try (Exchange.Scope ignored = exchange.bind()) {
            ErrorReply reply = errorReply(req);
            if (reply != null && response.reply(reply, false)) {
                return;
            }
            chain.doFilter(req, res);
        }
    }

    private @Nullable ErrorReply errorReply(ServletRequest req) {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            // the container chose a status other than 500 for its own exception: keep it
            return HttpReply.isProblemStatus(status) && status != 500 ? exchange.fail(t, status) : fail(t);
        }
        return HttpReply.isProblemStatus(status) ? exchange.failStatus(status) : null;
    }

    /** A task for {@link AsyncContext#start}: runs bound to the exchange; a throw is answered and completes. */
    Runnable guard(Runnable task, AsyncContext context) {
        Objects.requireNonNull(task, "run");
        return () -> {
            try (Exchange.Scope ignored = exchange.bind()) {
                task.run();
            } catch (Throwable failure) {
                asyncFailure(failure, context);
            }
        };
    }

    /**
     * A failure off the dispatching thread: recorded, answered with the problem unless the response
     * is committed, and the asynchronous cycle completed. A committed response ends as the
     * application left it: the Servlet API cannot abort a connection from an asynchronous task.
     */
    void asyncFailure(Throwable failure, AsyncContext context) {
        try (Exchange.Scope ignored = exchange.bind()) {
            ErrorReply reply = fail(failure);
            if (!clientGone) {
                response.reply(reply, false);
            }
        } catch (IOException | RuntimeException writeFailed) {
            LOG.debug("could not write the problem of request {}", exchange.requestId(), writeFailed);
        } finally {
            completeQuietly(context);
        }
    }

    static void completeQuietly(AsyncContext context) {
        try {
            context.complete();
        } catch (IllegalStateException alreadyEnded) {
            // completed or dispatched already (by the application, or by its own listener)
        }
    }

    /** Closes the exchange, once, whichever thread and path gets here first. */
    void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try (Exchange.Scope ignored = exchange.bind()) {
            try {
                request.rebuildCapture(faultline.logging().maxBodyBytes());
            } catch (RuntimeException unreadable) {
                LOG.debug("could not rebuild the request body of {}", exchange.requestId(), unreadable);
            }
            if (exchange.userId().isEmpty()) {
                String user = base.getRemoteUser();
                if (user != null) {
                    exchange.userId(user);
                }
            }
            exchange.close(new ServletResponseView(response.base(), bypassed ? -1 : response.bytes()));
        } catch (RuntimeException closeFailed) {
            LOG.error("could not close the exchange of request {}", exchange.requestId(), closeFailed);
        }
    }

    /** Follows the asynchronous cycles of the request to their end. */
    private final class Completion implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            finish();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            AsyncContext context = event.getAsyncContext();
            try (Exchange.Scope ignored = exchange.bind()) {
                // the application's own listeners ran first; answer only if none of them wrote anything
                if (!response.replied() && response.bytes() == 0 && !response.base().isCommitted()) {
                    long timeout = context.getTimeout();
                    ErrorReply reply = exchange.fail(new ServiceTimeoutException(null,
                            "asynchronous processing timed out after " + timeout + " ms", null));
                    response.reply(reply, false);
                }
            } catch (IOException | RuntimeException writeFailed) {
                LOG.debug("could not write the timeout problem of request {}", exchange.requestId(), writeFailed);
            } finally {
                completeQuietly(context);
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            Throwable failure = event.getThrowable();
            try (Exchange.Scope ignored = exchange.bind()) {
                ErrorReply reply = fail(failure != null ? failure
                        : new IllegalStateException("asynchronous processing failed"));
                if (response.bytes() == 0 && !clientGone) {
                    response.reply(reply, false);
                }
            } catch (IOException | RuntimeException writeFailed) {
                LOG.debug("could not write the problem of request {}", exchange.requestId(), writeFailed);
            } finally {
                completeQuietly(event.getAsyncContext());
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            AsyncContext context = event.getAsyncContext();
            bypassed |= context.hasOriginalRequestAndResponse();
            context.addListener(this, request, response);
        }
    }

    @Override
    public String toString() {
        return "RequestState[" + exchange + "]";
    }
}
