package dev.faultline.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 14: a client that went away is CLIENT_CLOSED, malformed framing a 400, and nothing else is. */
@DisplayName("The classifier's knowledge of client faults")
class ClientFaultsTest {

    private final ErrorClassifier classifier = ErrorClassifier.create();

    /** {@code t} as thrown by a server's own connection (the first frame outside the JDK is the server's). */
    private static <T extends Throwable> T fromServer(T t, String serverClass) {
        t.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", null, -2),
                new StackTraceElement("java.io.InputStream", "read", null, 1),
                new StackTraceElement(serverClass, "read", null, 1),
                new StackTraceElement("com.example.App", "handle", null, 1)});
        return t;
    }

    /** {@code t} as thrown by a database driver the application calls. */
    private static <T extends Throwable> T fromDriver(T t) {
        t.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", null, -2),
                new StackTraceElement("org.postgresql.core.PGStream", "receive", null, 1),
                new StackTraceElement("io.undertow.server.Connectors", "executeRootHandler", null, 1)});
        return t;
    }

    private ErrorType type(Throwable t) {
        return classifier.classify(t).type();
    }

    @Test
    @DisplayName("Undertow's UT000128 (a body cut short) is client_closed, status 499, low, wrapped or not")
    void undertowCutBody() {
        IOException cut = new IOException("UT000128: Remote peer closed connection before all data could be read");
        Classification c = classifier.classify(new RuntimeException("wrapped", cut));
        assertEquals(ErrorType.CLIENT_CLOSED, c.type());
        assertEquals(499, c.status());
        assertEquals(ErrorSeverity.LOW, c.severity());
        assertEquals(ErrorType.CLIENT_CLOSED, type(new IOException("UT000029: Channel was closed mid chunk")));
    }

    @Test
    @DisplayName("a broken pipe, a reset, a closed channel or an EOF from the server's own connection is client_closed")
    void deadPeerOnTheServersConnection() {
        assertEquals(ErrorType.CLIENT_CLOSED, type(fromServer(new IOException("Broken pipe"), "io.undertow.conduits.X")));
        assertEquals(ErrorType.CLIENT_CLOSED,
                type(fromServer(new SocketException("Connection reset by peer"), "org.apache.tomcat.util.net.NioChannel")));
        assertEquals(ErrorType.CLIENT_CLOSED,
                type(new UncheckedIOException(fromServer(new ClosedChannelException(), "org.xnio.nio.NioSocketConduit"))));
        assertEquals(ErrorType.CLIENT_CLOSED,
                type(fromServer(new EOFException(), "org.glassfish.grizzly.nio.transport.TCPNIOTransport")));
        assertEquals(ErrorType.CLIENT_CLOSED,
                type(fromServer(new IOException("Connection closed"), "io.helidon.webserver.http1.Http1Connection")));
    }

    @Test
    @DisplayName("the same failures from a driver or client the application calls keep their own classification")
    void deadPeerElsewhereIsTheServicesProblem() {
        assertEquals(ErrorType.NETWORK, type(fromDriver(new SocketException("Connection reset"))));
        assertEquals(ErrorType.INTERNAL, type(fromDriver(new IOException("Broken pipe"))));
        assertEquals(ErrorType.INTERNAL, type(new EOFException("end of file")));
        assertEquals(ErrorType.NETWORK, type(new SocketException("Connection reset")));
    }

    @Test
    @DisplayName("malformed chunked framing is a 400 validation problem")
    void malformedFraming() {
        Classification c = classifier.classify(new IOException("UT000042: Could not decode trailers in HTTP request"));
        assertEquals(ErrorType.VALIDATION, c.type());
        assertEquals(400, c.status());
        assertEquals(ErrorType.VALIDATION, type(new RuntimeException(new IOException("UT000195: Chunk size too large"))));
        assertEquals(ErrorType.VALIDATION, type(new IllegalArgumentException("UT000072: Failed to decode url %zz to charset UTF-8")));
        assertEquals(ErrorType.CLIENT_CLOSED, type(new IOException("UT000036: Connection terminated parsing multipart data")));
        assertEquals(ErrorType.INTERNAL, type(new IllegalStateException("UT000072 in an application's own message")));
    }

    @Test
    @DisplayName("Jackson's stream limits are a 400 validation problem")
    void jacksonLimits() throws Exception {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("[".repeat(5_000) + "]".repeat(5_000));
            throw new AssertionError("parsed");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            assertEquals(ErrorType.VALIDATION, type(e));
        }
    }

    @Test
    @DisplayName("an application's own FaultlineException wins over a client fault deeper in the chain")
    void faultlineExceptionFirst() {
        IOException cut = new IOException("UT000128: Remote peer closed connection before all data could be read");
        assertEquals(ErrorType.CONFLICT, type(new ConflictException("taken", "x", cut)));
    }
}
