package dev.faultline.undertow;

import dev.faultline.http.BodyCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Copies the first bytes of the request body into a {@link BodyCapture} as the application reads
 * them; every byte still reaches the application. Transfers are routed through {@link #read} so that
 * nothing passes unseen.
 */
final class CapturingSourceConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private final BodyCapture capture;

    CapturingSourceConduit(StreamSourceConduit next, BodyCapture capture) {
        super(next);
        this.capture = capture;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int from = dst.position();
        int n = next.read(dst);
        if (n > 0) {
            capture.write(dst, from, from + n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] from = new int[len];
        for (int i = 0; i < len; i++) {
            from[i] = dsts[offs + i].position();
        }
        long n = next.read(dsts, offs, len);
        if (n > 0) {
            for (int i = 0; i < len; i++) {
                ByteBuffer b = dsts[offs + i];
                capture.write(b, from[i], b.position());
            }
        }
        return n;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }
}
