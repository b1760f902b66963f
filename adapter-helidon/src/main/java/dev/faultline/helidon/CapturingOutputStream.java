package dev.faultline.helidon;

import dev.faultline.logging.BodyCapture;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Installed with {@code res.streamFilter(...)} when the response body is captured: counts the body
 * bytes and copies the first ones into the {@link BodyCapture}, learning the content type at the first
 * write, when the headers are final.
 *
 * <p>It sits above Helidon's content encoders, so it sees the body before any compression Helidon
 * applies. {@link #close()} does not flush first (as {@link java.io.FilterOutputStream} would): a
 * flush before close makes Helidon give up its single-buffer optimisation and send the body chunked,
 * in two writes, which with Nagle's algorithm on costs a delayed ACK (about 40 ms) per response.
 */
final class CapturingOutputStream extends OutputStream {

    private final OutputStream out;
    private final @Nullable BodyCapture capture;
    private final RequestState state;
    private final ServerResponse response;
    private boolean described;

    /**
     * @param capture where to copy the body, or {@code null} to count it only (the reply that replaced
     *     a discarded body, see {@link RequestState#replaceCapturedBody})
     */
    CapturingOutputStream(OutputStream out, @Nullable BodyCapture capture, RequestState state, ServerResponse response) {
        this.out = out;
        this.capture = capture;
        this.state = state;
        this.response = response;
        state.bodyCounted();
    }

    private void describe() {
        if (!described && capture != null) {
            described = true;
            // the encoding the application declared itself (its bytes arrive here already encoded);
            // one Helidon adds is applied below this stream and does not concern what we see
            capture.describe(response.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                    state.applicationEncoding(), response.headers().contentLength().orElse(-1));
        }
    }

    @Override
    public void write(int b) throws IOException {
        describe();
        out.write(b);
        state.counted(1);
        if (capture != null) {
            capture.write(new byte[] {(byte) b}, 0, 1);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        describe();
        out.write(b, off, len);
        state.counted(len);
        if (capture != null) {
            capture.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
