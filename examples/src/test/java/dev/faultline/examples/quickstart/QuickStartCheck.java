package dev.faultline.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What every quick start must do on its real server: serve a request, and answer a failure with a problem. */
final class QuickStartCheck {

    /**
     * HTTP/1.1, as the conformance kit's client: the JDK client's default also asks for an h2c upgrade,
     * and Grizzly (Jersey) then answers the problem without its Content-Type.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private QuickStartCheck() {
    }

    /** The production preset whatever FAULTLINE_ENV says, so that the check does not depend on the machine. */
    static Faultline faultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).build();
    }

    /** Whether this JVM can load the class (Jersey and RESTEasy each run in a JVM without the other). */
    static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, QuickStartCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * {@code GET /hello} gets through with a request id; {@code GET /fail} is a 500 problem that carries
     * the request id the client sent and not the exception's message.
     */
    static void servesAndAnswersFailures(int port, String server) throws Exception {
        HttpResponse<String> hello = get(port, "/hello", "quickstart-" + server + "-hello");
        assertEquals(200, hello.statusCode(), hello::body);
        assertEquals("hello", hello.body());
        assertEquals("quickstart-" + server + "-hello", hello.headers().firstValue("X-Request-Id").orElse(null));

        String id = "quickstart-" + server + "-fail";
        HttpResponse<String> fail = get(port, "/fail", id);
        assertEquals(500, fail.statusCode(), fail::body);
        assertTrue(fail.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> "headers: " + fail.headers().map() + ", body: " + fail.body());
        JsonNode problem = new ObjectMapper().readTree(fail.body());
        assertEquals(500, problem.path("status").asInt());
        assertEquals("internal", problem.path("error_type").asText());
        assertEquals(id, problem.path("request_id").asText());
        assertEquals(id, fail.headers().firstValue("X-Request-Id").orElse(null));
        assertFalse(fail.body().contains("the database said no"), "the exception's message stays in the log");
    }

    private static HttpResponse<String> get(int port, String path, String requestId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("X-Request-Id", requestId)
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
