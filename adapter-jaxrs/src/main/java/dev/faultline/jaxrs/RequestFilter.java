package dev.faultline.jaxrs;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jspecify.annotations.Nullable;

import dev.faultline.http.CapturingInputStream;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.monitoring.MonitoringEndpoints;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.Optional;

/**
 * Opens the exchange before the runtime matches a resource, so that it sees every request, unmatched
 * ones (404, 405) included; answers rejections and the monitoring endpoints itself; tees the request
 * body into the capture; binds the exchange to the request thread.
 */
@PreMatching
final class RequestFilter implements ContainerRequestFilter {

    /** The request property a server-level piece sets when the server hid ambiguous framing from Jakarta REST. */
    static final String AMBIGUOUS_FRAMING = "dev.faultline.jaxrs.ambiguous-framing";

    private final Settings settings;

    RequestFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (RequestState.of(request.getProperty(FaultlineFeature.STATE_PROPERTY)) != null) {
            return; // already opened (a runtime that filters a request twice)
        }
        RequestState state = RequestState.open(settings, request);
        Bindings.enter(state);
        Exchange x = state.exchange;
        Optional<ErrorReply> rejection = x.rejection();
        if (rejection.isPresent()) {
            request.abortWith(Replies.response(rejection.get()));
            return;
        }
        String smuggling = smugglingShape(request);
        if (smuggling != null) {
            // framing the server accepted but that two parsers could read two ways: refused, and the
            // connection closed, so that whatever follows the body is never read as another request
            ErrorReply refused = x.reject(new FaultlineException(ErrorType.VALIDATION, null,
                    "ambiguous request framing: " + smuggling, null));
            request.abortWith(Response.fromResponse(Replies.response(refused)).header("Connection", "close").build());
            return;
        }
        MonitoringEndpoints monitoring = settings.faultline().monitoring();
        if (settings.monitoringEndpoints() && monitoring.owns(state.request.path())) {
            request.abortWith(Replies.response(monitoring.handle(x, state.request)));
            return;
        }
        java.io.InputStream entity = request.getEntityStream();
        if (entity != null && declaresBody(request)) {
            request.setEntityStream(new CapturingInputStream(entity, x.requestCapture().orElse(null), state.bodyFailure));
        }
    }

    /** Whether the request announces a body; a GET without one keeps the runtime's own (empty) stream. */
    private static boolean declaresBody(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }

    /**
     * What makes the request's framing ambiguous, or {@code null}: a {@code Transfer-Encoding} together
     * with a {@code Content-Length} (the classic request-smuggling shape), a transfer coding list that
     * does not end with {@code chunked} (the body's length is then unknown), or a header name with
     * whitespace in it ({@code Transfer-Encoding : chunked}). Servers that refuse these themselves never
     * let them reach this filter; Grizzly accepts them.
     */
    static @Nullable String smugglingShape(ContainerRequestContext request) {
        if (request.getProperty(AMBIGUOUS_FRAMING) instanceof String marked) {
            return marked; // what a server-level piece saw before the runtime hid it (FaultlineErrorPages on Grizzly)
        }
        MultivaluedMap<String, String> headers = request.getHeaders();
        for (String name : headers.keySet()) {
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                return "whitespace or control characters in a header name";
            }
        }
        List<String> codings = headers.get("Transfer-Encoding");
        if (codings == null || codings.isEmpty()) {
            return null;
        }
        if (headers.containsKey("Content-Length")) {
            return "both Transfer-Encoding and Content-Length";
        }
        String last = codings.get(codings.size() - 1);
        int comma = last.lastIndexOf(',');
        String coding = (comma >= 0 ? last.substring(comma + 1) : last).trim();
        if (!coding.equalsIgnoreCase("chunked")) {
            return "a transfer coding that does not end with chunked";
        }
        return null;
    }
}
