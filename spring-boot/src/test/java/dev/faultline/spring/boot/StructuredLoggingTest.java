package dev.faultline.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.spring.boot.app.VideoApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Boot's structured logging ({@code logging.structured.format.console}) in both formats: every line
 * on the console is JSON, and Faultline's lines for a failed request (the error, the exchange) are
 * there, each once, with the request id.
 */
class StructuredLoggingTest {

    abstract static class Format extends HttpSupport {

        @LocalServerPort
        int port;

        @Override
        int port() {
            return port;
        }

        abstract String loggerField(JsonNode line);

        /** Every console line that mentions {@code id}, parsed: a line that is not JSON fails the test. */
        private static List<JsonNode> lines(CapturedOutput output, String id) throws Exception {
            List<JsonNode> mine = new ArrayList<>();
            String out = output.getOut();
            // complete lines only: the last one may still be being written
            out = out.substring(0, out.lastIndexOf('\n') + 1);
            for (String line : out.split("\n")) {
                if (!line.isBlank() && line.contains(id)) {
                    mine.add(JSON.readTree(line));
                }
            }
            return mine;
        }

        @Test
        void faultlinesLinesAreAllThereAsJson(CapturedOutput output) throws Exception {
            VideoApp.COMPLETED.clear();
            Answer a = get("/db");
            assertEquals(503, a.status(), a.response().body());
            String id = a.header("X-Request-Id");
            completed();
            // the exchange's own line is written as it closes, around the listener: wait for it
            List<JsonNode> mine = lines(output, id);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (mine.stream().map(this::loggerField).noneMatch("faultline.http"::equals)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
                mine = lines(output, id);
            }
            List<String> loggers = mine.stream().map(this::loggerField).toList();
            assertEquals(1, loggers.stream().filter("faultline.error"::equals).count(), output.getOut());
            assertEquals(1, loggers.stream().filter("faultline.http"::equals).count(), output.getOut());
            for (JsonNode line : mine) {
                assertTrue(line.toString().contains("\"request_id\":\"" + id + "\""), line.toString());
            }
            assertTrue(!output.getErr().contains("Exception"), output.getErr());
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(classes = VideoApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "logging.structured.format.console=ecs")
    @DirtiesContext
    class Ecs extends Format {

        @Override
        String loggerField(JsonNode line) {
            JsonNode nested = line.path("log").path("logger");
            return nested.isMissingNode() ? line.path("log.logger").asText() : nested.asText();
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(classes = VideoApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "logging.structured.format.console=logstash")
    @DirtiesContext
    class Logstash extends Format {

        @Override
        String loggerField(JsonNode line) {
            return line.path("logger_name").asText();
        }
    }
}
