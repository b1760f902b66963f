package dev.faultline.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests with an {@code Upgrade} header on Jersey's Grizzly server with {@link FaultlineErrorPages}
 * installed: the JDK HttpClient, whose default version is HTTP/2, sends {@code Upgrade: h2c} over plain
 * http. Grizzly took each such request as a protocol switch about to happen and wrote its response
 * without a {@code Content-Type} (and never ended a request body with a {@code Content-Length}); nothing
 * on the listener can switch, so each is answered as plain HTTP/1.1: one response with its content type,
 * the connection kept alive, the exchange recorded once.
 */
@DisplayName("Jersey (Grizzly) answers requests with an Upgrade header as plain HTTP/1.1")
class JerseyH2cUpgradeTest extends JerseyRawSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the JDK HttpClient sends on its first request to an http:// origin. */
    private static final String H2C = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n";

    /** A WebSocket handshake: no filter on the listener takes it either. */
    private static final String WEBSOCKET = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    private static final String BAD_JSON = "{\"title\":";


    /** One request of the cases: what is sent and what must come back. */
    record Case(String name, String method, String path, String body, String bodyHeaders, int status, String type,
            String errorType) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String json = "Content-Type: application/json\r\n";
        String chunked = Integer.toHexString(BAD_JSON.length()) + "\r\n" + BAD_JSON + "\r\n0\r\n\r\n";
        return Stream.of(
                new Case("404 for an unknown path", "GET", "/kit/nope", "", "", 404, "application/problem+json", "not_found"),
                new Case("500 from a throwing resource", "GET", KitApp.BOOM, "", "", 500, "application/problem+json", "internal"),
                new Case("400 from a bad body", "POST", KitApp.JSON, BAD_JSON,
                        json + "Content-Length: " + BAD_JSON.length() + "\r\n", 400, "application/problem+json", "validation"),
                new Case("400 from a bad chunked body", "POST", KitApp.JSON, chunked,
                        json + "Transfer-Encoding: chunked\r\n", 400, "application/problem+json", "validation"),
                new Case("200", "GET", KitApp.OK, "", "", 200, "text/plain", null));
    }

    /** The cases a client sends (it frames its body by itself: the chunked one is the raw socket's). */
    static Stream<Case> clientCases() {
        return cases().filter(c -> !c.bodyHeaders().contains("chunked"));
    }

    static Stream<Object[]> upgrades() {
        return cases().flatMap(c -> Stream.of(new Object[] {"h2c", c}, new Object[] {"websocket", c}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("upgrades")
    @DisplayName("over a raw socket: one response with its content type, then the next request on the same connection")
    void rawSocket(String upgrade, Case c) throws Exception {
        String id = "upgrade-" + upgrade + "-" + c.status() + "-" + Integer.toHexString(c.name().hashCode());
        String first = c.method() + " " + c.path() + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nX-Request-Id: " + id
                + "\r\n" + (upgrade.equals("h2c") ? H2C : WEBSOCKET) + c.bodyHeaders() + "\r\n" + c.body();
        String next = "GET " + KitApp.OK + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nX-Request-Id: " + id + "-next\r\n\r\n";
        RawHttp.Result r = raw.exchange(first + next, RawHttp.Options.standard().responses(2).linger(Duration.ofMillis(300)));
        assertFalse(r.responses().isEmpty(), () -> "answered: " + r);
        assertEquals(0, r.extraStatusLines(), () -> "one response per request: " + r);
        RawHttp.Response response = r.responses().get(0);
        assertEquals(c.status(), response.status(), r::toString);
        assertTrue(response.statusLine().startsWith("HTTP/1.1 "), r::toString);
        String type = response.header("Content-Type");
        assertTrue(type != null && type.startsWith(c.type()), () -> "content type: " + r);
        assertEquals(id, response.header("X-Request-Id"), r::toString);
        assertFalse(response.headers().containsKey("upgrade"), () -> "no switch announced: " + r);
        assertBody(c, id, response.body());
        assertRecordedOnce(id, c.status());
        if ("close".equalsIgnoreCase(response.header("Connection"))) {
            // Grizzly closes after a 400 or a 500, and says so: the next request is never read
            assertEquals(1, r.responses().size(), r::toString);
            assertTrue(r.closedByServer(), r::toString);
            return;
        }
        assertEquals(2, r.responses().size(), () -> "the connection kept alive, the next request answered: " + r);
        RawHttp.Response after = r.responses().get(1);
        assertEquals(200, after.status(), r::toString);
        assertEquals("ok", after.body(), r::toString);
        assertTrue(after.header("Content-Type").startsWith("text/plain"), r::toString);
        assertRecordedOnce(id + "-next", 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientCases")
    @DisplayName("with the JDK HttpClient at its default version (HTTP/2, an h2c upgrade): answered in HTTP/1.1 with its content type")
    void jdkClient(Case c) throws Exception {
        assertEquals(HttpClient.Version.HTTP_2, HttpClient.newHttpClient().version(), "the client's default");
        String id = "upgrade-client-" + c.status() + "-" + Integer.toHexString(c.name().hashCode());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(); // a new connection
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + c.path()))
                .header("X-Request-Id", id).timeout(Duration.ofSeconds(20));
        if (c.method().equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(c.body()));
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String described = r.version() + " " + r.statusCode() + " " + r.headers().map() + " " + r.body();
        assertEquals(HttpClient.Version.HTTP_1_1, r.version(), described);
        assertEquals(c.status(), r.statusCode(), described);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(c.type()), described);
        assertEquals(id, r.headers().firstValue("X-Request-Id").orElse(null), described);
        assertBody(c, id, r.body());
        assertRecordedOnce(id, c.status());
    }

    @Test
    @DisplayName("a body on GET with an upgrade is refused as Grizzly refuses it without one: a bare 400, nothing run")
    void bodyOnGet() throws Exception {
        String id = "upgrade-get-body";
        String req = "GET " + KitApp.OK + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nX-Request-Id: " + id + "\r\n" + H2C
                + "Content-Length: 2\r\n\r\nhi";
        String plain = req.replace(H2C, "");
        RawHttp.Result without = raw.exchange(plain, RawHttp.Options.standard().linger(Duration.ofMillis(300)));
        RawHttp.Result with = raw.exchange(req, RawHttp.Options.standard().linger(Duration.ofMillis(300)));
        assertEquals(without.response().status(), with.response().status(), () -> without + " / " + with);
        assertEquals(0, with.extraStatusLines(), with::toString);
    }

    private static void assertBody(Case c, String id, String body) throws Exception {
        if (c.errorType() == null) {
            assertEquals("ok", body);
            return;
        }
        JsonNode problem = JSON.readTree(body);
        assertEquals(c.status(), problem.path("status").asInt(), body);
        assertEquals(c.errorType(), problem.path("error_type").asText(), body);
        assertEquals(id, problem.path("request_id").asText(), body);
        assertFalse(body.contains(KitApp.NASTY_MESSAGE), body);
    }

    /** One completion, with the answered status, and nothing else about the request logged as its end. */
    private void assertRecordedOnce(String id, int status) throws InterruptedException {
        Map<String, Object> kv = logs.completedOnce(id);
        assertEquals(status, ((Number) kv.get("status")).intValue(), kv::toString);
    }
}
