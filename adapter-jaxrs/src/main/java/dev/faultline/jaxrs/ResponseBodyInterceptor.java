package dev.faultline.jaxrs;

import dev.faultline.http.BodyTee;
import dev.faultline.http.CapturingOutputStream;
import dev.faultline.http.Exchange;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
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
        RequestState state = RequestState.of(context.getProperty(FaultlineFeature.STATE_PROPERTY));
        if (state == null || state.isClosed()) {
            context.proceed();
            return;
        }
        OutputStream runtimeStream = context.getOutputStream();
        // the capture learns the content type at the first byte, when the interceptors inside this one
        // (a compressing one sets Content-Encoding) have set the headers
        MultivaluedMap<String, Object> headers = context.getHeaders();
        MediaType mediaType = context.getMediaType();
        CapturingOutputStream out = new CapturingOutputStream(runtimeStream, new BodyTee(
                state.exchange.responseCapture().orElse(null), capture -> {
                    Object type = headers.getFirst("Content-Type");
                    Object encoding = headers.getFirst("Content-Encoding");
                    capture.describe(type != null ? type.toString() : mediaType != null ? mediaType.toString() : null,
                            encoding != null ? encoding.toString() : null, -1);
                }));
        context.setOutputStream(out);
        boolean closed = false;
        Exchange.Scope scope = Bindings.visit(state);
        try {
            context.proceed();
            state.close(out.tee().count());
            closed = true;
        } catch (IOException | RuntimeException | Error failure) {
            if (Commits.committed(runtimeStream, state.response(), out)) {
                state.exchange.record(failure); // committed: the status sent stands, no recovery
                state.close(out.tee().count());
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
