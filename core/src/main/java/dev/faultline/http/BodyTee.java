package dev.faultline.http;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The tee of one body on its way through an adapter: counts every byte that passes and copies the
 * first ones into the exchange's {@link BodyCapture}, which it describes (content type, encoding,
 * declared length) at the first byte, when the server's headers are final. Adapters feed it from
 * whatever the server hands the application: a {@link CapturingOutputStream}, a servlet writer, a
 * server-specific stream.
 *
 * <p>Memory: a few fields; the capture keeps at most its cap. Not thread-safe: one writer at a time,
 * as a response body has; read the count after the body is done.
 */
public final class BodyTee {

    private final @Nullable BodyCapture capture;
    private final Consumer<BodyCapture> describe;
    private long count;
    private boolean described;

    /**
     * @param capture where to copy the body, or {@code null} to count it only
     * @param describe called once with the capture before its first byte, to
     *     {@linkplain BodyCapture#describe describe} it from the server's headers
     */
    public BodyTee(@Nullable BodyCapture capture, Consumer<BodyCapture> describe) {
        this.capture = capture;
        this.describe = Objects.requireNonNull(describe, "describe");
    }

    /** A tee that counts only. */
    public static BodyTee counting() {
        return new BodyTee(null, c -> { });
    }

    private @Nullable BodyCapture described() {
        BodyCapture c = capture;
        if (c != null && !described) {
            described = true;
            describe.accept(c);
        }
        return c;
    }

    /** One byte of the body passed. */
    public void write(int b) {
        count++;
        BodyCapture c = described();
        if (c != null) {
            c.write(b);
        }
    }

    /** {@code b[off, off+len)} of the body passed. */
    public void write(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        count += len;
        BodyCapture c = described();
        if (c != null) {
            c.write(b, off, len);
        }
    }

    /**
     * {@code n} bytes of the body passed that are counted, not captured: a writer that only counts, a
     * file sent with zero copy.
     */
    public void counted(long n) {
        if (n > 0) {
            count += n;
        }
    }

    /**
     * The server threw away what passed (a response buffer reset before it was sent): counts from zero
     * again, forgets the captured bytes, and describes the capture again at the next byte.
     */
    public void discard() {
        count = 0;
        described = false;
        if (capture != null) {
            capture.reset();
        }
    }

    /** Bytes of the body that passed since it was made or {@linkplain #discard() discarded}. */
    public long count() {
        return count;
    }

    /** The capture it feeds, or {@code null} when it counts only. */
    public @Nullable BodyCapture capture() {
        return capture;
    }
}
