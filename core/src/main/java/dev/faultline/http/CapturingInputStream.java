package dev.faultline.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The request body as the application reads it: copies the bytes into the exchange's
 * {@link BodyCapture} (when there is one) and reports an exception out of the server's stream to
 * {@code failures} before it propagates, so that the adapter knows the failure as the client's (it went
 * away, or framed its body badly) whatever the application or the framework wraps it in. Every byte
 * reaches the application; nothing is read ahead.
 *
 * <p>While capturing, skipped bytes are read through so that they are captured like read ones, and mark
 * and reset are not supported (a reset would capture bytes twice). Not thread-safe, like any input
 * stream.
 */
public final class CapturingInputStream extends InputStream {

    private final InputStream in;
    private final @Nullable BodyCapture capture;
    private final Consumer<? super Exception> failures;

    /**
     * @param in the server's stream
     * @param capture where to copy the body, or {@code null} to watch it only
     * @param failures told of every exception the server's stream throws, before it propagates
     */
    public CapturingInputStream(InputStream in, @Nullable BodyCapture capture, Consumer<? super Exception> failures) {
        this.in = Objects.requireNonNull(in, "in");
        this.capture = capture;
        this.failures = Objects.requireNonNull(failures, "failures");
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
            capture.write(b);
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
    public long skip(long n) throws IOException {
        if (capture == null) {
            try {
                return in.skip(n);
            } catch (IOException | RuntimeException e) {
                failures.accept(e);
                throw e;
            }
        }
        // read what is skipped, so that skipped text is captured like read text
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long left = n;
        while (left > 0) {
            int r = read(scratch, 0, (int) Math.min(left, scratch.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - Math.max(left, 0);
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
    public void close() throws IOException {
        in.close();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

}
