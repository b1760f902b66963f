package dev.faultline.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.LogCapture;
import dev.faultline.testkit.RawHttp;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Content-Length} with {@code Transfer-Encoding: chunked} on Jersey's Grizzly server, with
 * {@link FaultlineErrorPages} installed: refused with a 400 problem and {@code Connection: close} in either
 * header order (Grizzly drops the {@code Content-Length} when it comes first), and a request hidden after
 * the chunked body is never run; a chunked request without a {@code Content-Length} is not refused, even
 * when its body or another header's name looks like one.
 */
@DisplayName("Jersey (Grizzly) refuses Content-Length with chunked and runs nothing after it")
class JerseySmugglingTest extends JerseyRawSocketTest {


    private String post(String id, String framing, String body) {
        return "POST " + KitApp.ECHO + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nX-Request-Id: " + id + "\r\n"
                + framing + "\r\n" + body;
    }

    private String smuggled(String id) {
        return "0\r\n\r\nGET " + KitApp.OK + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nX-Request-Id: " + id
                + "-smuggled\r\n\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "CONTENT-LENGTH: 4\r\nTransfer-Encoding: chunked\r\n"})
    @DisplayName("both headers, in any order and case: a 400 problem, the connection closed, the hidden request never run")
    void refused(String framing) throws Exception {
        String id = "smuggle-" + Integer.toHexString(framing.hashCode());
        RawHttp.Result r = raw.exchange(post(id, framing, smuggled(id)),
                RawHttp.Options.standard().responses(1).linger(Duration.ofMillis(500)));
        RawHttp.Response response = r.response();
        assertEquals(400, response.status(), r::toString);
        assertEquals("application/problem+json", response.header("Content-Type").split(";")[0], r::toString);
        assertEquals(id, response.header("X-Request-Id"), r::toString);
        assertEquals("close", response.header("Connection"), r::toString);
        assertEquals(0, r.extraStatusLines(), () -> "nothing answered after the refusal: " + r);
        assertTrue(r.closedByServer(), () -> "the connection is closed after the refusal: " + r);
        assertEquals("_rejected", LogCapture.kv(logs.completion(id)).get("endpoint"));
        // the request that followed on the connection: its completion would come right after the refusal's
        String smuggled = id + "-smuggled";
        logs.assertNoneWithin(Duration.ofMillis(300), e -> e.getLoggerName().equals("faultline.http")
                && smuggled.equals(String.valueOf(LogCapture.kv(e).get("request_id"))), "the hidden request was run");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\n", "Transfer-Encoding: chunked\r\nContent-Length-Note: 4\r\n"})
    @DisplayName("chunked alone, or with a header whose name only begins like it, is read and answered")
    void notRefused(String framing) throws Exception {
        String id = "chunked-" + Integer.toHexString(framing.hashCode());
        String body = "content-length: 99\r\n"; // the body may hold what looks like the header
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        RawHttp.Result r = raw.exchange(post(id, framing, chunked), RawHttp.Options.standard());
        assertEquals(200, r.response().status(), r::toString);
        assertEquals(body, r.response().body(), r::toString);
        assertEquals(id, r.response().header("X-Request-Id"), r::toString);
    }
}
