package dev.faultline.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A server's request body reader, watched as {@link CapturingInputStream} watches a stream: an exception
 * out of it (the client went away, or sent a malformed body) is reported to {@code failures} before it
 * propagates. Reads go straight through to the server's reader; only the line reading of
 * {@link BufferedReader} buffers. Not thread-safe, like any reader.
 */
public final class WatchedReader extends BufferedReader {

    private final Consumer<? super Exception> failures;

    /**
     * @param in the server's reader
     * @param failures told of every exception the server's reader throws, before it propagates
     */
    public WatchedReader(Reader in, Consumer<? super Exception> failures) {
        super(in);
        this.failures = Objects.requireNonNull(failures, "failures");
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
    public @Nullable String readLine() throws IOException {
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
