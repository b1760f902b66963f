package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.faultline.examples.DemoTraffic.Kind;
import dev.faultline.testkit.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A short demo run (3 s, at most {@value #BUDGET} requests) against the API started in-process as
 * {@code --demo-traffic} starts it (X-Forwarded-For believed from 127.0.0.1, default thresholds and
 * limits), then the monitoring endpoints it is meant to fill.
 */
@DisplayName("Demo traffic fills the monitoring endpoints")
class DemoTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUDGET = 1_000;

    private static Main.Server server;
    private static HttpClient client;
    private static DemoTraffic.Summary summary;
    private static LogCapture logs;

    @BeforeAll
    static void run() throws Exception {
        logs = LogCapture.attach();
        server = Main.start("127.0.0.1", 0, Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null)
                .monitoring(m -> m.token(TestToken.TOKEN))
                .security(s -> s.trustedProxies("127.0.0.1")));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        summary = DemoTraffic.run(server.uri(), Duration.ofSeconds(3), BUDGET, TestToken.TOKEN);
    }

    @AfterAll
    static void stop() {
        if (logs != null) {
            logs.close();
        }
        if (server != null) {
            server.stop();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @DisplayName("sends every kind of request within its budget and duration, and meets a 429")
    void summary() {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.OUTAGE) {
                assertTrue(summary.count(kind) > 0, kind + " in " + summary);
            }
        }
        assertEquals(0, summary.count(Kind.OUTAGE), "no outage in a run under " + DemoTraffic.OUTAGE_MIN_SECONDS + " s");
        assertEquals(null, summary.outage());
        assertTrue(summary.total() <= BUDGET, summary.toString());
        assertTrue(summary.elapsed().compareTo(Duration.ofSeconds(3 + 2 * DemoTraffic.REQUEST_TIMEOUT_SECONDS)) < 0,
                summary.toString());
        assertTrue(summary.count(429) >= 1, "no 429 in " + summary);
        for (int status : new int[] {200, 201, 400, 401, 404, 502, 503, 504}) {
            assertTrue(summary.count(status) > 0, status + " in " + summary);
        }
        assertEquals(0, summary.unanswered(), summary.toString());
        String report = summary.report(server.uri());
        assertTrue(report.contains("by status:") && report.contains("429 "), report);
        assertTrue(report.contains("curl -s -H \"Authorization: Bearer $FAULTLINE_MONITORING_TOKEN\" '"
                + server.uri().resolve("/metrics/insights") + "'"), report);
    }

    @Test
    @DisplayName("/metrics/errors counts errors of several types")
    void errors() throws Exception {
        JsonNode errors = get("/metrics/errors");
        assertTrue(errors.path("total_errors").asLong() > 0, errors.toString());
        List<String> types = names(errors.path("by_type"));
        for (String type : List.of("database", "external_service", "timeout", "not_found", "validation",
                "authentication", "rate_limited")) {
            assertTrue(types.contains(type), type + " in " + types);
        }
    }

    @Test
    @DisplayName("/metrics/trends?hours=1 has this hour's errors")
    void trends() throws Exception {
        JsonNode trends = get("/metrics/trends?hours=1");
        assertTrue(trends.path("total_errors").asLong() > 0, trends.toString());
        assertTrue(trends.path("hourly_counts").size() >= 1, trends.toString());
    }

    @Test
    @DisplayName("/metrics/insights has at least 3 patterns and recommends something about the database errors")
    void insights() throws Exception {
        JsonNode insights = get("/metrics/insights");
        assertTrue(insights.path("total_patterns").asInt() >= 3, insights.toString());
        JsonNode recommendations = insights.path("recommendations");
        assertTrue(recommendations.isArray() && !recommendations.isEmpty(), insights.toString());
        assertTrue(recommendations.findValuesAsText("title").contains("DATABASE errors dominate"),
                recommendations.toString());
    }

    @Test
    @DisplayName("/metrics/performance counts slow requests, security findings and the refused burst")
    void performance() throws Exception {
        JsonNode performance = get("/metrics/performance");
        assertTrue(performance.path("slow_requests").asLong() >= 1, performance.toString());
        JsonNode security = performance.path("security");
        assertTrue(security.path("blocked_requests").asLong() >= 1, security.toString());
        for (String category : List.of("xss", "path_traversal", "sql_injection", "jndi_lookup")) {
            assertTrue(security.path("by_category").path(category).asLong() >= 1, category + " in " + security);
        }
    }

    @Test
    @DisplayName("/health stays up after the demo")
    void health() throws Exception {
        JsonNode health = get("/health");
        assertEquals("up", health.path("status").asText(), health.toString());
    }

    @Test
    @DisplayName("stops at its request budget")
    void budget() throws Exception {
        DemoTraffic.Summary small = DemoTraffic.run(server.uri(), Duration.ofSeconds(2), 5);
        assertTrue(small.total() <= 5, small.toString());
    }

    @Test
    @DisplayName("targets http://127.0.0.1:PORT/ only, for 1 ms to 600 s and 1 to 100,000 requests")
    void bounds() {
        URI ok = URI.create("http://127.0.0.1:1/");
        for (URI target : List.of(URI.create("http://localhost:8080/"), URI.create("http://192.0.2.1:8080/"),
                URI.create("https://127.0.0.1:8080/"), URI.create("http://127.0.0.1/"))) {
            assertThrows(IllegalArgumentException.class, () -> DemoTraffic.run(target, Duration.ofSeconds(1), 1),
                    target.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> DemoTraffic.run(ok, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> DemoTraffic.run(ok, Duration.ofSeconds(601), 1));
        assertThrows(IllegalArgumentException.class, () -> DemoTraffic.run(ok, Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class, () -> DemoTraffic.run(ok, Duration.ofSeconds(1), 100_001));
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = TestToken.forMonitoring(HttpRequest.newBuilder(server.uri().resolve(path)), path)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    @Test
    @DisplayName("prints each distinct stack trace once; the failures in between point at the line that has it")
    void oneStackTracePerPattern() {
        List<ILoggingEvent> events = logs.events();
        Map<String, Integer> traces = new HashMap<>();
        for (ILoggingEvent e : events) {
            if (e.getThrowableProxy() != null) {
                traces.merge(e.getLoggerName() + "\n" + frames(e.getThrowableProxy()), 1, Integer::sum);
            }
        }
        assertTrue(!traces.isEmpty(), "the demo's failures logged no stack trace at all");
        traces.forEach((trace, times) -> assertEquals(1, times, () -> "printed " + times + " times:\n" + trace));
        Set<Object> withTrace = events.stream()
                .filter(e -> e.getLoggerName().equals("faultline.error") && e.getThrowableProxy() != null)
                .map(e -> LogCapture.kv(e).get("request_id")).collect(Collectors.toSet());
        List<Map<String, Object>> pointers = events.stream()
                .filter(e -> e.getLoggerName().equals("faultline.error") && e.getThrowableProxy() == null)
                .map(LogCapture::kv).filter(kv -> kv.containsKey("trace_request_id")).toList();
        assertTrue(!pointers.isEmpty(), "no failure repeated a pattern in the demo: " + summary);
        for (Map<String, Object> kv : pointers) {
            assertTrue(withTrace.contains(kv.get("trace_request_id")), () -> kv + " points at no line with a trace");
            assertTrue(kv.get("fingerprint") != null && kv.get("occurrences_since_trace") != null, kv::toString);
        }
    }

    /** A throwable's class chain and frames, without its messages (which name ids and differ per request). */
    private static String frames(IThrowableProxy proxy) {
        StringBuilder out = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            out.append(p.getClassName()).append('\n');
            for (StackTraceElementProxy frame : p.getStackTraceElementProxyArray()) {
                out.append("\tat ").append(frame.getStackTraceElement()).append('\n');
            }
        }
        return out.toString();
    }
}
