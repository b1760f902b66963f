package dev.faultline.examples;

import static dev.faultline.examples.CapturingAppender.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The health endpoints with the app's checks and the slow endpoint, over real HTTP against the API
 * started in-process. The slow-request threshold is lowered to {@value #THRESHOLD_MS} ms here, so that a
 * slow request takes no second.
 */
@DisplayName("Health checks and the slow endpoint")
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long THRESHOLD_MS = 100;

    private static Main.Server server;
    private static HttpClient client;
    private static CapturingAppender performanceLog;

    @BeforeAll
    static void start() throws Exception {
        performanceLog = new CapturingAppender();
        performanceLog.start();
        ((Logger) LoggerFactory.getLogger("faultline.performance")).addAppender(performanceLog);
        server = Main.start("127.0.0.1", 0, Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null)
                .monitoring(m -> m.token(TestToken.TOKEN))
                .performance(p -> p.slowRequestThreshold(Duration.ofMillis(THRESHOLD_MS))));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (client != null) {
            client.close();
        }
        ((Logger) LoggerFactory.getLogger("faultline.performance")).detachAppender(performanceLog);
    }

    @Test
    @DisplayName("/health is 200 with database (critical), cache and video-cdn all up, each with details")
    void health() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = json(r);
        assertEquals("up", body.path("status").asText(), r.body());
        JsonNode services = body.path("services");
        assertEquals(List.of("database", "cache", "video-cdn"), names(services));
        for (String name : List.of("database", "cache", "video-cdn")) {
            assertEquals("up", services.path(name).path("status").asText(), name + ": " + r.body());
        }
        assertTrue(services.path("database").path("critical").asBoolean());
        assertEquals(VideoRepository.MAX_CONNECTIONS, services.path("database").path("details").path("pool_max").asInt());
        assertFalse(services.path("cache").path("critical").asBoolean());
        assertEquals(TokenStore.MAX_TOKENS, services.path("cache").path("details").path("capacity").asInt());
        assertTrue(services.path("cache").path("details").path("entries").isNumber());
        assertFalse(services.path("video-cdn").path("critical").asBoolean());
        assertEquals(200, services.path("video-cdn").path("details").path("http_status").asInt());
    }

    @Test
    @DisplayName("/health/ready is 200 with the same checks, /health/live is 200 with none")
    void probes() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals(List.of("database", "cache", "video-cdn"), names(json(ready).path("services")));

        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("up", json(live).path("status").asText());
        assertEquals(List.of(), names(json(live).path("services")));
    }

    @Test
    @DisplayName("GET /slow?ms=N answers after N ms; over the threshold it is logged as a slow request and counted")
    void slowRequest() throws Exception {
        HttpResponse<String> r = get("/slow?ms=" + (THRESHOLD_MS + 50));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(THRESHOLD_MS + 50, json(r).path("requested_ms").asLong());
        assertTrue(json(r).path("waited_ms").asLong() >= THRESHOLD_MS + 50, r.body());
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();

        ILoggingEvent warning = performanceLog.await(e -> "slow request".equals(e.getMessage())
                && requestId.equals(kv(e, "request_id")), Duration.ofSeconds(10));
        assertNotNull(warning, "no 'slow request' on faultline.performance for " + requestId);
        assertEquals("/slow", kv(warning, "endpoint"));
        assertEquals(THRESHOLD_MS, ((Number) kv(warning, "threshold_ms")).longValue());

        JsonNode performance = json(get("/metrics/performance"));
        assertTrue(performance.path("slow_requests").asLong() >= 1, performance.toString());
    }

    @Test
    @DisplayName("GET /slow?ms=0 answers at once")
    void fast() throws Exception {
        HttpResponse<String> r = get("/slow?ms=0");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, json(r).path("requested_ms").asInt());
    }

    @Test
    @DisplayName("GET /slow with ms over 5000, negative or not a number is a 400 problem naming ms")
    void slowBound() throws Exception {
        for (String ms : List.of("5001", "-1", "abc", "1e3", "99999999999")) {
            HttpResponse<String> r = get("/slow?ms=" + ms);
            assertEquals(400, r.statusCode(), ms + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
            JsonNode problem = json(r);
            assertEquals("validation", problem.path("error_type").asText());
            assertEquals(1, problem.path("errors").size(), r.body());
            assertEquals("ms", problem.path("errors").path(0).path("field").asText());
            assertTrue(problem.path("errors").path(0).path("message").asText().contains("5000"), r.body());
        }
    }

    @Test
    @DisplayName("the index lists the slow endpoint and the monitoring endpoints")
    void index() throws Exception {
        JsonNode index = json(get("/"));
        assertTrue(index.path("endpoints").findValuesAsText("path").contains("/slow?ms=N"), index.toString());
        List<String> monitoring = index.path("monitoring").findValuesAsText("path");
        for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics/errors",
                "/metrics/insights", "/metrics/performance")) {
            assertTrue(monitoring.contains(path), path + " in " + monitoring);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = TestToken.forMonitoring(HttpRequest.newBuilder(server.uri().resolve(path)), path)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
