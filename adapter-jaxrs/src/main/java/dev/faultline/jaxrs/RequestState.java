package dev.faultline.jaxrs;

import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jspecify.annotations.Nullable;

/**
 * What Faultline keeps of one request, in a request property under {@link FaultlineFeature#EXCHANGE_PROPERTY}:
 * the core's exchange, the request view and, once the response filter ran, the response. Safe to hand
 * between threads (async resources); used by one thread at a time.
 */
final class ExchangeState {

    final Exchange exchange;
    final JaxrsRequestView request;
    private volatile @Nullable ContainerResponseContext response;
    /** The last failure out of the request entity stream: the client's bytes or connection. */
    private volatile @Nullable Exception bodyFailure;

    private ExchangeState(Exchange exchange, JaxrsRequestView request) {
        this.exchange = exchange;
        this.request = request;
    }

    /** Opens the exchange of a request and keeps it in the request's properties. */
    static ExchangeState open(Settings settings, ContainerRequestContext context) {
        JaxrsRequestView view = new JaxrsRequestView(context, settings.clientAddress(context));
        ExchangeState state = new ExchangeState(settings.faultline().open(view), view);
        context.setProperty(FaultlineFeature.EXCHANGE_PROPERTY, state);
        return state;
    }

    /** The state of a request that went through the request filter, or {@code null}. */
    static @Nullable ExchangeState of(@Nullable Object property) {
        return property instanceof ExchangeState s ? s : null;
    }

    /** Called by the watched entity stream when the runtime's threw. */
    void bodyFailed(Exception failure) {
        bodyFailure = failure;
    }

    /**
     * A failure that came out of the request entity stream is the client's: it went away (the core
     * knows each server's exception for it) or sent a malformed body, which some servers report with an
     * exception the core has no reason to know (an {@code IOException} of the server's parser). The
     * latter is answered 400 instead of 500.
     */
    Throwable asClientFault(Throwable failure, dev.faultline.error.ErrorClassifier classifier) {
        Exception body = bodyFailure;
        if (body == null || !causedBy(failure, body)) {
            return failure;
        }
        dev.faultline.error.Classification c = classifier.classify(failure);
        if (c.status() < 500) {
            return failure;
        }
        return new dev.faultline.error.FaultlineException(dev.faultline.error.ErrorType.VALIDATION,
                "The request body could not be read.", "malformed request body: " + body, failure);
    }

    private static boolean causedBy(Throwable failure, Throwable cause) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t == cause) {
                return true;
            }
        }
        return false;
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
