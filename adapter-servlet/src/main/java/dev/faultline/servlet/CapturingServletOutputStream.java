package dev.faultline.servlet;

import dev.faultline.http.BodyTee;
import dev.faultline.http.CapturingOutputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The container's output stream as a {@link ServletOutputStream}, written through the core's
 * {@link CapturingOutputStream} into the response's {@link BodyTee} (counted, and copied into the
 * capture while it keeps bytes). Nothing is buffered here.
 */
final class CapturingServletOutputStream extends ServletOutputStream {

    private final ServletOutputStream container;
    private final CapturingOutputStream out;

    CapturingServletOutputStream(ServletOutputStream container, BodyTee tee) {
        this.container = container;
        this.out = new CapturingOutputStream(container, tee);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
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
        return container.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        container.setWriteListener(listener);
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
