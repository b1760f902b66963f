package dev.faultline.spring.boot.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot quick start on its embedded server, on 127.0.0.1 and a free port, as the examples
 * module's {@code QuickStartsTest} runs the others. Spring Security is on this module's test class path
 * (for {@code SecurityOrderTest}); the quick start has none, so its auto-configuration is left out here.
 */
@DisplayName("The Spring Boot quick start serves a request and answers a failure with a problem")
class SpringBootQuickStartTest {

    private static final String NO_SECURITY = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    @DisplayName("on its embedded server")
    void springBoot() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringBootQuickStart.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.autoconfigure.exclude=" + NO_SECURITY,
                        "faultline.environment=production")
                .run()) {
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));

            HttpResponse<String> hello = get(port, "/hello", "quickstart-spring-hello");
            assertEquals(200, hello.statusCode(), hello::body);
            assertEquals("hello", hello.body());
            assertEquals("quickstart-spring-hello", hello.headers().firstValue("X-Request-Id").orElse(null));

            HttpResponse<String> fail = get(port, "/fail", "quickstart-spring-fail");
            assertEquals(500, fail.statusCode(), fail::body);
            assertTrue(fail.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    () -> "headers: " + fail.headers().map());
            JsonNode problem = new ObjectMapper().readTree(fail.body());
            assertEquals("internal", problem.path("error_type").asText());
            assertEquals("quickstart-spring-fail", problem.path("request_id").asText());
            assertFalse(fail.body().contains("the database said no"), "the exception's message stays in the log");
        }
    }

    private HttpResponse<String> get(int port, String path, String requestId) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("X-Request-Id", requestId).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
