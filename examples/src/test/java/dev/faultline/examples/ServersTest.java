package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The curl checks of examples/README.md against each {@code --server}: every server answers them alike.
 */
class ServersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    @DisplayName("each server answers the same curl checks")
    void sameAnswers(ServerKind kind) throws Exception {
        Faultline.Builder faultline = Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null) // whatever this machine's FAULTLINE_* say
                .monitoring(m -> m.token(TestToken.TOKEN)); // as FAULTLINE_MONITORING_TOKEN would
        try (Main.Server server = Main.start(kind, "127.0.0.1", 0, faultline, Clock.systemUTC());
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertTrue(server.port() > 0);
            URI base = server.uri();

            // curl -i localhost:8080/videos/nope
            HttpResponse<String> missing = send(client, HttpRequest.newBuilder(base.resolve("/videos/nope")).GET());
            assertProblem(missing, 404, "not_found");
            assertEquals("Video not found", json(missing).path("detail").asText(), missing.body());

            // a client-chosen request id comes back in the header and the body
            HttpResponse<String> chosen = send(client, HttpRequest.newBuilder(base.resolve("/videos/nope"))
                    .header("X-Request-Id", "curl-check-" + kind.label()).GET());
            assertProblem(chosen, 404, "not_found");
            assertEquals("curl-check-" + kind.label(), json(chosen).path("request_id").asText());

            // curl -i -X POST localhost:8080/videos -H 'Content-Type: application/json' -d '{...}'
            HttpResponse<String> created = post(client, base, """
                    {"title": "Launch day", "template_id": "promo-16x9_v2", "script": "Hello, wörld!"}""");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("application/json", created.headers().firstValue("Content-Type").orElseThrow()
                    .replace(";charset=UTF-8", "").replace("; charset=UTF-8", ""));
            JsonNode video = json(created);
            String id = video.path("id").asText();
            assertEquals("Launch day", video.path("title").asText());
            assertEquals("/videos/" + id, URI.create(created.headers().firstValue("Location").orElseThrow()).getPath());
            assertTrue(created.headers().firstValue("X-Request-Id").isPresent());

            HttpResponse<String> got = send(client, HttpRequest.newBuilder(base.resolve("/videos/" + id)).GET());
            assertEquals(200, got.statusCode(), got.body());
            assertEquals(id, json(got).path("id").asText());
            assertEquals("Launch day", json(got).path("title").asText());

            HttpResponse<String> list = send(client, HttpRequest.newBuilder(base.resolve("/videos")).GET());
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(json(list).path("count").asInt() >= 1, list.body());

            // an invalid video: a 400 problem naming each field
            HttpResponse<String> invalid = post(client, base, "{\"title\": \"\", \"template_id\": \"Not Valid!\"}");
            assertProblem(invalid, 400, "validation");
            Set<String> fields = new HashSet<>();
            for (JsonNode error : json(invalid).path("errors")) {
                fields.add(error.path("field").asText());
            }
            assertEquals(Set.of("title", "template_id", "script"), fields, invalid.body());

            // curl -i 'localhost:8080/videos/nope?fail=database'
            HttpResponse<String> database = send(client,
                    HttpRequest.newBuilder(base.resolve("/videos/nope?fail=database")).GET());
            assertProblem(database, 503, "database");

            // curl -i 'localhost:8080/videos/nope?fail=external': a refused upstream connection
            assertProblem(send(client, HttpRequest.newBuilder(base.resolve("/videos/nope?fail=external")).GET()),
                    502, "external_service");

            // an unknown path is a 404 problem too
            assertProblem(send(client, HttpRequest.newBuilder(base.resolve("/no/such/path")).GET()), 404, "not_found");

            // a known path with another method: a 405 problem
            HttpResponse<String> put = send(client, HttpRequest.newBuilder(base.resolve("/videos"))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertProblem(put, 405, "validation");

            // a token that is not known: a 401 problem
            assertProblem(send(client, HttpRequest.newBuilder(base.resolve("/videos"))
                    .header("Authorization", "Bearer nope").GET()), 401, "authentication");

            // curl -i localhost:8080/health
            HttpResponse<String> health = send(client, HttpRequest.newBuilder(base.resolve("/health")).GET());
            assertEquals(200, health.statusCode(), health.body());

            // curl -s localhost:8080/metrics/errors without the token: 401, closed by default
            assertProblem(send(client, HttpRequest.newBuilder(base.resolve("/metrics/errors")).GET()), 401, "authentication");
            // curl -s -H "Authorization: Bearer $FAULTLINE_MONITORING_TOKEN" localhost:8080/metrics/errors:
            // the route template, not the raw path
            HttpResponse<String> errors = send(client, HttpRequest.newBuilder(base.resolve("/metrics/errors"))
                    .header("Authorization", "Bearer " + TestToken.TOKEN).GET());
            assertEquals(200, errors.statusCode(), errors.body());
            assertTrue(json(errors).isObject(), errors.body());
            assertTrue(errors.body().contains("\"/videos/{id}\""), errors.body());
            assertTrue(!errors.body().contains("/videos/nope"), errors.body());
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String errorType) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElseThrow());
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode body = json(r);
        assertEquals(status, body.path("status").asInt(), r.body());
        assertEquals(errorType, body.path("error_type").asText(), r.body());
        assertEquals(requestId, body.path("request_id").asText(), r.body());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(HttpClient client, URI base, String body)
            throws IOException, InterruptedException {
        return send(client, HttpRequest.newBuilder(base.resolve("/videos"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
