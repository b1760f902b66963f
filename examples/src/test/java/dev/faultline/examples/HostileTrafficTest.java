package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.testkit.HostileChecks;
import dev.faultline.testkit.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14's check on the example app: on each {@code --server}, a few hundred hostile requests from one
 * anonymous client (bodies cut short, bad chunks, JSON bombs past the app's Jackson limits, bad escapes,
 * garbage request lines, random paths) get 4xx problems or a clean close, and leave no trace an operator
 * would take for a failure of the service: {@code /metrics/errors} holds no 5xx and no {@code internal}
 * entry, {@code /metrics/alerts} no alert, and {@code /metrics/performance} no endpoint the application
 * did not route (refused requests count under the fixed {@code _rejected}, unmatched ones under
 * {@code _unmatched}). Loopback only; about 300 requests per server, each on its own connection.
 */
class HostileTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 25;

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    @DisplayName("a few hundred hostile requests fire no alert, count no 5xx and take no endpoint")
    void hostileTraffic(ServerKind kind) throws Exception {
        Faultline.Builder faultline = Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null) // the app's defaults, alerting and its default rules on
                .monitoring(m -> m.token(TestToken.TOKEN)); // monitoring is closed without one
        try (Main.Server server = Main.start(kind, "127.0.0.1", 0, faultline, Clock.systemUTC())) {
            RawHttp raw = RawHttp.to(server.uri());
            String host = raw.authority();
            // the application's own routes, seen first
            assertEquals(404, raw.get("/videos/nope").status());
            String video = "{\"title\": \"Launch\", \"template_id\": \"promo_1\", \"script\": \"Hello\"}";
            RawHttp.Result created = raw.exchange(post("Host: " + host + "\r\n", video), RawHttp.Options.standard());
            assertEquals(201, created.response().status(), created::toString);
            assertEquals(200, raw.get("/health").status());
            Set<String> before = endpoints(raw);

            List<String> answered = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String id = "hostile-" + round; // not the server's name: the leak check looks for it
                for (Hostile h : hostile(host, id, round)) {
                    RawHttp.Result r = raw.exchange(h.bytes(), h.gone()
                            ? RawHttp.Options.standard().closeAfterSend()
                            : RawHttp.Options.standard().readTimeout(Duration.ofSeconds(5)));
                    HostileChecks.assertOneResponsePerRequest(h.name(), r, 1);
                    for (RawHttp.Response response : r.all()) {
                        // never a 5xx, never HTML, a stack trace or an exception's name
                        HostileChecks.assertClean(h.name() + " on " + kind, response, true);
                        if (response.status() >= 400 && response.header("X-Request-Id") != null) {
                            // Faultline answered: a problem with the same request id (Grizzly sends the answer
                            // to a request line without a version without its Content-Type)
                            String type = response.header("Content-Type");
                            assertTrue(type == null || type.startsWith("application/problem+json"),
                                    () -> h.name() + " on " + kind + ": the app's 4xx is a problem: " + response);
                            JsonNode problem = JSON.readTree(response.body());
                            assertEquals(response.status(), problem.path("status").asInt(), response::toString);
                            assertEquals(response.header("X-Request-Id"), problem.path("request_id").asText(), response::toString);
                        }
                        answered.add(h.name() + " " + response.status());
                    }
                }
            }
            assertFalse(answered.isEmpty());
            RawHttp.Response health = raw.get("/health");
            assertNotNull(health);
            assertEquals(200, health.status(), health::toString);

            JsonNode errors = json(monitoring(raw, "/metrics/errors"));
            assertFalse(errors.path("by_type").has("internal"), () -> kind + ": internal errors counted: " + errors);
            errors.path("by_type").fieldNames().forEachRemaining(type -> assertTrue(
                    Set.of("validation", "not_found", "payload_too_large", "rate_limited", "client_closed",
                            "authorization").contains(type), () -> kind + ": a server-side error type counted: " + errors));
            assertFalse(errors.path("by_severity").has("high") || errors.path("by_severity").has("critical"),
                    () -> kind + ": high or critical errors counted: " + errors);

            JsonNode alerts = json(monitoring(raw, "/metrics/alerts"));
            assertEquals(0, alerts.path("total").asInt(), () -> kind + ": an alert fired: " + alerts);

            Set<String> after = endpoints(raw);
            Set<String> added = new TreeSet<>(after);
            added.removeAll(before);
            added.removeIf(e -> e.endsWith(" _rejected") || e.endsWith(" _unmatched"));
            assertTrue(added.isEmpty(), () -> kind + ": hostile requests created endpoints " + added + "; before " + before);
            JsonNode perf = json(monitoring(raw, "/metrics/performance"));
            assertEquals(0, perf.path("error_requests").asLong(), () -> kind + ": 5xx requests counted: " + perf);
        }
    }

    /** One hostile request: its bytes, and whether the client goes away right after sending them. */
    private record Hostile(String name, byte[] bytes, boolean gone) {
        static Hostile of(String name, String request) {
            return new Hostile(name, request.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        static Hostile gone(String name, String request) {
            return new Hostile(name, request.getBytes(StandardCharsets.ISO_8859_1), true);
        }
    }

    /** A dozen hostile requests, each path new in every round (a client trying to fill the endpoint table). */
    private static List<Hostile> hostile(String host, String id, int round) {
        String head = "Host: " + host + "\r\nX-Request-Id: " + id + "\r\n";
        String random = Long.toHexString(Double.doubleToLongBits(Math.random()));
        return List.of(
                Hostile.gone("cut body", "POST /videos HTTP/1.1\r\n" + head
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"title\":"),
                Hostile.of("bad chunk size", "POST /videos HTTP/1.1\r\n" + head
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                Hostile.of("bad trailers", "POST /videos HTTP/1.1\r\n" + head
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nnot a trailer\r\n\r\n"),
                Hostile.of("deep nesting", post(head, "[".repeat(20_000))),
                Hostile.of("long number", post(head, "{\"title\":" + "9".repeat(30_000) + "}")),
                Hostile.of("long string", post(head, "{\"title\":\"" + "a".repeat(30_000) + "\"}")),
                Hostile.of("many keys", post(head, manyKeys(3_000))),
                Hostile.of("truncated json", post(head, "{\"title\": \"a")),
                Hostile.of("bad escape", "GET /videos/%zz" + round + " HTTP/1.1\r\n" + head + "\r\n"),
                Hostile.of("bad escape, random path", "GET /r" + random + "/%zz HTTP/1.1\r\n" + head + "\r\n"),
                Hostile.of("random path", "DELETE /x" + random + "/" + round + " HTTP/1.1\r\n" + head + "\r\n"),
                Hostile.of("garbage request line", "GARBAGE " + random + "\r\n\r\n"));
    }

    private static String post(String head, String body) {
        return "POST /videos HTTP/1.1\r\n" + head + "Content-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    private static String manyKeys(int n) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return b.append('}').toString();
    }

    /** {@code METHOD endpoint} of every endpoint {@code /metrics/performance} lists. */
    private static Set<String> endpoints(RawHttp raw) throws IOException, InterruptedException {
        Set<String> out = new TreeSet<>();
        for (JsonNode e : json(monitoring(raw, "/metrics/performance")).path("endpoints")) {
            out.add(e.path("method").asText() + " " + e.path("endpoint").asText());
        }
        return out;
    }

    /** {@code GET path} with the monitoring token, as an operator reads the endpoints. */
    private static RawHttp.Response monitoring(RawHttp raw, String path) throws IOException, InterruptedException {
        return raw.exchange("GET " + path + " HTTP/1.1\r\nHost: " + raw.authority() + "\r\nAuthorization: Bearer "
                + TestToken.TOKEN + "\r\nConnection: close\r\n\r\n", RawHttp.Options.standard()).response();
    }

    private static JsonNode json(RawHttp.Response r) throws IOException {
        assertNotNull(r);
        assertEquals(200, r.status(), r::toString);
        return JSON.readTree(r.body());
    }
}
