package dev.faultline.helidon;

import dev.faultline.Faultline;
import dev.faultline.RequestContext;
import dev.faultline.http.BodyCapture;
import dev.faultline.http.BodyTee;
import dev.faultline.http.CapturingInputStream;
import dev.faultline.http.CapturingOutputStream;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.monitoring.MonitoringEndpoints;
import io.helidon.common.Weighted;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.DirectHandler;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faultline for Helidon 4 SE: an {@link HttpFeature} that installs a filter and an error handler and
 * drives the core's exchange lifecycle for every request of the routing it is added to.
 *
 * <pre>{@code
 * Faultline faultline = Faultline.create();
 * WebServer server = WebServer.builder()
 *     .port(8080)
 *     .connectionOptions(o -> o.tcpNoDelay(true))   // when response bodies are captured, see below
 *     .routing(r -> r
 *         .addFeature(FaultlineFeature.create(faultline))
 *         .get("/videos/{id}", videos::get))
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>With options: {@code FaultlineFeature.builder(faultline).monitoringEndpoints(false).build()}. The
 * application reaches the request it serves through {@link #requestContext(ServerRequest)} or
 * {@link Faultline#current()}.
 *
 * <p>What it does, per request (each runs on its own virtual thread, and a Helidon SE handler blocks
 * until its response is sent, so one filter call spans the whole exchange):
 * <ol>
 *   <li>the filter opens the exchange, sets {@code X-Request-Id}, and answers a rejection (429, 403,
 *       503) or a monitoring endpoint ({@code /metrics/...}, {@code /health...}) itself, without
 *       calling the routing: the endpoints are served from the filter, so they need no route, take
 *       the same request id and access rules, and work under any routing the application has;</li>
 *   <li>it binds the request (MDC, {@code Faultline.current()}) around {@code chain.proceed()};</li>
 *   <li>Helidon hands every throwable of the routing to the error handler (never to the filter):
 *       it classifies it, writes the problem, and keeps the status of Helidon's own
 *       {@link HttpException}s (with their headers, such as {@code Allow}); the 404 of a path no route
 *       matches becomes a 404 problem;</li>
 *   <li>an error status the application sends without a {@code Content-Type}
 *       ({@code res.status(401).header(WWW_AUTHENTICATE, ...).send()}) becomes a problem that keeps the
 *       application's headers; to send an error body of your own, give it a content type;</li>
 *   <li>once {@code proceed()} returns, the response is sent: the filter closes the exchange with the
 *       final status, the route template ({@code req.matchingPattern()}) and the body size.</li>
 * </ol>
 *
 * <p>Body capture, when the configuration logs bodies (or a route uses stale-if-error), goes through
 * {@code req.streamFilter} and {@code res.streamFilter}, installed only then: the application still
 * reads and writes every byte, and memory stays within the cap. The capturing stream does not flush
 * before it closes, so a response written in one piece keeps its {@code Content-Length} and goes out in
 * one write, as without capture (a filter built on {@code java.io.FilterOutputStream} would make Helidon
 * send it chunked). A response written in several pieces is sent chunked, capture or not, and with
 * Nagle's algorithm on (Helidon's default) each such response stalls about 40 ms on a delayed ACK.
 * <b>When you capture response bodies, or stream responses at all, set
 * {@code connectionOptions(o -> o.tcpNoDelay(true))}</b> on the server (or the listener).
 *
 * <p>Caveats:
 * <ul>
 *   <li>A throw after the response was committed (part of the body flushed) cannot be answered:
 *       Helidon closes the connection, so the client cannot take the cut body as whole. Faultline
 *       records the failure once, with the status that was sent; Helidon also logs a WARNING of its own
 *       ("Unable to reset response for error handler").</li>
 *   <li>Requests Helidon refuses before routing (a malformed request, a body over
 *       {@code maxPayloadSize}, an unsupported content encoding) are answered by Helidon's
 *       {@code DirectHandler}s in plain text and never reach Faultline.</li>
 *   <li>Error handlers are looked up by exact class, then superclasses. An application's own
 *       {@code r.error(MyException.class, ...)} still wins for its exception; Faultline's handler for
 *       {@code Throwable} wins over another one for {@code Throwable} registered by a lighter feature or
 *       by the application's routing (Helidon keeps the first registration).</li>
 *   <li>Helidon's routing answers a method no route accepts with 404, not 405.</li>
 *   <li>Work the application hands to another thread sees the request id when it runs through
 *       {@code FaultlineFeature.requestContext(req).map(r -> r.wrap(executor))}.</li>
 * </ul>
 *
 * <p>The feature weighs {@value #WEIGHT}: heavier features (Helidon's context feature, its access log)
 * run their filters outside it, lighter ones (security, CORS, the application's routing at 100) inside.
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class FaultlineFeature implements HttpFeature, Weighted {

    /** The feature's weight among Helidon's features. */
    public static final double WEIGHT = 950;

    /** The classifier of the per-request state in the request's {@code Context}. */
    private static final Object STATE = new Object() {
        @Override
        public String toString() {
            return "faultline exchange state";
        }
    };

    /**
     * {@link HttpReply#ENTITY_HEADERS}, as Helidon names them: removed before a reply replaces the
     * application's body; the others (Allow, WWW-Authenticate, CORS, cookies the application set) stay.
     */
    private static final List<HeaderName> ENTITY_HEADERS = HttpReply.ENTITY_HEADERS.stream()
            .map(HeaderNames::create).toList();

    private final Faultline faultline;
    private final HeaderName requestIdHeader;
    private final boolean monitoringEndpoints;

    private FaultlineFeature(Builder b) {
        this.faultline = b.faultline;
        this.requestIdHeader = HeaderNames.create(faultline.requestIdHeader());
        this.monitoringEndpoints = b.monitoringEndpoints;
    }

    /**
     * A feature with the default options that runs every request of the routing it is added to through
     * {@code faultline}.
     *
     * @param faultline the pipeline every request runs through
     * @return the feature, to add to the server's routing
     */
    public static FaultlineFeature create(Faultline faultline) {
        return builder(faultline).build();
    }

    /**
     * A builder of a feature for {@code faultline}.
     *
     * @param faultline the pipeline every request runs through
     * @return a builder with the default options
     */
    public static Builder builder(Faultline faultline) {
        return new Builder(faultline);
    }

    /**
     * The request a Helidon request is, when it passed through a {@code FaultlineFeature}: its request id
     * and user, and {@code bind}/{@code wrap} for the application's own threads.
     *
     * @param request a Helidon request
     * @return the application's handle on the request, or empty outside a {@code FaultlineFeature}
     */
    public static Optional<RequestContext> requestContext(ServerRequest request) {
        Objects.requireNonNull(request, "request");
        return state(request).map(s -> Faultline.requestContext(s.exchange));
    }

    private static Optional<RequestState> state(ServerRequest request) {
        // Helidon builds one Context per request (a child of the listener's), so this is per request
        return request.context().get(STATE, RequestState.class);
    }

    /**
     * Direct handlers that answer the requests Helidon refuses before routing (a malformed request
     * line or header, a version Helidon does not speak, a body over {@code maxPayloadSize}) with
     * problems and a request id, recorded as client faults; a feature cannot install them itself, so
     * set them on the server (or the listener):
     * <pre>{@code
     * FaultlineFeature feature = FaultlineFeature.create(faultline);
     * WebServer.builder()
     *     .directHandlers(feature.directHandlers())
     *     .routing(r -> r.addFeature(feature) ...)
     * }</pre>
     * Without them, Helidon answers those requests with its bare status and no body (it leaks nothing),
     * and Faultline never sees them.
     *
     * @return the direct handlers to set on the server
     */
    public DirectHandlers directHandlers() {
        DirectHandler handler = new DirectProblems(faultline);
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::filter);
        routing.error(Throwable.class, this::handle);
    }

    @Override
    public double weight() {
        return WEIGHT;
    }

    @Override
    public String toString() {
        return "FaultlineFeature";
    }

    @SuppressWarnings("try") // the scope is held, not used
    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (state(req).isPresent()) { // a second FaultlineFeature on the same routing
            chain.proceed();
            return;
        }
        DirectProblems.FINISHED.remove(); // this thread's marks of an earlier request on the connection
        DirectProblems.CLOSING.remove();
        DirectProblems.PENDING.remove();
        HelidonRequestView view = new HelidonRequestView(req);
        Exchange x = faultline.open(view);
        RequestState st = new RequestState(x, view, res);
        req.context().register(STATE, st);
        res.header(requestIdHeader, x.requestId());
        DirectProblems.ACTIVE.set(st);
        try {
            Optional<ErrorReply> rejection = x.rejection();
            if (rejection.isPresent()) {
                write(res, st, rejection.get());
                return;
            }
            MonitoringEndpoints monitoring = faultline.monitoring();
            if (monitoringEndpoints && monitoring.owns(view.path())) {
                HttpReply reply;
                try (Exchange.Scope ignored = x.bind()) {
                    reply = monitoring.handle(x, view);
                }
                write(res, st, reply);
                return;
            }
            capture(req, res, st);
            res.beforeSend(st::beforeSend);
            proceed(chain, res, st);
        } finally {
            DirectProblems.ACTIVE.remove();
            HelidonResponseView sent = new HelidonResponseView(res, st);
            x.close(sent);
            st.finishedStatus(sent.status());
            DirectProblems.FINISHED.set(st);
        }
    }

    @SuppressWarnings("try")
    private static void proceed(FilterChain chain, RoutingResponse res, RequestState st) {
        Exchange x = st.exchange;
        st.arm(true);
        try {
            try (Exchange.Scope ignored = x.bind()) {
                chain.proceed();
            }
        } catch (RequestState.BareStatus bare) {
            // Helidon's own direct handler sent a bare error status during routing (a route that sent
            // nothing is answered 500 that way): answer with a problem instead
            st.arm(false);
            write(res, st, x.failStatus(res.status().code()));
        } catch (ServerConnectionException lost) {
            // the client's connection broke while the response was written (a broken pipe): nothing to
            // answer; recorded, so that core tells it as client_closed rather than a 200
            x.record(lost);
            throw lost;
        } catch (RequestException refused) {
            // Helidon refuses the request (a header it found malformed, an entity over its limit) and
            // answers it with a direct handler: record it here, once, and hand the problem to
            // DirectProblems on this thread, so that the answer has this exchange's request id
            int status = DirectProblems.clientStatus(refused.status().code(), null, true);
            ErrorReply reply = x.fail(refused, status);
            st.directStatus(reply.status());
            DirectProblems.PENDING.set(reply);
            throw refused;
        } catch (java.io.UncheckedIOException closing) {
            if (!st.isClosing()) {
                x.fail(closing);
            }
            throw closing; // recorded and answered (or not, for a gone client) by the error handler
        } catch (CloseConnectionException committed) {
            // a throw after the response was committed: Helidon could not call the error handler and
            // closes the connection; the status that was sent stands
            x.record(committed.getCause() != null ? committed.getCause() : committed);
            throw committed;
        } catch (RuntimeException | Error other) {
            x.fail(other);
            throw other;
        } finally {
            st.arm(false);
        }
    }

    private static void capture(RoutingRequest req, RoutingResponse res, RequestState st) {
        BodyCapture in = st.exchange.requestCapture().orElse(null);
        if (in != null) {
            String encoding = req.headers().first(HeaderNames.CONTENT_ENCODING).orElse(null);
            if (encoding != null) {
                ContentEncodingContext codings = req.listenerContext().contentEncodingContext();
                if (codings.contentDecodingEnabled() && codings.contentDecodingSupported(encoding)) {
                    // Helidon decodes the body below the stream filter: the capture sees plain bytes
                    in.describe(st.request.contentType(), null, -1);
                }
            }
        }
        req.streamFilter(stream -> new CapturingInputStream(stream, in, st.bodyFailure));
        st.exchange.responseCapture().ifPresent(capture -> {
            // described at the first byte, when the headers are final; the encoding is the one the
            // application declared itself (its bytes arrive here already encoded): one Helidon adds is
            // applied below this stream. The stream does not flush before it closes, so that a body
            // written in one piece keeps its Content-Length (see the class javadoc).
            BodyTee tee = st.responseBody(new BodyTee(capture, c -> c.describe(
                    res.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), st.applicationEncoding(),
                    res.headers().contentLength().orElse(-1))));
            res.streamFilter(out -> {
                st.streamed();
                return new CapturingOutputStream(out, tee);
            });
        });
    }

    /** The error handler: every throwable of the routing, and the marker of a bare error status. */
    private void handle(ServerRequest req, ServerResponse res, Throwable failure) {
        Optional<RequestState> state = state(req);
        if (state.isPresent()) {
            RequestState st = state.get();
            ErrorReply r = reply(req, res, st.exchange, failure, st);
            if (r.classification().type() == dev.faultline.error.ErrorType.CLIENT_CLOSED) {
                // the client went away: nothing is written on its connection; Helidon closes it on an
                // UncheckedIOException (its signal for a broken connection) without answering
                throw st.closing(new java.io.IOException("the client went away before its request was read", failure));
            }
            write(res, st, r);
            if (st.bodyFailure.caused(failure)) {
                // what is left of a malformed body must never be parsed as a second request
                throw st.closing(new java.io.IOException("closed after a malformed request body", failure));
            }
            return;
        }
        // thrown before Faultline's filter ran (by the filter of a heavier feature): a whole exchange here
        HelidonRequestView view = new HelidonRequestView(req);
        Exchange x = faultline.open(view);
        RequestState st = new RequestState(x, view, res);
        try {
            write(res, st, reply(req, res, x, failure, st));
        } finally {
            x.close(new HelidonResponseView(res, st));
        }
    }

    private ErrorReply reply(ServerRequest req, ServerResponse res, Exchange x, Throwable failure, RequestState st) {
        if (st.bodyFailure.caused(failure)) {
            // the request body failed to arrive whole: the client went away, or framed it badly (a chunk
            // size that is not hexadecimal, bad trailers). The connection cannot carry another request
            // (the rest of a broken body would be read as one, and answered a second time): close it.
            res.header(HeaderNames.CONNECTION, "close");
            return x.fail(st.bodyFailure.asClientFault(failure, faultline.classifier()));
        }
        if (failure instanceof RequestState.BareStatus) {
            return x.failStatus(res.status().code());
        }
        int media = mediaFailure(failure);
        if (media > 0) {
            return x.fail(new dev.faultline.error.FaultlineException(dev.faultline.error.ErrorType.VALIDATION,
                    media == 415 ? "The request body's content type is not supported here." : "The request body is malformed.",
                    "request body: " + failure, failure).withStatus(media));
        }
        if (failure instanceof NotFoundException && req.matchingPattern().isEmpty()) {
            return x.failStatus(404); // no route matched: nothing failed, there is nothing here
        }
        if (failure instanceof HttpException http) {
            int status = http.status().code();
            ErrorReply reply = HttpReply.isProblemStatus(status) ? x.fail(http, status) : x.fail(http);
            return withHeadersOf(reply, http);
        }
        return x.fail(failure);
    }

    /**
     * A failure of Helidon's media support to read the request entity the application asked for: 415
     * for a content type no reader takes ({@code UnsupportedTypeException}, a multipart body read as a
     * form), 400 for an entity its reader could not decode (an {@code IllegalArgumentException} out of
     * the form reader's percent-decoding); else 0.
     */
    private static int mediaFailure(Throwable failure) {
        if (failure.getClass().getName().equals("io.helidon.http.media.UnsupportedTypeException")) {
            return 415;
        }
        if (failure instanceof IllegalArgumentException) {
            StackTraceElement[] frames = failure.getStackTrace();
            for (int i = 0; i < frames.length && i < 12; i++) {
                String cls = frames[i].getClassName();
                if (cls.startsWith("io.helidon.http.media.") || cls.startsWith("io.helidon.common.uri.")) {
                    return 400;
                }
            }
        }
        return 0;
    }

    /** The reply with the headers Helidon's exception carries ({@code Allow}) that the reply does not set. */
    private static ErrorReply withHeadersOf(ErrorReply reply, HttpException http) {
        List<Map.Entry<String, String>> extra = new ArrayList<>();
        for (Header h : http.headers()) {
            if (reply.header(h.name()) == null && !HttpReply.isEntityHeader(h.name())) {
                for (String value : h.allValues()) {
                    extra.add(Map.entry(h.name(), value));
                }
            }
        }
        if (!http.keepAlive()) {
            extra.add(Map.entry("Connection", "close"));
        }
        if (extra.isEmpty()) {
            return reply;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(reply.headers());
        headers.addAll(extra);
        return new ErrorReply(reply.status(), headers, reply.body(), reply.classification());
    }

    /** Writes a complete reply in place of whatever the application had started (nothing was sent yet). */
    private static void write(ServerResponse res, RequestState st, HttpReply reply) {
        st.replying(reply);
        ServerResponseHeaders headers = res.headers();
        for (HeaderName stale : ENTITY_HEADERS) { // what described the application's own body
            headers.remove(stale);
        }
        reply.writeHeaders(headerWriter(headers));
        res.status(reply.status());
        res.send(reply.body());
    }

    /** Helidon's response headers, as the core's replies write them. */
    static HttpReply.HeaderWriter headerWriter(ServerResponseHeaders headers) {
        return new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                headers.set(HeaderNames.create(name), value);
            }

            @Override
            public void add(String name, String value) {
                headers.add(HeaderNames.create(name), value);
            }
        };
    }

    /** Builds a {@link FaultlineFeature}. Not thread-safe; the feature it builds is. */
    public static final class Builder {
        private final Faultline faultline;
        private boolean monitoringEndpoints = true;

        private Builder(Faultline faultline) {
            this.faultline = Objects.requireNonNull(faultline, "faultline");
        }

        /**
         * Whether the feature's filter answers the monitoring endpoints' paths ({@code /metrics/...},
         * {@code /health...}) itself, before the routing; default {@code true}.
         *
         * @param serve whether the feature serves the monitoring endpoints
         * @return this builder
         */
        public Builder monitoringEndpoints(boolean serve) {
            this.monitoringEndpoints = serve;
            return this;
        }

        /**
         * The feature.
         *
         * @return the feature, to add to the server's routing
         */
        public FaultlineFeature build() {
            return new FaultlineFeature(this);
        }
    }
}
