package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The app's /metrics/prometheus")
class PrometheusEndpointTest {

    @Test
    @DisplayName("serves Faultline's meters and the JVM's in the Prometheus text format")
    void scrape() throws Exception {
        try (Main.Server server = Main.start("127.0.0.1", 0, Faultline.builder().settings(name -> null)
                .environment(Environment.PRODUCTION).monitoring(m -> m.token(TestToken.TOKEN)));
                HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve("/videos/nope")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), r.body());
            }
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(server.uri().resolve("/metrics/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            org.junit.jupiter.api.Assertions.assertEquals(401, refused.statusCode(), "no scrape without the bearer token");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve("/metrics/prometheus"))
                    .header("Authorization", "Bearer " + TestToken.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            Matcher m = Pattern.compile("(?m)^faultline_errors_total\\{endpoint=\"/videos/\\{id}\",severity=\"low\","
                    + "type=\"not_found\"} (\\S+)$").matcher(r.body());
            assertTrue(m.find(), r.body());
            assertEquals(2.0, Double.parseDouble(m.group(1)));
            assertTrue(r.body().contains("faultline_health_check{check=\"database\"} 1.0"), r.body());
            assertTrue(r.body().contains("jvm_memory_used_bytes{"), "JVM metrics too");
        }
    }

    @Test
    @DisplayName("without faultline-micrometer and Micrometer on the class path, nothing is registered")
    void withoutMicrometer() {
        ClassLoader bare = new ClassLoader(null) { }; // the JDK's classes only
        assertFalse(Metrics.available(bare));
        assertTrue(Metrics.available(Metrics.class.getClassLoader()));

        Faultline.Builder builder = Faultline.builder().settings(name -> null).alertingEnabled(false);
        Consumer<Faultline> bind = Metrics.install(builder, bare);
        try (Faultline faultline = builder.build()) {
            bind.accept(faultline);
            assertEquals(0, faultline.monitoring().config().resources().size());
        }
    }
}
