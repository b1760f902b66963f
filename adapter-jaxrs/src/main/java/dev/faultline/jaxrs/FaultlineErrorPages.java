package dev.faultline.jaxrs;

import dev.faultline.Faultline;
import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.http.ServerRefusal;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly's error pages as problems, for Jersey on Grizzly. Grizzly answers some requests itself,
 * before Jersey (and so Faultline's filters) sees them: above all a request whose target Jersey cannot
 * turn into a {@code java.net.URI} ({@code GET /videos/%zz}, a raw NUL): Grizzly's default page is an
 * HTML 500 with the {@code URISyntaxException} and its stack trace. With this generator installed on
 * the server's listeners, the same request gets a 400 {@code application/problem+json} body with a
 * request id, and is recorded as a client fault under the endpoint {@code _rejected}.
 *
 * <pre>{@code
 * SeBootstrap.Instance instance = SeBootstrap.start(application, configuration).toCompletableFuture().join();
 * FaultlineErrorPages.install(instance.unwrap(HttpServer.class), faultline);
 * }</pre>
 *
 * <p>Statuses: a failure to parse the request (a {@code URISyntaxException}, an
 * {@code IllegalArgumentException} out of the container) and any 4xx are answered 400 (or the 4xx);
 * another failure is classified as usual and answered with its problem, without internals. Grizzly
 * refuses some requests without an error page at all (a malformed request line or header, a bad chunk):
 * those get Grizzly's bare status without a body, which leaks nothing.
 *
 * <p>Upgrades: on a listener where no filter can switch protocols (no HTTP/2 or WebSocket add-on), a
 * request with an {@code Upgrade} header (the JDK HttpClient's {@code h2c} offer over http) is answered
 * as plain HTTP/1.1, as the request without the header would be: Grizzly alone would drop the
 * response's {@code Content-Type}, never end a request body, and close the connection unannounced.
 *
 * <p>Grizzly only: load this class only where {@code grizzly-http-server} is on the class path.
 * Thread-safe.
 */
public final class FaultlineErrorPages implements ErrorPageGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineFeature.class);

    private final Faultline faultline;

    private FaultlineErrorPages(Faultline faultline) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
    }

    /**
     * A generator answering Grizzly's error pages with {@code faultline}'s problems.
     *
     * @param faultline the pipeline that records and renders the problems
     * @return the generator
     */
    public static FaultlineErrorPages create(Faultline faultline) {
        return new FaultlineErrorPages(faultline);
    }

    /**
     * Installs a generator for {@code faultline} on every listener of {@code server}; returns it.
     *
     * @param server the running Grizzly server (unwrapped from the Jakarta REST instance)
     * @param faultline the pipeline that records and renders the problems
     * @return the installed generator
     */
    public static FaultlineErrorPages install(HttpServer server, Faultline faultline) {
        FaultlineErrorPages pages = create(faultline);
        for (NetworkListener listener : Objects.requireNonNull(server, "server").getListeners()) {
            listener.setDefaultErrorPageGenerator(pages); // taken by the listener's filter when it starts
            FilterChain chain = listener.getFilterChain();
            if (chain != null) { // started already (SeBootstrap starts the server): its filter has its own copy
                int at = chain.indexOfType(HttpServerFilter.class);
                if (at >= 0 && chain.get(at) instanceof HttpServerFilter http) {
                    http.getConfiguration().setDefaultErrorPageGenerator(pages);
                }
                int codec = chain.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
                if (codec >= 0 && chain.get(codec) instanceof org.glassfish.grizzly.http.HttpServerFilter parser) {
                    parser.getMonitoringConfig().addProbes(pages.new ParserRefusals(parser,
                            !mayAnswerUpgrades(chain, codec, at), listener.getKeepAlive() != null));
                }
            }
        }
        return pages;
    }

    /**
     * Whether a filter between Grizzly's HTTP codec (at {@code codec}) and its HTTP server filter (at
     * {@code server}) may answer an {@code Upgrade} request with a 101: an add-on's filter (HTTP/2,
     * WebSockets, the application's own). What Grizzly's {@code HttpServer} puts there itself (its idle
     * timeout and file cache) never does, and Jersey never answers a 101.
     */
    private static boolean mayAnswerUpgrades(FilterChain chain, int codec, int server) {
        int end = server > codec ? server : chain.size();
        for (int i = codec + 1; i < end; i++) {
            org.glassfish.grizzly.filterchain.Filter filter = chain.get(i);
            if (!(filter instanceof org.glassfish.grizzly.utils.IdleTimeoutFilter)
                    && !(filter instanceof org.glassfish.grizzly.http.server.FileCacheFilter)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public @Nullable String generate(Request request, int status, String reasonPhrase, String description,
            Throwable exception) {
        if (request.getAttribute(FaultlineFeature.STATE_PROPERTY) != null) {
            // Jersey ran the request through Faultline's filters (Jersey keeps request properties as
            // Grizzly attributes) and then failed to write it (the client went away): recorded already,
            // and nothing more is written
            return null;
        }
        Exchange x;
        try {
            x = faultline.open(view(request));
        } catch (RuntimeException failed) {
            LOG.error("could not record a request Grizzly refused", failed);
            return "";
        }
        ErrorReply reply;
        try {
            reply = x.reject(refusal(status, description, exception));
        } catch (RuntimeException failed) {
            LOG.error("could not classify a request Grizzly refused", failed);
            x.close(ResponseView.of(status, 0));
            return "";
        }
        Response response = request.getResponse();
        response.setStatus(reply.status());
        reply.writeHeaders(new HttpReply.HeaderWriter() {
            @Override
            public void set(String name, String value) {
                if (name.equalsIgnoreCase("Content-Type")) {
                    response.setContentType(value);
                } else if (!name.equalsIgnoreCase("Content-Length")) { // Grizzly's, from the page it writes
                    response.setHeader(name, value);
                }
            }

            @Override
            public void add(String name, String value) {
                response.addHeader(name, value);
            }
        });
        response.setCharacterEncoding("UTF-8");
        String body = reply.bodyText();
        x.close(ResponseView.of(reply.status(), reply.body().length));
        return body;
    }

    /**
     * Grizzly's HTTP codec answers a request line with a version it does not know (or an extra token)
     * with a bare 505 before any page or handler runs: a 5xx for the client's bytes. Its probes hear of
     * the parse error before the answer is written, so this one turns the status into 400 and records
     * the refusal as a client fault under {@code _rejected}. The answer stays Grizzly's (empty body).
     *
     * <p>It also marks, for the request filter to refuse, what Grizzly's parser lets through but hides
     * from Jakarta REST: both {@code Content-Length} and {@code Transfer-Encoding: chunked} (the
     * request-smuggling shape) and a request line without a version.
     */
    final class ParserRefusals extends org.glassfish.grizzly.http.HttpProbe.Adapter {

        /**
         * The bytes the codec is about to parse, per worker thread: Grizzly calls
         * {@link #onDataReceivedEvent} and then, in the same call of its codec's {@code handleRead} and
         * on the same thread, {@link #onHeaderParseEvent} once the header block in those bytes is whole.
         */
        private final ThreadLocal<Received> received = ThreadLocal.withInitial(Received::new);

        /** Whether no filter on the listener's chain can perform an upgrade, so that none ever happens. */
        private final boolean upgradesRefused;

        /** Whether the listener keeps connections alive (Grizzly's codec has a keep-alive configuration). */
        private final boolean keepAlive;

        /** The codec these probes listen to. */
        private final org.glassfish.grizzly.http.HttpServerFilter parser;

        ParserRefusals(org.glassfish.grizzly.http.HttpServerFilter parser, boolean upgradesRefused, boolean keepAlive) {
            this.parser = parser;
            this.upgradesRefused = upgradesRefused;
            this.keepAlive = keepAlive;
        }

        @Override
        public void onDataReceivedEvent(org.glassfish.grizzly.Connection connection, org.glassfish.grizzly.Buffer buffer) {
            // the buffer holds the whole header block so far (Grizzly keeps an unfinished one and appends to it)
            Received r = received.get(); // reused: nothing allocated per read
            r.connection = connection;
            r.buffer = buffer;
            r.start = buffer.position();
        }

        /**
         * Grizzly reads a body with both {@code Transfer-Encoding: chunked} and {@code Content-Length}
         * as chunked and removes the {@code Content-Length} from the parsed headers as it meets the
         * {@code Transfer-Encoding} (RFC 9112 6.1 lets it, but then it must close the connection after
         * answering, which it does not: a request hidden after the chunked body is answered next). The
         * raw header block, still in the buffer the codec parsed (its header names lower-cased in place),
         * shows the {@code Content-Length}: marked here for the request filter, which refuses the request
         * with a 400 problem and {@code Connection: close}.
         */
        @Override
        public void onHeaderParseEvent(org.glassfish.grizzly.Connection connection,
                org.glassfish.grizzly.http.HttpHeader header, int size) {
            Received r = received.get();
            org.glassfish.grizzly.Connection<?> readOn = r.connection;
            org.glassfish.grizzly.Buffer raw = r.buffer;
            int start = r.start;
            r.connection = null;
            r.buffer = null;
            if (!(header instanceof org.glassfish.grizzly.http.HttpRequestPacket request)) {
                return;
            }
            if (CLOSING.isSet(connection)) {
                // a request after one with ambiguous framing (what a front end may have read as part of its
                // body): the connection closes after the refusal, so this one is never run. Thrown here,
                // inside the codec's header parsing, it takes Grizzly's parse-error path, which stops
                // reading from the connection and closes it. Its bare 400 is marked as written already, so
                // that no second status line can follow the refusal's
                if (request.getResponse() != null) {
                    request.getResponse().setCommitted(true);
                }
                throw new IllegalStateException("a request after one with ambiguous framing on the same connection");
            }
            if (request.isChunked() && (request.getHeaders().contains("Content-Length")
                    || raw != null && readOn == connection && declaresContentLength(raw, start, size))) {
                request.setAttribute(RequestFilter.AMBIGUOUS_FRAMING, "both Transfer-Encoding and Content-Length");
                // refused with Connection: close by the request filter; RFC 9112 6.1: close after responding
                CLOSING.set(connection, Boolean.TRUE);
            }
            if (upgradesRefused && request.isIgnoreContentModifiers()) {
                asPlainRequest(request);
            }
            if (request.getProtocol() == org.glassfish.grizzly.http.Protocol.HTTP_0_9) {
                // a request line without a version ("GET!/kit/ok HTTP/1.1" read as method and target):
                // Grizzly would answer it HTTP/0.9-style, dropping the problem's Content-Type. Refused,
                // and answered as HTTP/1.1 so that the problem keeps its headers
                request.setAttribute(RequestFilter.AMBIGUOUS_FRAMING, "a request line without an HTTP version");
                request.setProtocol(org.glassfish.grizzly.http.Protocol.HTTP_1_1);
            }
        }

        /**
         * Grizzly's codec takes every request with an {@code Upgrade} header (an {@code h2c} upgrade from
         * the JDK's HttpClient, whose default version is HTTP/2, or a WebSocket handshake) as a protocol
         * switch about to happen: it stops framing the request body (a body with a {@code Content-Length}
         * never ends, and its request waits for the client to close), skips the method's body rules and
         * keep-alive, writes the response without its own semantics (no {@code Content-Type}: Grizzly
         * holds a response's content type apart from its headers and only writes it there; no
         * {@code Date}), and closes the connection after it without saying so. On a listener where nothing
         * can switch protocols the upgrade never happens (RFC 9110 7.8: the server may ignore it and answer
         * in HTTP/1.1), so the request is put back to what Grizzly makes of it without the header (which
         * the application still sees): called once its header block is parsed, before the body is read.
         */
        private void asPlainRequest(org.glassfish.grizzly.http.HttpRequestPacket request) {
            org.glassfish.grizzly.http.Method method = request.getMethod();
            org.glassfish.grizzly.http.Method.PayloadExpectation expectation = method.getPayloadExpectation();
            boolean payload = expectation != org.glassfish.grizzly.http.Method.PayloadExpectation.NOT_ALLOWED
                    && (request.getContentLength() > 0 || request.isChunked());
            if (payload && (TRANSFER_ENCODING == null || CONTENT_ENCODINGS == null)) {
                return; // a Grizzly without the codec's own steps to frame a body: left as Grizzly has it
            }
            request.setIgnoreContentModifiers(false);
            request.getUpgradeDC().recycle(); // or Grizzly closes the connection after the response, unannounced
            if (expectation == org.glassfish.grizzly.http.Method.PayloadExpectation.NOT_ALLOWED) {
                request.setExpectContent(method == org.glassfish.grizzly.http.Method.CONNECT
                        || method == org.glassfish.grizzly.http.Method.PRI);
            } else {
                if (payload && expectation == org.glassfish.grizzly.http.Method.PayloadExpectation.UNDEFINED
                        && !parser.isAllowPayloadForUndefinedHttpMethods()) {
                    // Grizzly's answer to a body on GET, HEAD or DELETE: its bare 400, the connection closed
                    request.getProcessingState().setError(true);
                    request.getResponse().setStatus(400);
                    throw new IllegalStateException("a body on " + method + ", which this server does not allow");
                }
                request.setExpectContent(payload);
                if (payload) { // the codec's own steps, which it skipped for the upgrade: the body's framing
                    try {
                        TRANSFER_ENCODING.invoke(parser, request);
                        CONTENT_ENCODINGS.invoke(parser, request);
                    } catch (ReflectiveOperationException | RuntimeException failed) {
                        throw new IllegalStateException("could not frame the body of a request with an Upgrade header", failed);
                    }
                }
            }
            String connection = request.getHeader("Connection");
            boolean close = method == org.glassfish.grizzly.http.Method.CONNECT || hasToken(connection, "close");
            boolean http11 = request.getProtocol() == org.glassfish.grizzly.http.Protocol.HTTP_1_1;
            request.getProcessingState().setKeepAlive(keepAlive && !close && (http11 || hasToken(connection, "keep-alive")));
        }

        @Override
        public void onErrorEvent(org.glassfish.grizzly.Connection connection, org.glassfish.grizzly.http.HttpPacket packet,
                Throwable error) {
            if (!(packet instanceof org.glassfish.grizzly.http.HttpRequestPacket request)) {
                return;
            }
            org.glassfish.grizzly.http.HttpResponsePacket response = request.getResponse();
            if (response == null || response.isCommitted() || response.getStatus() < 500) {
                return;
            }
            try {
                Exchange x = faultline.open(parsed(request));
                ErrorReply reply = x.reject(new FaultlineException(ErrorType.VALIDATION, null,
                        "refused by Grizzly's parser: " + error, error));
                response.setStatus(reply.status()); // the body stays Grizzly's (empty): no request id header
                x.close(ResponseView.of(reply.status(), 0));
            } catch (RuntimeException failed) {
                LOG.debug("could not record a request Grizzly's parser refused", failed);
                response.setStatus(400);
            }
        }
    }

    /**
     * The steps of Grizzly's codec that choose a request body's transfer and content encodings (package
     * private in Grizzly 4; {@code null} where absent), which it skips for a request with an
     * {@code Upgrade} header.
     */
    private static final java.lang.reflect.@Nullable Method TRANSFER_ENCODING = parsingStep("setTransferEncodingOnParsing");
    private static final java.lang.reflect.@Nullable Method CONTENT_ENCODINGS = parsingStep("setContentEncodingsOnParsing");

    private static java.lang.reflect.@Nullable Method parsingStep(String name) {
        try {
            java.lang.reflect.Method step = org.glassfish.grizzly.http.HttpCodecFilter.class.getDeclaredMethod(name,
                    org.glassfish.grizzly.http.HttpHeader.class);
            step.setAccessible(true);
            return step;
        } catch (ReflectiveOperationException | RuntimeException absent) {
            LOG.debug("Grizzly's codec has no accessible {}: bodies of requests with an Upgrade header stay unframed", name, absent);
            return null;
        }
    }

    /** Whether a {@code Connection} header's comma-separated options hold {@code token}, in any case. */
    private static boolean hasToken(@Nullable String header, String token) {
        if (header == null) {
            return false;
        }
        for (String option : header.split(",")) {
            if (option.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Marks a connection whose request had ambiguous framing: nothing more is read from it. */
    private static final org.glassfish.grizzly.attributes.Attribute<Boolean> CLOSING = org.glassfish.grizzly.Grizzly
            .DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FaultlineErrorPages.class.getName() + ".closing");

    /** The buffer Grizzly's codec last received on a thread, its connection, and where its unread bytes began. */
    private static final class Received {
        org.glassfish.grizzly.@Nullable Connection<?> connection;
        org.glassfish.grizzly.@Nullable Buffer buffer;
        int start;
    }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Whether a header line of the raw header block (from {@code start} to {@code end}, the codec's
     * position once the block was parsed) is a {@code Content-Length}: a line that begins with
     * {@code content-length:} in any case (Grizzly takes a header's name up to its colon).
     */
    private static boolean declaresContentLength(org.glassfish.grizzly.Buffer buffer, int start, int end) {
        int limit = Math.min(end, buffer.limit());
        for (int i = start; i + 1 + CONTENT_LENGTH.length <= limit; i++) {
            if (buffer.get(i) != '\n') {
                continue;
            }
            int k = 0;
            while (k < CONTENT_LENGTH.length && Character.toLowerCase((char) (buffer.get(i + 1 + k) & 0xff)) == CONTENT_LENGTH[k]) {
                k++;
            }
            if (k == CONTENT_LENGTH.length) {
                return true;
            }
        }
        return false;
    }

    private static RequestView parsed(org.glassfish.grizzly.http.HttpRequestPacket request) {
        // a request line the parser refused has no headers parsed, but a header lookup is harmless
        return new ServerRefusal.RefusedRequest(safe(() -> request.getMethod().getMethodString()),
                safe(request::getRequestURI), safe(request::getQueryString), safe(request::getRemoteAddress),
                new ServerRefusal.RefusedRequest.Headers() {
                    @Override
                    public @Nullable String get(String name) {
                        return safe(() -> request.getHeader(name));
                    }

                    @Override
                    public void forEach(BiConsumer<String, String> action) {
                        // none parsed
                    }
                });
    }

    private static @Nullable String safe(java.util.function.Supplier<String> read) {
        try {
            return read.get();
        } catch (RuntimeException unparsed) {
            return null;
        }
    }

    /** The failure Grizzly's page is for, as Faultline records it. */
    private static Throwable refusal(int status, @Nullable String description, @Nullable Throwable exception) {
        // Grizzly's page is only reached for a request Jersey never ran through Jakarta REST (one it ran
        // carries Faultline's property and gets no page): Jersey's container could not even build it from
        // the client's bytes (a target that is no URI, a Host with a NUL in its port): the client's fault
        boolean malformed = status < 500 || causedBy(exception, URISyntaxException.class)
                || causedBy(exception, IllegalArgumentException.class) || exception != null;
        if (!malformed) {
            return new IllegalStateException("Grizzly error " + status + ": " + description);
        }
        return ServerRefusal.failure(ServerRefusal.clientStatus(status), description, exception);
    }

    private static boolean causedBy(@Nullable Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static RequestView view(Request request) {
        return new ServerRefusal.RefusedRequest(request.getMethod() == null ? null : request.getMethod().getMethodString(),
                request.getRequestURI(), request.getQueryString(), request.getRemoteAddr(),
                new ServerRefusal.RefusedRequest.Headers() {
                    @Override
                    public @Nullable String get(String name) {
                        return request.getHeader(name);
                    }

                    @Override
                    public void forEach(BiConsumer<String, String> action) {
                        for (String name : request.getHeaderNames()) {
                            for (String value : request.getHeaders(name)) {
                                action.accept(name, value);
                            }
                        }
                    }
                });
    }
}
