package dev.faultline.servlet;

import dev.faultline.logging.BodyCapture;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The request body as the application reads it, with the first bytes copied into a
 * {@link BodyCapture}; every byte still reaches the application and nothing is read ahead. Works
 * for blocking and non-blocking ({@link ReadListener}) reads alike: every read goes through
 * {@link #read(byte[], int, int)} or {@link #read()}.
 *
 * <p>Without a capture it only watches: an exception out of the container's stream (the client
 * went away, or sent a malformed chunked body) is reported to {@code failures} before it propagates, so
 * that the failure is known as the client's, whatever the application wraps it in.
 */
final class TeeInputStream extends ServletInputStream {

    private final ServletInputStream in;
    private final @Nullable BodyCapture capture;
    private final Consumer<Exception> failures;
    private final byte[] one = new byte[1];

    TeeInputStream(ServletInputStream in, @Nullable BodyCapture capture, Consumer<Exception> failures) {
        this.in = in;
        this.capture = capture;
        this.failures = failures;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
        if (b >= 0 && capture != null) {
            one[0] = (byte) b;
            capture.write(one, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
        if (n > 0 && capture != null) {
            capture.write(b, off, n);
        }
        return n;
    }

    @Override
    public int readLine(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.readLine(b, off, len);
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
        if (n > 0 && capture != null) {
            capture.write(b, off, n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
