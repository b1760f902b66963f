package dev.faultline.jaxrs;

import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Runs last on every response, also on the thread that resumes an asynchronous one: records the route
 * template, turns a mapped {@link Failure} into the problem (or the recovered reply), turns a bare error
 * status into a problem, sets the request id header, and closes the exchange when no body follows
 * (otherwise the writer interceptor closes it once the body is written).
 */
final class ResponseFilter implements ContainerResponseFilter {

    private final Settings settings;

    ResponseFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        RequestState state = RequestState.of(request.getProperty(FaultlineFeature.STATE_PROPERTY));
        if (state == null) {
            // a filter before ours aborted the request: the exchange still opens, and closes below
            state = RequestState.open(settings, request);
        }
        if (state.isClosed()) {
            return;
        }
        boolean closed = false;
        Exchange.Scope scope = Bindings.visit(state);
        try {
            Exchange x = state.exchange;
            state.request.routeTemplate(Templates.of(request.getUriInfo()));
            state.response(response);
            int status = response.getStatus();
            if (response.getEntity() instanceof Failure f) {
                Throwable error = f.status() > 0 ? f.error() : state.bodyFailure.asClientFault(f.error(), settings.faultline().classifier());
                ErrorReply reply = f.status() > 0 ? x.fail(error, f.status()) : x.fail(error);
                Replies.apply(response, reply);
            } else if (HttpReply.isProblemStatus(status)) {
                if (response.hasEntity()) {
                    x.failStatus(status); // the application's own error body stays; the error is counted
                } else {
                    Replies.apply(response, x.failStatus(status));
                }
            }
            response.getHeaders().putSingle(settings.faultline().requestIdHeader(), x.requestId());
            if (!response.hasEntity() || "HEAD".equals(request.getMethod())) {
                state.close(0);
                closed = true;
            }
        } finally {
            scope.close();
        }
        if (closed) {
            Bindings.leave(state);
        }
    }
}
