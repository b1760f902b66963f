package dev.faultline.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.RawHttp;
import jakarta.ws.rs.SeBootstrap;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With an add-on's filter on the listener that can switch protocols, {@link FaultlineErrorPages} leaves
 * upgrade requests to it: its protocol still works after the 101 (the bytes that follow the request are
 * the new protocol's, not a next HTTP request), and plain requests are answered as usual.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Jersey (Grizzly) with an add-on that switches protocols: its upgrades are left to it")
class JerseyUpgradeAddOnTest {

    /** An add-on's filter: answers {@code Upgrade: kit-echo} with a 101, then echoes every byte it reads. */
    static final class EchoUpgrade extends BaseFilter {

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws java.io.IOException {
            if (ctx.getMessage() instanceof HttpContent content
                    && content.getHttpHeader() instanceof HttpRequestPacket request
                    && "kit-echo".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                HttpResponsePacket response = request.getResponse();
                if (!response.isCommitted()) {
                    response.setStatus(101);
                    response.setReasonPhrase("Switching Protocols");
                    response.setUpgrade("kit-echo");
                    response.setHeader("Connection", "Upgrade");
                    ctx.write(HttpContent.builder(response).content(Buffers.EMPTY_BUFFER).build());
                }
                Buffer bytes = content.getContent();
                if (bytes.hasRemaining()) {
                    byte[] echo = new byte[bytes.remaining()];
                    bytes.get(echo);
                    ctx.write(Buffers.wrap(ctx.getMemoryManager(), echo));
                }
                return ctx.getStopAction();
            }
            return ctx.getInvokeAction();
        }
    }

    private Faultline faultline;
    private KitServer server;

    @BeforeAll
    void start() throws Exception {
        faultline = Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null).build();
        server = new JerseyConformanceTest() {
            @Override
            protected void started(SeBootstrap.Instance instance, FaultlineFeature feature) {
                for (NetworkListener listener : instance.unwrap(HttpServer.class).getListeners()) {
                    FilterChain chain = listener.getFilterChain();
                    chain.add(chain.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class) + 1, new EchoUpgrade());
                }
                super.started(instance, feature); // installs FaultlineErrorPages on the chain with the add-on
            }
        }.start(faultline);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, faultline}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @DisplayName("the add-on's upgrade switches, and the bytes after it are its protocol's")
    void upgradeLeftToTheAddOn() throws Exception {
        RawHttp raw = RawHttp.to(server.baseUri());
        String request = "GET " + KitApp.OK + " HTTP/1.1\r\nHost: " + raw.authority()
                + "\r\nConnection: Upgrade\r\nUpgrade: kit-echo\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.baseUri().getHost(), server.baseUri().getPort()), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String switched = readUntil(socket.getInputStream(), "\r\n\r\n");
            assertTrue(switched.startsWith("HTTP/1.1 101"), switched);
            socket.getOutputStream().write("GET /not-http-any-more\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertEquals("GET /not-http-any-more\r\n\r\n", readUntil(socket.getInputStream(), "\r\n\r\n"),
                    "echoed by the add-on, not parsed as a request");
        }
        RawHttp.Response plain = raw.get(KitApp.OK);
        assertEquals(200, plain.status(), plain::toString);
        assertTrue(plain.header("Content-Type").startsWith("text/plain"), plain::toString);
    }

    private static String readUntil(InputStream in, String end) throws java.io.IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(end) && System.nanoTime() < deadline) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException slow) {
                break;
            }
            if (b < 0) {
                break;
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
