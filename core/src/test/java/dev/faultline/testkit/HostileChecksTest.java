package dev.faultline.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The hostile kit's own checks catch what they are for, and pass a clean problem. */
@DisplayName("The hostile kit's checks")
class HostileChecksTest {

    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"The request is not valid.\",\"request_id\":\"abc\",\"error_type\":\"validation\"}";

    private static RawHttp.Response response(int status, String contentType, String requestId, String body) {
        return new RawHttp.Response("HTTP/1.1 " + status + " X", status,
                Map.of("content-type", List.of(contentType), "x-request-id", List.of(requestId)), body);
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(strings = {
            "<!DOCTYPE html><html><body><h1>HTTP Status 400</h1></body></html>",
            "java.net.URISyntaxException: Malformed escape pair at index 8: /videos/%zz",
            "Error\n\tat org.glassfish.grizzly.http.server.HttpHandler.doHandle(HttpHandler.java:123)",
            "{\"detail\":\"IllegalStateException thrown\"}",
            "UT000128: Remote peer closed connection",
            "Powered by Jetty:// 12.1.14",
            "invariant broken s3cr3t-internal"})
    void leaks(String body) {
        assertThrows(AssertionError.class, () -> HostileChecks.assertNoLeak("case", body));
    }

    @Test
    @DisplayName("passes a clean problem, and requires one for a 4xx the server did not answer itself")
    void problems() {
        HostileChecks.assertClean("case", response(400, "application/problem+json", "abc", PROBLEM), false);
        assertThrows(AssertionError.class,
                () -> HostileChecks.assertClean("case", response(400, "text/plain", "abc", ""), false));
        HostileChecks.assertClean("case", response(400, "text/plain", "abc", ""), true);
        assertThrows(AssertionError.class,
                () -> HostileChecks.assertClean("case", response(500, "application/problem+json", "abc", PROBLEM), true));
        assertThrows(AssertionError.class,
                () -> HostileChecks.assertClean("case", response(200, "text/plain", "bad id\u001b", "ok"), true));
    }

    @Test
    @DisplayName("sees control characters that would forge a log line")
    void control() {
        assertTrue(HostileChecks.hasControl("a\r\nb"));
        assertTrue(HostileChecks.hasControl("\u001b[31m"));
        assertFalse(HostileChecks.hasControl("a\tb \\r\\n"));
    }
}
