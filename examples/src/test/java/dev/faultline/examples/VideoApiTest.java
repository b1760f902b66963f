package dev.faultline.examples;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The video API started in-process on a free loopback port, behind Faultline with the production
 * preset, exercised over real HTTP with the JDK client.
 */
@DisplayName("The video API behind Faultline (production preset)")
class VideoApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";

    private static Main.Server server;
    private static HttpClient client;
    private static CapturingAppender httpLog;

    @BeforeAll
    static void start() throws Exception {
        httpLog = new CapturingAppender();
        httpLog.start();
        ((Logger) LoggerFactory.getLogger("faultline.http")).addAppender(httpLog);
        Faultline.Builder faultline = Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null); // whatever this machine's FAULTLINE_* say
        server = Main.start("127.0.0.1", 0, faultline);
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
        ((Logger) LoggerFactory.getLogger("faultline.http")).detachAppender(httpLog);
    }

    @Test
    @DisplayName("listens on the picked port and serves an index at /")
    void index() throws Exception {
        assertTrue(server.port() > 0);
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(json(r).path("endpoints").isArray());
    }

    @Nested
    @DisplayName("GET /videos/{id} of an unknown video")
    class NotFound {

        @Test
        @DisplayName("is a 404 problem whose request_id is the X-Request-Id header")
        void problem() throws Exception {
            HttpResponse<String> r = get("/videos/nope");
            assertProblem(r, 404, "not_found");
            JsonNode body = json(r);
            assertEquals("Video not found", body.path("detail").asText());
            assertEquals("/videos/nope", body.path("instance").asText());
            assertFalse(r.body().contains("no video with id"), "the internal message stays in the logs");
        }

        @Test
        @DisplayName("logs 'request completed' on faultline.http with the same request_id and the route template")
        void logged() throws Exception {
            HttpResponse<String> r = get("/videos/nope");
            String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();

            ILoggingEvent event = httpLog.await(e -> "request completed".equals(e.getMessage())
                    && requestId.equals(kv(e, "request_id")), Duration.ofSeconds(10));

            assertNotNull(event, "no 'request completed' event with request_id " + requestId);
            assertEquals(404, kv(event, "status"));
            assertEquals("/videos/{id}", kv(event, "endpoint"));
            assertEquals("GET", kv(event, "method"));
            assertEquals("not_found", kv(event, "error_type"));
        }

        @Test
        @DisplayName("keeps a well-formed incoming X-Request-Id")
        void incomingRequestId() throws Exception {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/videos/nope"))
                    .header("X-Request-Id", "client-chosen.id_1").GET().build());
            assertProblem(r, 404, "not_found");
            assertEquals("client-chosen.id_1", json(r).path("request_id").asText());
        }
    }

    @Nested
    @DisplayName("POST /videos")
    class Create {

        @Test
        @DisplayName("stores a valid video: 201 with Location, then GET gives it back and the list has it")
        void createThenGet() throws Exception {
            HttpResponse<String> created = post("""
                    {"title": "Launch day", "template_id": "promo-16x9_v2", "script": "Hello, wörld!"}""");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode video = json(created);
            String id = video.path("id").asText();
            assertTrue(id.matches("vid_[0-9a-f]{16}"), id);
            assertEquals("Launch day", video.path("title").asText());
            assertEquals("promo-16x9_v2", video.path("template_id").asText());
            assertEquals(13, video.path("script_length").asInt());
            assertEquals("anonymous", video.path("owner").asText(), "created without a token");
            assertFalse(video.path("created_at").asText().isEmpty());
            assertEquals("/videos/" + id, created.headers().firstValue("Location").orElseThrow());

            HttpResponse<String> fetched = get("/videos/" + id);
            assertEquals(200, fetched.statusCode());
            assertEquals(video, json(fetched));

            HttpResponse<String> list = get("/videos");
            assertEquals(200, list.statusCode());
            assertTrue(json(list).path("videos").findValuesAsText("id").contains(id));
        }

        @Test
        @DisplayName("reports every missing field in one 400 problem")
        void missingFields() throws Exception {
            HttpResponse<String> r = post("{}");
            assertProblem(r, 400, "validation");
            assertEquals(Set.of("title", "template_id", "script"), fields(json(r)));
        }

        @Test
        @DisplayName("reports every invalid field in one 400 problem")
        void invalidFields() throws Exception {
            String body = JSON.writeValueAsString(java.util.Map.of(
                    "title", "x".repeat(201),
                    "template_id", "Not Valid!",
                    "script", "s".repeat(10_001)));
            HttpResponse<String> r = post(body);
            assertProblem(r, 400, "validation");
            assertEquals(Set.of("title", "template_id", "script"), fields(json(r)));

            HttpResponse<String> wrongTypes = post("{\"title\": 7, \"template_id\": \"ok\", \"script\": null}");
            assertProblem(wrongTypes, 400, "validation");
            assertEquals(Set.of("title", "script"), fields(json(wrongTypes)));
        }

        @Test
        @DisplayName("answers malformed JSON, a non-object and an empty body with a 400 problem")
        void malformed() throws Exception {
            for (String body : List.of("{\"title\": ", "[1, 2]", "", "{\"title\": \"a\"} trailing")) {
                HttpResponse<String> r = post(body);
                assertProblem(r, 400, "validation");
                assertNoInternals(r.body());
            }
        }

        @Test
        @DisplayName("answers a body over 64 KiB with a 413 problem")
        void tooLarge() throws Exception {
            String body = "{\"title\": \"" + "x".repeat(VideoApi.MAX_BODY_BYTES) + "\"}";
            HttpResponse<String> r = post(body);
            assertProblem(r, 413, "payload_too_large");
        }
    }

    @Nested
    @DisplayName("?fail= provokes a real failure")
    class Failures {

        @Test
        @DisplayName("database: a failing SQL statement is a 503 problem without SQL or exception names")
        void database() throws Exception {
            for (String path : List.of("/videos/nope?fail=database", "/videos?fail=database")) {
                HttpResponse<String> r = get(path);
                assertProblem(r, 503, "database");
                assertNoInternals(r.body());
            }
        }

        @Test
        @DisplayName("external: a refused connection is a 502 problem")
        void external() throws Exception {
            HttpResponse<String> r = get("/videos/nope?fail=external");
            assertProblem(r, 502, "external_service");
            assertNoInternals(r.body());
        }

        @Test
        @DisplayName("timeout: an upstream that never answers is a 504 problem")
        void timeout() throws Exception {
            HttpResponse<String> r = get("/videos?fail=timeout");
            assertProblem(r, 504, "timeout");
            assertNoInternals(r.body());
        }

        @Test
        @DisplayName("an unknown failure name is a 400 problem naming the parameter")
        void unknown() throws Exception {
            HttpResponse<String> r = get("/videos/nope?fail=meteor");
            assertProblem(r, 400, "validation");
            assertEquals(Set.of("fail"), fields(json(r)));
        }
    }

    @Test
    @DisplayName("an unknown path is a 404 problem and a wrong method a 405 problem")
    void routerStatuses() throws Exception {
        assertProblem(get("/nowhere"), 404, "not_found");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/videos/abc"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, r.statusCode());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElseThrow());
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertProblem(HttpResponse<String> r, int status, String errorType) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElseThrow());
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode body = json(r);
        assertEquals(status, body.path("status").asInt());
        assertEquals(errorType, body.path("error_type").asText());
        assertEquals(requestId, body.path("request_id").asText());
    }

    /** Production problem bodies show neither exception classes, internal messages nor SQL. */
    private static void assertNoInternals(String body) throws IOException {
        JsonNode problem = JSON.readTree(body);
        for (String member : List.of("exception", "message", "stack")) {
            assertFalse(problem.has(member), member + " in " + body);
        }
        String lower = body.toLowerCase(Locale.ROOT);
        for (String secret : List.of("select", "video_archive", "sql", "h2", "exception", "java.",
                "com.fasterxml", "127.0.0.1", "connect")) {
            assertFalse(lower.contains(secret), "'" + secret + "' in " + body);
        }
    }

    private static Set<String> fields(JsonNode problem) {
        Set<String> fields = new HashSet<>();
        for (JsonNode error : problem.path("errors")) {
            assertFalse(error.path("message").asText().isEmpty(), error.toString());
            assertTrue(fields.add(error.path("field").asText()), "field reported twice: " + error);
        }
        return fields;
    }

    private static Object kv(ILoggingEvent event, String key) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (pair.key.equals(key)) {
                    return pair.value;
                }
            }
        }
        return null;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static URI uri(String path) {
        return server.uri().resolve(path);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("/videos"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(timed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
