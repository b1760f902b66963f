package dev.faultline.helidon;

import dev.faultline.http.BodyFailure;
import dev.faultline.http.BodyTee;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

/**
 * What the filter and the error handler of one request share, kept in the request's
 * {@code Context}. Used by the request's own thread; work the application hands to other threads
 * completes before the handler returns (Helidon SE handlers block), which orders it before the reads.
 */
final class RequestState {

    /**
     * Thrown from a {@code beforeSend} listener when the application sends an error status with no
     * content type (a bare {@code res.status(401).send()}), before a byte is written: Helidon routes it
     * to the error handler, which answers with a problem instead. Never recorded as a failure. No stack
     * trace: a marker, not an error.
     */
    static final class BareStatus extends RuntimeException {
        private static final long serialVersionUID = 1L;

        static final BareStatus INSTANCE = new BareStatus();

        private BareStatus() {
            super("Faultline: an error status without a body is answered with a problem instead", null, false, false);
        }
    }

    final Exchange exchange;
    final HelidonRequestView request;
    private final ServerResponse response;

    /** Whether a bare error status is still to be replaced (on while the application runs, once). */
    private boolean armed;
    /** Whether Faultline is writing its own reply (no bare-status check then). */
    private boolean replying;
    private @Nullable String applicationEncoding;
    /** The response body's tee, when its stream filter is installed (response capture on). */
    private @Nullable BodyTee body;
    /** Whether the response body went through the stream filter. */
    private boolean streamed;
    /** What the request entity stream threw: the client's bytes or connection. */
    final BodyFailure bodyFailure = new BodyFailure();
    /** The status recorded for a request Helidon answers itself after the filter saw it. */
    private volatile int directStatus;

    RequestState(Exchange exchange, HelidonRequestView request, ServerResponse response) {
        this.exchange = exchange;
        this.request = request;
        this.response = response;
    }

    /** Whether the error handler closes the connection on purpose (see {@link #closing}). */
    private volatile boolean closing;

    /**
     * The exception the error handler throws to make Helidon close the connection without another
     * answer; marks this thread so that a direct handler Helidon may call on the way writes no second
     * problem and opens no second exchange.
     */
    java.io.UncheckedIOException closing(java.io.IOException why) {
        closing = true;
        DirectProblems.CLOSING.set(Boolean.TRUE);
        return new java.io.UncheckedIOException(why);
    }

    boolean isClosing() {
        return closing;
    }

    private volatile int finishedStatus;

    void finishedStatus(int status) {
        finishedStatus = status;
    }

    /** The status the request was closed with, or 0 while it runs. */
    int finishedStatus() {
        return finishedStatus;
    }

    void directStatus(int status) {
        directStatus = status;
    }

    /** The status of Helidon's own answer to a request the filter saw, or 0. */
    int directStatus() {
        return directStatus;
    }

    void arm(boolean on) {
        armed = on;
    }

    /** The {@code beforeSend} listener: runs when the application sends or opens the output stream. */
    void beforeSend() {
        if (replying) {
            return;
        }
        applicationEncoding = response.headers().first(HeaderNames.CONTENT_ENCODING).orElse(null);
        int status = response.status().code();
        if (armed && HttpReply.isProblemStatus(status)
                && (!response.headers().contains(HeaderNames.CONTENT_TYPE) || sentByHelidon())) {
            armed = false; // once: if the application swallows the marker, its next send goes out as it is
            throw BareStatus.INSTANCE;
        }
    }

    /**
     * Whether Helidon itself is answering: during routing, a {@code RequestException} (a route that
     * sent nothing, an entity over {@code maxPayloadSize} read by the application) is answered by a
     * {@code DirectHandler} in plain text, without consulting the error handlers. Only looked at for an
     * error status with a content type; should Helidon rename the class, its plain text goes out as before.
     */
    private static boolean sentByHelidon() {
        return STACK.walk(frames -> frames.limit(32).anyMatch(f -> DIRECT_HANDLERS.equals(f.getClassName())));
    }

    private static final StackWalker STACK = StackWalker.getInstance();
    private static final String DIRECT_HANDLERS = "io.helidon.webserver.http.DirectHandlers";

    /**
     * Faultline writes its own reply from now on. What the application had written (into Helidon's
     * buffer) Helidon discarded when it reset the response for the error handler: the tee forgets it,
     * and counts and captures the reply as it passes the stream filter.
     */
    void replying(HttpReply reply) {
        replying = true;
        armed = false;
        applicationEncoding = null; // the reply's body is not the application's
        BodyTee b = body;
        if (b != null) {
            b.discard();
        }
    }

    /** Keeps the tee the response stream filter feeds; returns it. */
    BodyTee responseBody(BodyTee tee) {
        this.body = tee;
        return tee;
    }

    /** The response body went through the stream filter. */
    void streamed() {
        streamed = true;
    }

    /** The content encoding the application set itself before sending, if any. */
    @Nullable String applicationEncoding() {
        return applicationEncoding;
    }

    /** The body bytes the response stream filter counted, or -1 when the body did not pass through it. */
    long countedBodyBytes() {
        BodyTee b = body;
        return b != null && streamed ? b.count() : -1;
    }
}
