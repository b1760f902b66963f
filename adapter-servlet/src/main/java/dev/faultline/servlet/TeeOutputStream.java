package dev.faultline.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The container's output stream, with every byte the application writes accounted by the
 * {@link FaultlineResponse} it belongs to (counted, and copied into the capture while it keeps
 * bytes). Nothing is buffered here.
 */
final class TeeOutputStream extends ServletOutputStream {

    private final ServletOutputStream out;
    private final TeeWriter.Sink sink;
    private final byte[] one = new byte[1];

    TeeOutputStream(ServletOutputStream out, TeeWriter.Sink sink) {
        this.out = out;
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        one[0] = (byte) b;
        sink.sent(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sink.sent(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        out.setWriteListener(listener);
    }

    /** A stream that drops what the application writes after Faultline has answered in its place. */
    static final class Discarding extends ServletOutputStream {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }
    }
}
