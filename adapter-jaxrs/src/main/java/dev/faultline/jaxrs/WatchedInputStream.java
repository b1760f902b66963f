package dev.faultline.jaxrs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The request entity stream, watched: an exception out of the server's stream (the client
 * went away, or sent a malformed chunked body) is reported to {@code failures} before it propagates, so
 * that the failure is known as the client's whatever the application or the runtime wraps it in.
 * Every byte passes through unchanged; nothing is read ahead.
 */
final class WatchedInputStream extends FilterInputStream {

    private final Consumer<Exception> failures;

    WatchedInputStream(InputStream in, Consumer<Exception> failures) {
        super(in);
        this.failures = failures;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return super.available();
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }
}
