package dev.faultline.jaxrs;

import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.MonitoringEndpoints;
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

    private final Settings settings;

    RequestFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (ExchangeState.of(request.getProperty(FaultlineFeature.EXCHANGE_PROPERTY)) != null) {
            return; // already opened (a runtime that filters a request twice)
        }
        ExchangeState state = ExchangeState.open(settings, request);
        Bindings.enter(state);
        Exchange x = state.exchange;
        Optional<ErrorReply> rejection = x.rejection();
        if (rejection.isPresent()) {
            request.abortWith(Replies.response(rejection.get()));
            return;
        }
        MonitoringEndpoints monitoring = settings.faultline().monitoring();
        if (monitoring.owns(state.request.path())) {
            request.abortWith(Replies.response(monitoring.handle(x, state.request)));
            return;
        }
        java.io.InputStream entity = request.getEntityStream();
        if (entity != null && declaresBody(request)) {
            java.io.InputStream watched = new WatchedInputStream(entity, state::bodyFailed);
            request.setEntityStream(x.requestCapture().map(capture -> capture.tee(watched)).orElse(watched));
        }
    }

    /** Whether the request announces a body; a GET without one keeps the runtime's own (empty) stream. */
    private static boolean declaresBody(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }
}
