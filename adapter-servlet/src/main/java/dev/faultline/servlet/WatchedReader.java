package dev.faultline.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * The container's request reader, watched: an exception out of it (the client went away, or
 * sent a malformed body) is reported to {@code failures} before it propagates. Reads go straight
 * through to the container's reader; only the line reading of {@link BufferedReader} buffers.
 */
final class WatchedReader extends BufferedReader {

    private final Consumer<Exception> failures;

    WatchedReader(Reader in, Consumer<Exception> failures) {
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
    public int read(char[] cbuf, int off, int len) throws IOException {
        try {
            return super.read(cbuf, off, len);
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }

    @Override
    public String readLine() throws IOException {
        try {
            return super.readLine();
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }

    @Override
    public boolean ready() throws IOException {
        try {
            return super.ready();
        } catch (IOException | RuntimeException e) {
            failures.accept(e);
            throw e;
        }
    }
}
