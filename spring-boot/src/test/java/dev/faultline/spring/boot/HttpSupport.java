package dev.faultline.spring.boot;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.spring.boot.app.VideoApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A JDK HttpClient on the test server, and the exchanges Faultline completed. */
abstract class HttpSupport {

    static final String TOKEN = "test-monitoring-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    abstract int port();

    record Answer(int status, HttpResponse<String> response, JsonNode json) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (path.startsWith("/ops/")) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean isJson = r.headers().firstValue("Content-Type").orElse("").contains("json");
        JsonNode json = r.body().isEmpty() || !isJson ? JSON.nullNode() : JSON.readTree(r.body());
        return new Answer(r.statusCode(), r, json);
    }

    Answer get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    /** The next exchange Faultline completed (the listener runs after the response went out). */
    static VideoApp.Completed completed() throws InterruptedException {
        VideoApp.Completed c = VideoApp.COMPLETED.poll(5, TimeUnit.SECONDS);
        assertNotNull(c, "Faultline completed no exchange");
        return c;
    }
}
