package dev.faultline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hostile kit's raw client against a scripted server socket: a kit that cannot see a second
 * response, or a close, would pass a server that does both.
 */
@DisplayName("The hostile kit's raw HTTP client")
class RawHttpTest {

    /** Serves one connection: reads the request's head, writes {@code answer}, then closes (or not). */
    private static RawHttp.Result against(String answer, boolean close, RawHttp.Options options) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int matched = 0;
                    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                    while (matched < 4) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (!close) {
                        Thread.sleep(1_000); // keep the connection open past the client's linger
                    }
                } catch (IOException | InterruptedException e) {
                    // the client left first
                }
            });
            RawHttp.Result r = RawHttp.to(server.getLocalPort()).exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n", options);
            served.get(10, TimeUnit.SECONDS);
            return r;
        }
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Request-Id: a\r\n\r\nok";

    @Test
    @DisplayName("reads one response and reports a second status line the server wrote after it")
    void secondResponse() throws Exception {
        RawHttp.Result r = against(OK + "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", false,
                RawHttp.Options.standard());
        assertEquals(1, r.responses().size(), r::toString);
        assertEquals(200, r.response().status());
        assertEquals("ok", r.response().body());
        assertEquals("a", r.response().header("x-request-id"));
        assertEquals(1, r.extraStatusLines(), r::toString);
        assertEquals(400, r.extra().get(0).status());
    }

    @Test
    @DisplayName("reads a chunked body, and sees no extra response when there is none")
    void chunked() throws Exception {
        RawHttp.Result r = against("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                false, RawHttp.Options.standard().linger(Duration.ofMillis(200)));
        assertEquals("abcde", r.response().body());
        assertEquals(0, r.extraStatusLines());
        assertFalse(r.timedOut());
    }

    @Test
    @DisplayName("reports a close without an answer, and an answer that is not HTTP/1.x")
    void closeAndGarbage() throws Exception {
        RawHttp.Result closed = against("", true, RawHttp.Options.standard());
        assertTrue(closed.responses().isEmpty());
        assertTrue(closed.closedByServer(), closed::toString);
        RawHttp.Result garbage = against("<html>hello</html>", true, RawHttp.Options.standard());
        assertTrue(garbage.responses().isEmpty());
        assertTrue(garbage.unparsable().contains("<html>"), garbage::toString);
    }

    @Test
    @DisplayName("reads two pipelined responses when asked for two")
    void pipelined() throws Exception {
        RawHttp.Result r = against(OK + OK, true, RawHttp.Options.standard().responses(2));
        assertEquals(2, r.responses().size(), r::toString);
        assertEquals(0, r.extraStatusLines());
    }

    @Test
    @DisplayName("talks to loopback only")
    void loopbackOnly() {
        assertThrows(IllegalArgumentException.class, () -> RawHttp.to(URI.create("http://example.com:80")));
    }
}
