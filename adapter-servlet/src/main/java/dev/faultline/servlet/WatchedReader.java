package dev.faultline.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * The container's request reader, watched: an {@link IOException} out of it (the client went away, or
 * sent a malformed body) is reported to {@code failures} before it propagates. Reads go straight
 * through to the container's reader; only the line reading of {@link BufferedReader} buffers.
 */
final class WatchedReader extends BufferedReader {

    private final Consumer<IOException> failures;

    WatchedReader(Reader in, Consumer<IOException> failures) {
        super(in);
        this.failures = failures;
    }

    private IOException failed(IOException e) {
        failures.accept(e);
        return e;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        try {
            return super.read(cbuf, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public String readLine() throws IOException {
        try {
            return super.readLine();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean ready() throws IOException {
        try {
            return super.ready();
        } catch (IOException e) {
            throw failed(e);
        }
    }
}
