package dev.faultline.jaxrs;

import dev.faultline.logging.BodyCapture;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The response body on its way to the container: counts the bytes, copies the first ones into the
 * capture (when there is one) and notes whether anything was flushed, that is whether the response may
 * be committed. The capture learns the content type at the first byte, when the interceptors inside
 * this one (a compressing one sets {@code Content-Encoding}) have set the headers. Not thread-safe,
 * like any output stream.
 */
final class ResponseTee extends FilterOutputStream {

    private final @Nullable BodyCapture capture;
    private final MultivaluedMap<String, Object> headers;
    private final @Nullable MediaType mediaType;
    private long count;
    private boolean flushed;
    private boolean described;

    ResponseTee(OutputStream out, @Nullable BodyCapture capture, MultivaluedMap<String, Object> headers,
            @Nullable MediaType mediaType) {
        super(out);
        this.capture = capture;
        this.headers = headers;
        this.mediaType = mediaType;
    }

    private void describe() {
        if (!described && capture != null) {
            described = true;
            Object type = headers.getFirst("Content-Type");
            String contentType = type != null ? type.toString() : mediaType != null ? mediaType.toString() : null;
            Object encoding = headers.getFirst("Content-Encoding");
            capture.describe(contentType, encoding != null ? encoding.toString() : null, -1);
        }
    }

    @Override
    public void write(int b) throws IOException {
        describe();
        out.write(b);
        count++;
        if (capture != null) {
            capture.write(new byte[] {(byte) b}, 0, 1);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        describe();
        out.write(b, off, len);
        count += len;
        if (capture != null) {
            capture.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        flushed = true;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Body bytes handed to the container. */
    long count() {
        return count;
    }

    /** Whether the response may have reached the client: something was flushed. */
    boolean flushed() {
        return flushed;
    }
}
