package dev.faultline.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.spring.boot.app.VideoApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Observe mode, chosen automatically because Spring writes problem details
 * ({@code spring.mvc.problemdetails.enabled=true}): Spring writes the body, Faultline counts each
 * failure with its real type and adds {@code request_id} and {@code error_type} to Spring's body.
 */
@SpringBootTest(classes = VideoApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.mvc.problemdetails.enabled=true",
    "faultline.monitoring.base-path=/ops",
    "faultline.monitoring.token=" + HttpSupport.TOKEN})
class ObserveModeTest extends HttpSupport {

    @LocalServerPort
    int port;

    @Autowired
    FaultlineExceptionResolver resolver;

    @Override
    int port() {
        return port;
    }

    @BeforeEach
    void clear() {
        VideoApp.COMPLETED.clear();
    }

    /** Spring's ProblemDetail, with Faultline's two properties. */
    private static void assertSpringProblem(Answer a, int status, String type) {
        assertEquals(status, a.status(), a.response().body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.header("Content-Type"));
        assertEquals(status, a.json().path("status").asInt(), a.response().body());
        assertEquals(type, a.json().path("error_type").asText(), a.response().body());
        assertNotNull(a.header("X-Request-Id"));
        assertEquals(a.header("X-Request-Id"), a.json().path("request_id").asText(), a.response().body());
    }

    @Test
    void springsProblemDetailsMakeTheModeObserve() {
        assertEquals(FaultlineProperties.Mode.OBSERVE, resolver.mode());
    }

    @Test
    void responseStatusException() throws Exception {
        Answer a = get("/videos/404");
        assertSpringProblem(a, 404, "not_found");
        assertEquals("no such video", a.json().path("detail").asText()); // Spring's body: its detail
        assertEquals(new VideoApp.Completed("GET", "/videos/{id}", 404, "not_found"), completed());
    }

    @Test
    void anAsyncHandlersFailure() throws Exception {
        Answer a = get("/async/videos/404");
        assertSpringProblem(a, 404, "not_found");
        assertEquals(new VideoApp.Completed("GET", "/async/videos/{id}", 404, "not_found"), completed());
    }

    @Test
    void validBody() throws Exception {
        Answer a = send("POST", "/videos", "application/json", "{\"title\":\"\",\"minutes\":-1}");
        assertSpringProblem(a, 400, "validation");
        assertEquals(new VideoApp.Completed("POST", "/videos", 400, "validation"), completed());
    }

    @Test
    void handlerMethodValidation() throws Exception {
        Answer a = get("/search?q=x&limit=0");
        assertSpringProblem(a, 400, "validation");
        assertEquals(new VideoApp.Completed("GET", "/search", 400, "validation"), completed());
    }

    @Test
    void typeMismatch() throws Exception {
        Answer a = get("/videos/abc");
        assertSpringProblem(a, 400, "validation");
        assertEquals(new VideoApp.Completed("GET", "/videos/{id}", 400, "validation"), completed());
    }

    @Test
    void missingParameter() throws Exception {
        Answer a = get("/search");
        assertSpringProblem(a, 400, "validation");
        assertEquals(new VideoApp.Completed("GET", "/search", 400, "validation"), completed());
    }

    @Test
    void unreadableBody() throws Exception {
        Answer a = send("POST", "/videos", "application/json", "{\"title\": ");
        assertSpringProblem(a, 400, "validation");
        assertEquals(new VideoApp.Completed("POST", "/videos", 400, "validation"), completed());
    }

    @Test
    void unsupportedMediaType() throws Exception {
        Answer a = send("POST", "/videos", "text/plain", "hello");
        assertSpringProblem(a, 415, "validation");
        assertEquals(new VideoApp.Completed("POST", "/videos", 415, "validation"), completed());
    }

    @Test
    void methodNotAllowed() throws Exception {
        Answer a = send("PUT", "/videos/7", null, null);
        assertEquals(405, a.status(), a.response().body());
        assertEquals(a.header("X-Request-Id"), a.json().path("request_id").asText(), a.response().body());
        assertTrue(a.header("Allow").contains("GET"), String.valueOf(a.header("Allow")));
        assertEquals(405, completed().status());
    }

    @Test
    void errorResponseException() throws Exception {
        Answer a = send("DELETE", "/videos/7/lock", null, null);
        assertSpringProblem(a, 409, "conflict");
        assertEquals(new VideoApp.Completed("DELETE", "/videos/{id}/lock", 409, "conflict"), completed());
    }

    @Test
    void constraintViolationThatSpringDoesNotHandle() throws Exception {
        // Spring has no handler for it: it leaves DispatcherServlet, and the filter answers with the problem
        Answer a = send("POST", "/videos/checked", "application/json", "{\"title\":\" \"}");
        assertEquals(new VideoApp.Completed("POST", "/videos/checked", a.status(), "validation"), completed());
        assertEquals(a.header("X-Request-Id"), a.json().path("request_id").asText(), a.response().body());
    }

    @Test
    void everyFailureIsCountedOnceWithItsType() throws Exception {
        JsonNode before = get("/ops/metrics/errors").json();
        get("/videos/404");
        get("/videos/abc");
        send("POST", "/videos", "application/json", "{\"title\":\"\",\"minutes\":-1}");
        get("/db");
        for (int i = 0; i < 4; i++) {
            completed();
        }
        JsonNode after = get("/ops/metrics/errors").json();
        assertEquals(before.path("total_errors").asLong() + 4, after.path("total_errors").asLong(), after.toString());
        assertEquals(before.path("by_type").path("validation").asLong() + 2,
                after.path("by_type").path("validation").asLong(), after.toString());
        assertEquals(before.path("by_type").path("not_found").asLong() + 1,
                after.path("by_type").path("not_found").asLong(), after.toString());
        assertEquals(before.path("by_type").path("database").asLong() + 1,
                after.path("by_type").path("database").asLong(), after.toString());
    }
}
