package dev.faultline.jaxrs;

import dev.faultline.http.BodyFailure;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jspecify.annotations.Nullable;

/**
 * What Faultline keeps of one request, in a request property under {@link FaultlineFeature#STATE_PROPERTY}:
 * the core's exchange, the request view and, once the response filter ran, the response. Safe to hand
 * between threads (async resources); used by one thread at a time.
 */
final class RequestState {

    final Exchange exchange;
    final JaxrsRequestView request;
    private volatile @Nullable ContainerResponseContext response;
    /** What the request entity stream threw: the client's bytes or connection. */
    final BodyFailure bodyFailure = new BodyFailure();

    private RequestState(Exchange exchange, JaxrsRequestView request) {
        this.exchange = exchange;
        this.request = request;
    }

    /** Opens the exchange of a request and keeps it in the request's properties. */
    static RequestState open(Settings settings, ContainerRequestContext context) {
        JaxrsRequestView view = new JaxrsRequestView(context, settings.clientAddress(context));
        RequestState state = new RequestState(settings.faultline().open(view), view);
        context.setProperty(FaultlineFeature.STATE_PROPERTY, state);
        return state;
    }

    /** The state of a request that went through the request filter, or {@code null}. */
    static @Nullable RequestState of(@Nullable Object property) {
        return property instanceof RequestState s ? s : null;
    }


    void response(ContainerResponseContext response) {
        this.response = response;
    }

    @Nullable ContainerResponseContext response() {
        return response;
    }

    /**
     * Closes the exchange (only the first call counts) with the response as the response filter left
     * it and the body bytes the writer interceptor counted.
     */
    void close(long bytesWritten) {
        ContainerResponseContext r = response;
        ResponseView view = r != null ? new JaxrsResponseView(r, bytesWritten) : ResponseView.of(500, bytesWritten);
        exchange.close(view);
    }

    boolean isClosed() {
        return exchange.isClosed();
    }
}
