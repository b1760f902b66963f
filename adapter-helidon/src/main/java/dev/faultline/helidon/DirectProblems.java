package dev.faultline.helidon;

import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.RequestView;
import dev.faultline.http.ResponseView;
import dev.faultline.http.ServerRefusal;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helidon's direct handler answering with problems: the requests Helidon refuses before routing (a
 * malformed request line or header, an unsupported version, a body over {@code maxPayloadSize}, an
 * unsupported content encoding) get an {@code application/problem+json} body with a request id instead
 * of Helidon's bare status, and are recorded as client faults under the endpoint {@code _rejected}.
 *
 * <p>A request that Faultline's filter already opened (a {@code RequestException} thrown while the
 * application ran) is answered with the problem the filter recorded for it, under the same request id:
 * one exchange, one completion. A status Helidon chose for the client's bytes that is not a 4xx (505
 * for a version Helidon does not speak, 500 for a request line its parser could not take) is answered
 * 400. Thread-safe.
 */
final class DirectProblems implements DirectHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FaultlineFeature.class);

    /** The reply the filter recorded for a {@code RequestException} on this (virtual) thread, for the direct handler. */
    static final ThreadLocal<ErrorReply> PENDING = new ThreadLocal<>();

    /** The request the filter is running on this (virtual) thread. */
    static final ThreadLocal<RequestState> ACTIVE = new ThreadLocal<>();

    /** The last request the filter finished on this (virtual) thread, until the next one starts. */
    static final ThreadLocal<RequestState> FINISHED = new ThreadLocal<>();

    private static boolean sameRequest(RequestState finished, TransportRequest request) {
        try {
            String id = request.headers() == null ? null
                    : request.headers().first(HeaderNames.create("X-Request-Id")).orElse(null);
            String path = request.path() == null ? "" : request.path();
            return finished.request.method().equals(request.method())
                    && path.startsWith(finished.request.path())
                    && (id == null || id.equals(finished.exchange.requestId()));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Set when the error handler closes the connection of a request it recorded: nothing more to record. */
    static final ThreadLocal<Boolean> CLOSING = new ThreadLocal<>();

    private final Faultline faultline;

    DirectProblems(Faultline faultline) {
        this.faultline = faultline;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, Throwable thrown) {
        return answer(request, eventType, defaultStatus, responseHeaders, thrown.getMessage(), thrown);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, String message) {
        return answer(request, eventType, defaultStatus, responseHeaders, message, null);
    }

    private TransportResponse answer(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, @Nullable String message, @Nullable Throwable thrown) {
        if (CLOSING.get() != null) {
            CLOSING.remove();
            FINISHED.remove();
            // the request was recorded and answered (or its client is gone): no second exchange, and never
            // a 5xx status line should Helidon still write one on the closing connection
            return TransportResponse.builder().status(Status.BAD_REQUEST_400).headers(ServerResponseHeaders.create())
                    .keepAlive(false).build();
        }
        ErrorReply pending = PENDING.get();
        if (pending != null) {
            PENDING.remove();
            FINISHED.remove();
            return response(pending, responseHeaders, eventType.keepAlive());
        }
        RequestState active = ACTIVE.get();
        if (active != null) {
            // Helidon answers the request Faultline's filter is running itself (a header or trailer it
            // found malformed while the entity was read or the response sent): the same exchange, recorded once
            int status = clientStatus(defaultStatus.code(), null, true);
            ErrorReply reply;
            try {
                reply = thrown != null ? active.exchange.fail(thrown, status) : active.exchange.failStatus(status);
            } catch (RuntimeException failed) {
                LOG.debug("could not record Helidon's own answer", failed);
                return TransportResponse.builder().status(Status.create(status)).headers(responseHeaders).keepAlive(false).build();
            }
            active.directStatus(reply.status());
            return response(reply, responseHeaders, false);
        }
        RequestState finished = FINISHED.get();
        if (finished != null) {
            FINISHED.remove();
            boolean unparsed = request.method() == null || request.method().isEmpty();
            if (sameRequest(finished, request) || unparsed && finished.finishedStatus() >= 400) {
                // Helidon failed the end of a request Faultline has recorded and answered already (bad
                // trailers, found while it consumed the rest of the entity after the response; it passes
                // an empty request then): one request, one exchange; Helidon closes the connection
                return TransportResponse.builder().status(Status.BAD_REQUEST_400).headers(ServerResponseHeaders.create())
                        .keepAlive(false).build();
            }
        }
        int status = clientStatus(defaultStatus.code(), request, false);
        Exchange x;
        try {
            x = faultline.open(view(request));
        } catch (RuntimeException failed) {
            LOG.error("could not record a request Helidon refused", failed);
            return TransportResponse.builder().status(Status.create(status)).headers(responseHeaders)
                    .keepAlive(false).build();
        }
        ErrorReply reply;
        if (status >= 500) {
            reply = x.reject(thrown != null ? thrown : new IllegalStateException("Helidon: " + message));
        } else {
            reply = x.reject(ServerRefusal.failure(status, message, thrown));
        }
        TransportResponse response = response(reply, responseHeaders, status < 400 && eventType.keepAlive());
        x.close(ResponseView.of(reply.status(), reply.body().length));
        return response;
    }

    /**
     * The status for the client: Helidon's 4xx as it is; 505 and a 500 for a request Helidon could not
     * even parse (no method) are the client's fault: 400. A 500 for a parsed request stays a 500.
     */
    static int clientStatus(int status, @Nullable TransportRequest request, boolean routed) {
        if (status >= 400 && status < 500) {
            return status; // as ServerRefusal.clientStatus
        }
        if (routed) { // the request was parsed and routed: a 500 is the application's or the server's
            return status == 505 ? 400 : status;
        }
        boolean unparsed = request == null || request.method() == null || request.method().isEmpty()
                || request.path() == null || request.path().isEmpty();
        return status == 505 || unparsed ? 400 : status;
    }

    static TransportResponse response(ErrorReply reply, ServerResponseHeaders headers, boolean keepAlive) {
        headers.remove(HeaderNames.CONTENT_TYPE);
        headers.remove(HeaderNames.CONTENT_LENGTH);
        reply.writeHeaders(FaultlineFeature.headerWriter(headers));
        return TransportResponse.builder()
                .status(Status.create(reply.status()))
                .headers(headers)
                .keepAlive(keepAlive)
                .entity(reply.body())
                .build();
    }

    private static RequestView view(TransportRequest request) {
        String path = request.path();
        int q = path == null ? -1 : path.indexOf('?');
        ServerRequestHeaders headers = request.headers();
        return new ServerRefusal.RefusedRequest(request.method(), q >= 0 ? path.substring(0, q) : path,
                q >= 0 ? path.substring(q + 1) : null, null, headers == null ? ServerRefusal.RefusedRequest.Headers.NONE
                        : new ServerRefusal.RefusedRequest.Headers() {
                            @Override
                            public @Nullable String get(String name) {
                                return headers.first(HeaderNames.create(name)).orElse(null);
                            }

                            @Override
                            public void forEach(BiConsumer<String, String> action) {
                                for (Header h : headers) {
                                    for (String v : h.allValues()) {
                                        action.accept(h.name(), v);
                                    }
                                }
                            }
                        });
    }
}
