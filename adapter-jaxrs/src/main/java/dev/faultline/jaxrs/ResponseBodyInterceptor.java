package dev.faultline.jaxrs;

import dev.faultline.http.Exchange;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Wraps the writing of every response body: counts and captures the bytes, and closes the exchange
 * once the body is written. When writing fails and the response is not committed yet, the runtime
 * maps the failure (to a problem, or a recovered reply) and writes that through here again, and the
 * exchange closes then; when it is committed, no other response can follow: the failure is recorded
 * and the exchange closes with the status already sent (see {@link Commits}).
 */
final class ResponseBodyInterceptor implements WriterInterceptor {

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException, WebApplicationException {
        ExchangeState state = ExchangeState.of(context.getProperty(FaultlineFeature.EXCHANGE_PROPERTY));
        if (state == null || state.isClosed()) {
            context.proceed();
            return;
        }
        OutputStream runtimeStream = context.getOutputStream();
        ResponseTee out = new ResponseTee(runtimeStream, state.exchange.responseCapture().orElse(null),
                context.getHeaders(), context.getMediaType());
        context.setOutputStream(out);
        boolean closed = false;
        Exchange.Scope scope = Bindings.visit(state);
        try {
            context.proceed();
            state.close(out.count());
            closed = true;
        } catch (IOException | RuntimeException | Error failure) {
            if (Commits.committed(runtimeStream, state.response(), out)) {
                state.exchange.record(failure); // committed: the status sent stands, no recovery
                state.close(out.count());
                closed = true;
            }
            throw failure;
        } finally {
            scope.close();
            if (closed) {
                Bindings.leave(state);
            }
        }
    }
}
