package dev.faultline.servlet;

import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.ServerRefusal;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty 12's server-level error handler, answering with problems: the requests Jetty refuses before
 * any context (and so before {@link FaultlineFilter}) sees them — a malformed request line, an illegal
 * character, an oversized URI or header block, conflicting {@code Content-Length} and
 * {@code Transfer-Encoding}, a bad percent escape or UTF-8 sequence, a {@code Host} that contradicts an
 * absolute-form target — get an {@code application/problem+json} body with a request id instead of
 * Jetty's HTML page, and are recorded as client faults under the endpoint {@code _rejected}.
 *
 * <pre>{@code
 * Server server = new Server();
 * server.setErrorHandler(FaultlineErrorHandler.create(faultline));
 * }</pre>
 *
 * <p>Statuses: Jetty's 4xx is kept (400, 414, 431); a 5xx Jetty chose for the client's bytes (505 for
 * an unknown protocol version) is answered 400. A failure that is not a bad message (a handler outside
 * any context threw) is classified as usual and answered with its problem, without internals.
 *
 * <p>Requests that reached the servlet context are not this handler's: {@link FaultlineFilter} answers
 * them, and Jetty uses the context's own error handler for them. Jetty only: load this class only where
 * Jetty's {@code jetty-server} is on the class path.
 *
 * <p>Thread-safe: one instance serves the server.
 */
public final class FaultlineErrorHandler extends ErrorHandler {

    private final Faultline faultline;

    private FaultlineErrorHandler(Faultline faultline) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
    }

    /**
     * An error handler that answers the requests Jetty refuses with {@code faultline}'s problems.
     *
     * @param faultline the pipeline that records and renders the problems
     * @return the error handler
     */
    public static FaultlineErrorHandler create(Faultline faultline) {
        return new FaultlineErrorHandler(faultline);
    }

    /**
     * Installs a handler for {@code faultline} on {@code server}; returns it.
     *
     * @param server the Jetty server
     * @param faultline the pipeline that records and renders the problems
     * @return the installed handler
     */
    public static FaultlineErrorHandler install(Server server, Faultline faultline) {
        FaultlineErrorHandler handler = create(faultline);
        Objects.requireNonNull(server, "server").setErrorHandler(handler);
        return handler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getAttribute(RequestState.ATTRIBUTE) != null) {
            // a request the filter opened: it answers (or has answered) it; Jetty's plain answer otherwise
            return super.handle(request, response, callback);
        }
        int jettyStatus = request.getAttribute(ERROR_STATUS) instanceof Integer i ? i : 500;
        Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        boolean badMessage = cause instanceof org.eclipse.jetty.http.HttpException || jettyStatus < 500;
        int status = badMessage ? ServerRefusals.clientStatus(jettyStatus) : jettyStatus;
        ServerRefusals.Refusal refusal = badMessage
                ? ServerRefusals.refuse(faultline, view(request), status, message, cause)
                : failure(request, cause, message);
        if (refusal == null) {
            return super.handle(request, response, callback);
        }
        ErrorReply reply = refusal.reply();
        HttpFields.Mutable headers = response.getHeaders();
        for (String entity : new String[] {"Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding"}) {
            headers.remove(entity);
        }
        for (Map.Entry<String, String> h : reply.headers()) {
            headers.put(h.getKey(), h.getValue());
        }
        headers.put("Content-Length", Integer.toString(reply.body().length));
        response.setStatus(reply.status());
        int sent = reply.status();
        long bytes = reply.body().length;
        response.write(true, ByteBuffer.wrap(reply.body()), Callback.from(() -> {
            refusal.close(sent, bytes);
            callback.succeeded();
        }, failed -> {
            refusal.close(sent, -1);
            callback.failed(failed);
        }));
        return true;
    }

    private ServerRefusals.@Nullable Refusal failure(Request request, @Nullable Throwable cause, @Nullable String message) {
        try {
            var x = faultline.open(view(request));
            var reply = ServerRefusals.reject(x, cause != null ? cause : new IllegalStateException("server error: " + message));
            return new ServerRefusals.Refusal(x, reply);
        } catch (RuntimeException failed) {
            return null;
        }
    }

    private static ServerRefusal.RefusedRequest view(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri == null ? null : uri.getPath();
        String query = uri == null ? null : uri.getQuery();
        HttpFields fields = request.getHeaders();
        return new ServerRefusal.RefusedRequest(request.getMethod(), path, query, Request.getRemoteAddr(request),
                new ServerRefusal.RefusedRequest.Headers() {
                    @Override
                    public @Nullable String get(String name) {
                        return fields == null ? null : fields.get(name);
                    }

                    @Override
                    public void forEach(java.util.function.BiConsumer<String, String> action) {
                        if (fields != null) {
                            for (HttpField f : fields) {
                                action.accept(f.getName(), f.getValue());
                            }
                        }
                    }
                });
    }
}
