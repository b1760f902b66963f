package dev.faultline.servlet;

import dev.faultline.http.BodyCapture;
import dev.faultline.http.BodyTee;
import dev.faultline.http.HttpReply;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The response the application writes to behind a {@link FaultlineFilter}:
 *
 * <ul>
 *   <li>counts the body bytes written through {@link #getOutputStream()} and {@link #getWriter()}
 *       (characters are counted in bytes of the response charset) and copies the first ones into the
 *       response capture when there is one; nothing is buffered beyond the capture's cap;</li>
 *   <li>answers {@code sendError(4xx/5xx)} with a problem instead of the container's HTML error
 *       page, keeping the headers the application set ({@code WWW-Authenticate}, {@code Allow}), and
 *       commits it as {@code sendError} does; what the application writes afterwards is dropped;</li>
 *   <li>writes the replies Faultline decides on ({@link #reply}).</li>
 * </ul>
 *
 * <p>Used by one thread at a time, as servlet responses are.
 */
final class FaultlineResponse extends HttpServletResponseWrapper {

    private final RequestState state;
    private final HttpServletResponse base;
    /** Counts the body (the application's through its stream or writer, or Faultline's reply) and captures it. */
    private final BodyTee body;
    private @Nullable ServletOutputStream stream;
    private @Nullable PrintWriter writer;
    private volatile boolean replied;

    FaultlineResponse(HttpServletResponse base, RequestState state, @Nullable BodyCapture capture) {
        super(base);
        this.base = base;
        this.state = state;
        this.body = new BodyTee(capture, c -> c.describe(base.getContentType(), base.getHeader("Content-Encoding"),
                declaredLength(base)));
    }

    /** The response this one wraps. */
    HttpServletResponse base() {
        return base;
    }

    /** Body bytes written so far (the application's, or Faultline's reply). */
    long bytes() {
        return body.count();
    }

    /** Whether Faultline has answered in the application's place. */
    boolean replied() {
        return replied;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (replied) {
            return new CapturingServletOutputStream.Discarding();
        }
        ServletOutputStream s = stream;
        if (s == null) {
            s = new CapturingServletOutputStream(base.getOutputStream(), body);
            stream = s;
        }
        return s;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (replied) {
            return new PrintWriter(Writer.nullWriter());
        }
        PrintWriter w = writer;
        if (w == null) {
            PrintWriter container = base.getWriter(); // fixes the charset
            w = new CapturingWriter(container, charset(base.getCharacterEncoding()), body, body.capture() != null)
                    .printWriter();
            writer = w;
        }
        return w;
    }

    private static Charset charset(@Nullable String name) {
        if (name != null) {
            try {
                return Charset.forName(name);
            } catch (RuntimeException unknown) {
                // the container accepted it, so it knows it; count as ISO-8859-1, the servlet default
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    private static long declaredLength(HttpServletResponse base) {
        String v = base.getHeader("Content-Length");
        if (v != null) {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, @Nullable String msg) throws IOException {
        if (replied) {
            return;
        }
        if (!HttpReply.isProblemStatus(sc) || base.isCommitted()) {
            if (msg == null) {
                base.sendError(sc); // throws IllegalStateException when committed, as the application expects
            } else {
                base.sendError(sc, msg);
            }
            return;
        }
        // the message is meant for an HTML error page and may carry internal details: not shown
        reply(state.exchange().failStatus(sc), true);
    }

    @Override
    public void reset() {
        if (replied) {
            return;
        }
        base.reset();
        stream = null;
        writer = null;
        discarded();
        state.requestIdHeader(base); // reset() took it away with the application's headers
    }

    @Override
    public void resetBuffer() {
        if (replied) {
            return;
        }
        base.resetBuffer();
        discarded();
    }

    /** The container threw the uncommitted body away: so does the count and the capture. */
    private void discarded() {
        body.discard();
    }

    @Override
    public boolean isCommitted() {
        return replied || base.isCommitted();
    }

    /**
     * Replaces the response with {@code reply} unless it is committed; with {@code commit}, flushes
     * it as {@code sendError} does. From then on the application's writes are dropped.
     *
     * @return whether the reply was written
     */
    boolean reply(HttpReply reply, boolean commit) throws IOException {
        if (replied || base.isCommitted()) {
            return false;
        }
        Replies.write(base, reply);
        replied = true;
        stream = null;
        writer = null;
        // what the application wrote before was thrown away with reset(); the reply went to the container
        // directly: counted and captured here, described by the headers the reply set
        byte[] bytes = reply.body();
        body.discard();
        body.write(bytes, 0, bytes.length);
        if (commit) {
            base.flushBuffer();
        }
        return true;
    }
}
