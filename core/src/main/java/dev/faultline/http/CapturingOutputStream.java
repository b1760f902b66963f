package dev.faultline.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A response body stream on its way to the server, teed into a {@link BodyTee}: every byte is written
 * to the server's stream first, then counted and captured. Notes whether the application flushed, that
 * is whether the response may be committed.
 *
 * <p>{@link #close()} does not flush first (as {@link java.io.FilterOutputStream} would): a flush before
 * close can make a server give up sending a body written in one piece with a {@code Content-Length}
 * (Helidon then sends it chunked, in two writes). Not thread-safe, like any output stream.
 */
public final class CapturingOutputStream extends OutputStream {

    private final OutputStream out;
    private final BodyTee tee;
    private boolean flushed;

    /**
     * @param out the server's stream
     * @param tee what counts and captures the bytes
     */
    public CapturingOutputStream(OutputStream out, BodyTee tee) {
        this.out = Objects.requireNonNull(out, "out");
        this.tee = Objects.requireNonNull(tee, "tee");
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        tee.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        tee.write(b, off, len);
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

    /** Whether the application flushed: the response may have reached the client. */
    public boolean flushed() {
        return flushed;
    }

    /** The tee this stream feeds. */
    public BodyTee tee() {
        return tee;
    }
}
