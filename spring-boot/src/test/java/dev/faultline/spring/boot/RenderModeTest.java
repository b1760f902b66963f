package dev.faultline.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.spring.boot.app.VideoApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import dev.faultline.micrometer.FaultlineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Render mode: Faultline writes the problem for every failure Spring MVC handles. */
@SpringBootTest(classes = VideoApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "faultline.mvc.mode=render",
    "faultline.monitoring.base-path=/ops",
    "faultline.monitoring.token=" + HttpSupport.TOKEN,
    "management.endpoints.web.exposure.include=health",
    "management.endpoint.health.show-details=always"})
class RenderModeTest extends HttpSupport {

    @LocalServerPort
    int port;

    @Autowired
    FaultlineExceptionResolver resolver;

    @Autowired
    MeterRegistry meters;

    @Override
    int port() {
        return port;
    }

    @BeforeEach
    void clear() {
        VideoApp.COMPLETED.clear();
        VideoApp.CATALOGUE_UP.set(true);
    }

    private static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.path("field").asText() + ": " + e.path("message").asText()));
        return out;
    }

    private static void assertProblem(Answer a, int status, String type) {
        assertEquals(status, a.status(), a.response().body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.header("Content-Type"));
        assertEquals(type, a.json().path("error_type").asText(), a.response().body());
        assertNotNull(a.header("X-Request-Id"));
        assertEquals(a.header("X-Request-Id"), a.json().path("request_id").asText());
    }

    @Test
    void theModeIsRender() {
        assertEquals(FaultlineProperties.Mode.RENDER, resolver.mode());
    }

    @Test
    void responseStatusExceptionKeepsItsReasonAndTheRouteTemplate() throws Exception {
        Answer a = get("/videos/404");
        assertProblem(a, 404, "not_found");
        assertEquals("no such video", a.json().path("detail").asText());
        assertEquals(new VideoApp.Completed("GET", "/videos/{id}", 404, "not_found"), completed());
    }

    @Test
    void anAsyncHandlersFailureIsSeenToo() throws Exception {
        Answer a = get("/async/videos/404");
        assertProblem(a, 404, "not_found");
        assertEquals("no such video", a.json().path("detail").asText());
        assertEquals(new VideoApp.Completed("GET", "/async/videos/{id}", 404, "not_found"), completed());
    }

    @Test
    void springsErrorPathAnswersAProblem() throws Exception {
        Answer a = get("/error");
        assertProblem(a, 404, "not_found");
        assertEquals(404, completed().status());
    }

    @Test
    void successIsCountedUnderItsTemplate() throws Exception {
        assertEquals(200, get("/videos/7").status());
        assertEquals(new VideoApp.Completed("GET", "/videos/{id}", 200, null), completed());
    }

    @Test
    void validBodyFailureGivesFieldErrors() throws Exception {
        Answer a = send("POST", "/videos", "application/json", "{\"title\":\"\",\"minutes\":-1}");
        assertProblem(a, 400, "validation");
        List<String> f = fields(a.json());
        assertEquals(2, f.size(), f.toString());
        assertTrue(f.stream().anyMatch(s -> s.startsWith("title: ")), f.toString());
        assertTrue(f.stream().anyMatch(s -> s.startsWith("minutes: ")), f.toString());
        assertEquals(new VideoApp.Completed("POST", "/videos", 400, "validation"), completed());
    }

    @Test
    void handlerMethodValidationGivesTheParameter() throws Exception {
        Answer a = get("/search?q=x&limit=0");
        assertProblem(a, 400, "validation");
        assertEquals(List.of("limit: must be greater than or equal to 1"), fields(a.json()));
        assertEquals(new VideoApp.Completed("GET", "/search", 400, "validation"), completed());
    }

    @Test
    void constraintViolationGivesTheProperty() throws Exception {
        Answer a = send("POST", "/videos/checked", "application/json", "{\"title\":\" \"}");
        assertProblem(a, 400, "validation");
        assertEquals(List.of("title: must not be blank"), fields(a.json()));
        assertEquals(new VideoApp.Completed("POST", "/videos/checked", 400, "validation"), completed());
    }

    @Test
    void typeMismatchNamesTheParameter() throws Exception {
        Answer a = get("/videos/abc");
        assertProblem(a, 400, "validation");
        assertEquals(List.of("id: must be of type int"), fields(a.json()));
        // the template, not one endpoint per id
        assertEquals(new VideoApp.Completed("GET", "/videos/{id}", 400, "validation"), completed());
    }

    @Test
    void missingParameterIsNamed() throws Exception {
        Answer a = get("/search");
        assertProblem(a, 400, "validation");
        assertEquals(List.of("q: is required"), fields(a.json()));
        assertTrue(a.json().path("detail").asText().contains("'q'"), a.json().toString());
        completed();
    }

    @Test
    void unreadableBodyShowsNoParserInternals() throws Exception {
        Answer a = send("POST", "/videos", "application/json", "{\"title\": ");
        assertProblem(a, 400, "validation");
        assertEquals("The request body could not be read.", a.json().path("detail").asText());
        assertEquals(new VideoApp.Completed("POST", "/videos", 400, "validation"), completed());
    }

    @Test
    void unsupportedMediaTypeKeepsItsStatusAndAccept() throws Exception {
        Answer a = send("POST", "/videos", "text/plain", "hello");
        assertEquals(415, a.status(), a.response().body());
        assertEquals(415, a.json().path("status").asInt());
        assertNotNull(a.json().path("request_id").textValue());
        assertTrue(a.header("Accept").contains("application/json"), String.valueOf(a.header("Accept")));
        assertEquals(415, completed().status());
    }

    @Test
    void methodNotAllowedKeepsItsAllowHeader() throws Exception {
        Answer a = send("PUT", "/videos/7", null, null);
        assertEquals(405, a.status(), a.response().body());
        assertEquals(405, a.json().path("status").asInt());
        assertTrue(a.header("Allow").contains("GET"), String.valueOf(a.header("Allow")));
        assertEquals(405, completed().status());
    }

    @Test
    void errorResponseExceptionKeepsItsStatus() throws Exception {
        Answer a = send("DELETE", "/videos/7/lock", null, null);
        assertProblem(a, 409, "conflict");
        assertEquals(new VideoApp.Completed("DELETE", "/videos/{id}/lock", 409, "conflict"), completed());
    }

    @Test
    void theRootCauseIsClassified() throws Exception {
        Answer a = get("/db");
        assertProblem(a, 503, "database");
        assertEquals(new VideoApp.Completed("GET", "/db", 503, "database"), completed());
    }

    @Test
    void theExceptionThrownIsClassifiedNotItsInnermostCause() throws Exception {
        Answer a = get("/upstream");
        assertProblem(a, 502, "external_service");
        assertEquals(new VideoApp.Completed("GET", "/upstream", 502, "external_service"), completed());
    }

    @Test
    void unmatchedStaysUnmatched() throws Exception {
        Answer a = get("/no/such/thing");
        assertEquals(404, a.status(), a.response().body());
        assertEquals(404, a.json().path("status").asInt());
        assertEquals(new VideoApp.Completed("GET", "_unmatched", 404, "not_found"), completed());
    }

    @Test
    void monitoringCountsEveryFailureByTypeUnderTheBasePath() throws Exception {
        JsonNode before = get("/ops/metrics/errors").json();
        get("/videos/404");
        get("/videos/abc");
        send("POST", "/videos", "application/json", "{\"title\":\"\",\"minutes\":-1}");
        for (int i = 0; i < 3; i++) {
            completed(); // the three failures (monitoring calls are not application exchanges)
        }
        Answer after = get("/ops/metrics/errors");
        assertEquals(200, after.status(), after.response().body());
        assertEquals(before.path("total_errors").asLong() + 3, after.json().path("total_errors").asLong(),
                after.response().body());
        assertEquals(before.path("by_type").path("validation").asLong() + 2,
                after.json().path("by_type").path("validation").asLong(), after.response().body());
    }

    @Test
    void theDashboardIsUnderTheBasePathAndItsDataBehindTheGuard() throws Exception {
        Answer open = get("/ops/metrics/dashboard/");
        assertEquals(200, open.status());
        assertTrue(open.header("Content-Type").startsWith("text/html"), open.header("Content-Type"));
        // the page's files carry no data and load without the token (a browser cannot send it when it
        // navigates); the data it asks for stays behind the guard
        HttpResponse<String> closed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ops/metrics/errors")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, closed.statusCode(), closed.body());
    }

    @Test
    void faultlineMetersAreInTheApplicationsRegistry() throws Exception {
        get("/videos/404");
        completed();
        assertTrue(meters.find(FaultlineMetrics.REQUESTS).tag("endpoint", "/videos/{id}").meters().size() > 0,
                meters.getMeters().stream().map(m -> m.getId().toString()).filter(s -> s.contains("faultline")).toList()
                        .toString());
        assertTrue(meters.find(FaultlineMetrics.ERRORS).meters().size() > 0);
    }

    @Test
    void actuatorHealthReflectsAFailingCheck() throws Exception {
        Answer up = get("/actuator/health");
        assertEquals(200, up.status(), up.response().body());
        assertEquals("UP", up.json().path("components").path("faultline").path("status").asText(), up.response().body());
        VideoApp.CATALOGUE_UP.set(false);
        long deadline = System.nanoTime() + 10_000_000_000L;
        Answer down;
        do {
            Thread.sleep(200);
            down = get("/actuator/health");
        } while (down.status() == 200 && System.nanoTime() < deadline);
        assertEquals(503, down.status(), down.response().body());
        JsonNode faultline = down.json().path("components").path("faultline");
        assertEquals("DOWN", faultline.path("status").asText(), down.response().body());
        assertEquals("catalogue unreachable", faultline.path("details").path("catalogue").path("error").asText(),
                down.response().body());
    }
}
