package dev.faultline.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot video API on a free loopback port, in the production preset with a monitoring token
 * (as {@code FAULTLINE_ENV=production FAULTLINE_MONITORING_TOKEN=...} would set them), answering the
 * same curl checks as the other servers ({@code examples}' {@code ServersTest}) and the README's.
 */
@DisplayName("The video API on Spring Boot answers the examples' curl checks")
class VideoApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";
    private static final String TOKEN = "examples-monitoring-token-0123456789";

    private static ConfigurableApplicationContext app;
    private static HttpClient client;
    private static URI base;

    @BeforeAll
    static void start() {
        SpringApplication application = new SpringApplication(VideoApplication.class);
        application.setDefaultProperties(Map.of("server.port", "0", "server.address", "127.0.0.1",
                "faultline.environment", "production", "faultline.monitoring.token", TOKEN));
        app = application.run();
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        base = URI.create("http://127.0.0.1:" + port + "/");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @DisplayName("the curl checks every server answers alike (ServersTest)")
    void sameAnswersAsTheOtherServers() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(base.resolve("/videos/nope")).GET());
        assertProblem(missing, 404, "not_found");
        assertEquals("Video not found", json(missing).path("detail").asText(), missing.body());

        HttpResponse<String> chosen = send(HttpRequest.newBuilder(base.resolve("/videos/nope"))
                .header("X-Request-Id", "curl-check-spring").GET());
        assertProblem(chosen, 404, "not_found");
        assertEquals("curl-check-spring", json(chosen).path("request_id").asText());

        HttpResponse<String> created = post("/videos", "application/json", """
                {"title": "Launch day", "template_id": "promo-16x9_v2", "script": "Hello, wörld!"}""");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("application/json", created.headers().firstValue("Content-Type").orElseThrow()
                .replace(";charset=UTF-8", "").replace("; charset=UTF-8", ""));
        JsonNode video = json(created);
        String id = video.path("id").asText();
        assertEquals("Launch day", video.path("title").asText());
        assertEquals("/videos/" + id, URI.create(created.headers().firstValue("Location").orElseThrow()).getPath());
        assertTrue(created.headers().firstValue("X-Request-Id").isPresent());

        HttpResponse<String> got = send(HttpRequest.newBuilder(base.resolve("/videos/" + id)).GET());
        assertEquals(200, got.statusCode(), got.body());
        assertEquals(id, json(got).path("id").asText());
        assertEquals("Launch day", json(got).path("title").asText());

        HttpResponse<String> list = send(HttpRequest.newBuilder(base.resolve("/videos")).GET());
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(json(list).path("count").asInt() >= 1, list.body());

        HttpResponse<String> invalid = post("/videos", "application/json", "{\"title\": \"\", \"template_id\": \"Not Valid!\"}");
        assertProblem(invalid, 400, "validation");
        assertEquals(Set.of("title", "template_id", "script"), fields(invalid), invalid.body());

        assertProblem(send(HttpRequest.newBuilder(base.resolve("/videos/nope?fail=database")).GET()), 503, "database");
        assertProblem(send(HttpRequest.newBuilder(base.resolve("/videos/nope?fail=external")).GET()), 502,
                "external_service");
        assertProblem(send(HttpRequest.newBuilder(base.resolve("/no/such/path")).GET()), 404, "not_found");
        assertProblem(send(HttpRequest.newBuilder(base.resolve("/videos")).PUT(HttpRequest.BodyPublishers.noBody())),
                405, "validation");
        assertProblem(send(HttpRequest.newBuilder(base.resolve("/videos")).header("Authorization", "Bearer nope").GET()),
                401, "authentication");

        HttpResponse<String> health = send(HttpRequest.newBuilder(base.resolve("/health")).GET());
        assertEquals(200, health.statusCode(), health.body());

        assertProblem(send(HttpRequest.newBuilder(base.resolve("/metrics/errors")).GET()), 401, "authentication");
        HttpResponse<String> errors = send(HttpRequest.newBuilder(base.resolve("/metrics/errors"))
                .header("Authorization", "Bearer " + TOKEN).GET());
        assertEquals(200, errors.statusCode(), errors.body());
        assertTrue(json(errors).isObject(), errors.body());
        assertTrue(errors.body().contains("\"/videos/{id}\""), errors.body());
        assertFalse(errors.body().contains("/videos/nope"), errors.body());
    }

    @Test
    @DisplayName("the README's other curl checks: missing fields, malformed JSON, a timeout, /slow's range, the health checks")
    void readmeChecks() throws Exception {
        // curl -i localhost:8080/videos -d '{}': curl declares a form; the API reads JSON whatever the type
        HttpResponse<String> empty = post("/videos", "application/x-www-form-urlencoded", "{}");
        assertProblem(empty, 400, "validation");
        assertEquals(Set.of("title", "template_id", "script"), fields(empty), empty.body());
        assertProblem(post("/videos", "application/x-www-form-urlencoded", "{\"title\": "), 400, "validation");
        assertProblem(send(HttpRequest.newBuilder(base.resolve("/videos/nope?fail=timeout")).GET()), 504, "timeout");
        HttpResponse<String> tooSlow = send(HttpRequest.newBuilder(base.resolve("/slow?ms=9000")).GET());
        assertProblem(tooSlow, 400, "validation");
        assertEquals(Set.of("ms"), fields(tooSlow));
        assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/slow?ms=0")).GET()).statusCode());
        JsonNode health = json(send(HttpRequest.newBuilder(base.resolve("/health")).GET()));
        for (String check : new String[] {"database", "cache", "video-cdn"}) {
            assertEquals("up", health.path("services").path(check).path("status").asText(), health::toString);
        }
    }

    @Test
    @DisplayName("log in, create, and delete: 415 for a login not declared JSON, 401 for a wrong password, 403 for another user")
    void loginFlow() throws Exception {
        assertProblem(post("/login", "text/plain", "{\"username\": \"alice\", \"password\": \"wonderland\"}"), 415,
                "validation");
        assertProblem(post("/login", "application/json", "{\"username\": \"alice\", \"password\": \"nope\"}"), 401,
                "authentication");
        String alice = json(post("/login", "application/json",
                "{\"username\": \"alice\", \"password\": \"wonderland\"}")).path("token").asText();
        String bob = json(post("/login", "application/json",
                "{\"username\": \"bob\", \"password\": \"builder\"}")).path("token").asText();
        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/videos"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + alice)
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"Mine\", \"template_id\": \"promo_1\", \"script\": \"Hi\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).path("id").asText();
        assertEquals("alice", json(created).path("owner").asText());
        assertProblem(send(HttpRequest.newBuilder(base.resolve("/videos/" + id)).header("Authorization", "Bearer " + bob)
                .DELETE()), 403, "authorization");
        HttpResponse<String> unauthenticated = send(HttpRequest.newBuilder(base.resolve("/videos/" + id)).DELETE());
        assertProblem(unauthenticated, 401, "authentication");
        assertTrue(unauthenticated.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(204, send(HttpRequest.newBuilder(base.resolve("/videos/" + id))
                .header("Authorization", "Bearer " + alice).DELETE()).statusCode());
    }

    private static Set<String> fields(HttpResponse<String> r) throws IOException {
        Set<String> fields = new HashSet<>();
        for (JsonNode error : json(r).path("errors")) {
            fields.add(error.path("field").asText());
        }
        return fields;
    }

    private static void assertProblem(HttpResponse<String> r, int status, String errorType) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElseThrow(), r.body());
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode body = json(r);
        assertEquals(status, body.path("status").asInt(), r.body());
        assertEquals(errorType, body.path("error_type").asText(), r.body());
        assertEquals(requestId, body.path("request_id").asText(), r.body());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
