package dev.faultline.servlet;

import dev.faultline.http.BodyCapture;
import dev.faultline.http.CapturingInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The container's request body stream as a {@link ServletInputStream}, read through the core's
 * {@link CapturingInputStream}: the first bytes are copied into the capture when there is one, and an
 * exception out of the container's stream (the client went away, or sent a malformed chunked body) is
 * reported before it propagates. Every byte still reaches the application and nothing is read ahead.
 * Works for blocking and non-blocking ({@link ReadListener}) reads alike: every read goes through
 * {@link #read(byte[], int, int)} or {@link #read()} ({@code readLine} reads byte by byte through them).
 */
final class CapturingServletInputStream extends ServletInputStream {

    private final ServletInputStream container;
    private final CapturingInputStream in;

    CapturingServletInputStream(ServletInputStream container, @Nullable BodyCapture capture,
            Consumer<Exception> failures) {
        this.container = container;
        this.in = new CapturingInputStream(container, capture, failures);
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in.skip(n);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean isFinished() {
        return container.isFinished();
    }

    @Override
    public boolean isReady() {
        return container.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        container.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
