package dev.faultline.servlet;

import dev.faultline.logging.BodyCapture;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The request body as the application reads it, with the first bytes copied into a
 * {@link BodyCapture}; every byte still reaches the application and nothing is read ahead. Works
 * for blocking and non-blocking ({@link ReadListener}) reads alike: every read goes through
 * {@link #read(byte[], int, int)} or {@link #read()}.
 */
final class TeeInputStream extends ServletInputStream {

    private final ServletInputStream in;
    private final BodyCapture capture;
    private final byte[] one = new byte[1];

    TeeInputStream(ServletInputStream in, BodyCapture capture) {
        this.in = in;
        this.capture = capture;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            one[0] = (byte) b;
            capture.write(one, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            capture.write(b, off, n);
        }
        return n;
    }

    @Override
    public int readLine(byte[] b, int off, int len) throws IOException {
        int n = in.readLine(b, off, len);
        if (n > 0) {
            capture.write(b, off, n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
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
