package dev.faultline.undertow;

import dev.faultline.http.BodyCapture;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Copies the first bytes of the response body into a {@link BodyCapture} as they are written. The
 * capture learns the content type at the first write, when the headers are final. A file sent with
 * zero copy is counted, not seen.
 */
final class CapturingSinkConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

    private final BodyCapture capture;
    private final HttpServerExchange exchange;
    private boolean described;

    CapturingSinkConduit(StreamSinkConduit next, BodyCapture capture, HttpServerExchange exchange) {
        super(next);
        this.capture = capture;
        this.exchange = exchange;
    }

    private void describe() {
        if (!described) {
            described = true;
            capture.describe(exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE),
                    exchange.getResponseHeaders().getFirst(Headers.CONTENT_ENCODING),
                    exchange.getResponseContentLength());
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        describe();
        int from = src.position();
        int n = next.write(src);
        if (n > 0) {
            capture.write(src, from, from + n);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        describe();
        int[] from = positions(srcs, offs, len);
        long n = next.write(srcs, offs, len);
        copy(srcs, offs, len, from, n);
        return n;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        describe();
        int from = src.position();
        int n = next.writeFinal(src);
        if (n > 0) {
            capture.write(src, from, from + n);
        }
        return n;
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        describe();
        int[] from = positions(srcs, offs, len);
        long n = next.writeFinal(srcs, offs, len);
        copy(srcs, offs, len, from, n);
        return n;
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        describe();
        long n = next.transferFrom(src, position, count);
        capture.skipped(n);
        return n;
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        describe();
        return Conduits.transfer(source, count, throughBuffer, this);
    }

    private static int[] positions(ByteBuffer[] srcs, int offs, int len) {
        int[] from = new int[len];
        for (int i = 0; i < len; i++) {
            from[i] = srcs[offs + i].position();
        }
        return from;
    }

    private void copy(ByteBuffer[] srcs, int offs, int len, int[] from, long written) {
        if (written <= 0) {
            return;
        }
        for (int i = 0; i < len; i++) {
            ByteBuffer b = srcs[offs + i];
            capture.write(b, from[i], b.position());
        }
    }
}
