package dev.faultline.servlet;

import static dev.faultline.testkit.HostileCase.BAD_CHUNK_SIZE;
import static dev.faultline.testkit.HostileCase.BAD_TRAILERS;
import static dev.faultline.testkit.HostileCase.CHUNK_LONGER_THAN_SIZE;
import static dev.faultline.testkit.HostileCase.OVERFLOWING_CHUNK_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Faultline;
import dev.faultline.testkit.HostileCase;
import dev.faultline.testkit.HostileKit;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.LogCapture;
import dev.faultline.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hostile part of the conformance kit on a real Tomcat server, with Faultline's error report valve.
 * Tomcat answers no case itself: every refusal is Faultline's problem.
 */
@DisplayName("Tomcat answers hostile requests cleanly")
class TomcatHostileTest extends HostileKit {

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        // the conformance test's server (its start does not depend on the test's lifecycle)
        return new TomcatConformanceTest().start(faultline, ServletConformanceKit.Setup.STANDARD);
    }

    /**
     * A chunked body Tomcat's decoder refuses while the application reads it: Tomcat calls
     * {@code sendError(400)} inside the read and suspends the response, so the filter cannot write;
     * the valve writes the filter's problem instead of Tomcat's empty 400.
     */
    @Test
    @Order(5)
    @DisplayName("a chunked body Tomcat's decoder refuses is answered with the filter's 400 validation problem")
    void malformedChunkedBodyIsFaultlinesProblem() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (HostileCase c : List.of(BAD_CHUNK_SIZE, OVERFLOWING_CHUNK_SIZE, CHUNK_LONGER_THAN_SIZE, BAD_TRAILERS)) {
            String id = "tc-" + c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            RawHttp.Result r = raw.exchange(c.bytes(new HostileCase.Target(raw.authority(), id)), c.options());
            RawHttp.Response response = r.response();
            assertNotNull(response, () -> c + ": no answer: " + r);
            assertEquals(400, response.status(), () -> c + ": " + response);
            assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/problem+json"),
                    () -> c + ": " + response);
            assertEquals(id, response.header("X-Request-Id"), () -> c + ": " + response);
            JsonNode problem = json.readTree(response.body());
            assertEquals(400, problem.path("status").asInt(), () -> c + ": " + response);
            assertEquals(id, problem.path("request_id").asText(), () -> c + ": " + response);
            assertEquals(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length),
                    response.header("Content-Length"), () -> c + ": the whole problem is sent: " + response);
            Map<String, Object> kv = LogCapture.kv(logs.completion(id));
            assertEquals("validation", kv.get("error_type"), () -> c + ": " + kv);
            assertEquals("400", String.valueOf(kv.get("status")), () -> c + ": " + kv);
        }
    }
}
