package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.internal.Json;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WebhookChannel")
class WebhookChannelTest {

    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    static Alert alert(Map<String, Object> ctx) {
        return new Alert("00000000000000cd", "database_errors", AlertLevel.ERROR, "5 database errors in 5m",
                TestClock.T0, ctx, "database_errors", 2, false);
    }

    @Test
    @DisplayName("posts the alert as JSON with the configured headers and the alert id")
    void posts() throws Exception {
        WebhookChannel w = WebhookChannel.builder(receiver.uri()).bearerToken("t0ken").header("X-Team", "core").build();
        w.deliver(alert(Map.of("endpoint", "/videos", "count", 5)));
        Receiver.Post p = receiver.posts().get(0);
        JsonNode body = Json.mapper().readTree(p.body());
        assertEquals("Bearer t0ken", p.header("Authorization"));
        assertEquals("core", p.header("X-Team"));
        assertEquals("00000000000000cd", p.header("X-Faultline-Alert-Id"));
        assertEquals("database_errors", body.get("rule").asText());
        assertEquals("error", body.get("level").asText());
        assertEquals("5 database errors in 5m", body.get("message").asText());
        assertEquals(TestClock.T0.toString(), body.get("fired_at").asText());
        assertEquals(2, body.get("suppressed").asInt());
        assertEquals("/videos", body.get("context").get("endpoint").asText());
        assertEquals(5, body.get("context").get("count").asInt());
        assertTrue(!w.toString().contains("t0ken"));
    }

    @Test
    @DisplayName("cuts a payload over the cap and says so")
    void cap() throws Exception {
        Map<String, Object> ctx = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            ctx.put("field_" + i, "v".repeat(1_000));
        }
        WebhookChannel.builder(receiver.uri()).maxPayloadBytes(4096).build().deliver(alert(ctx));
        Receiver.Post p = receiver.posts().get(0);
        assertTrue(p.body().length <= 4096, "body " + p.body().length);
        JsonNode body = Json.mapper().readTree(p.body());
        assertTrue(body.get("truncated").asBoolean());
        assertEquals(WebhookChannel.TRUNCATED_VALUE, body.get("context").get("field_0").asText().length());

        byte[] tiny = WebhookChannel.body(alert(ctx), WebhookChannel.MIN_PAYLOAD_BYTES);
        assertTrue(tiny.length <= WebhookChannel.MIN_PAYLOAD_BYTES, "body " + tiny.length);
        assertTrue(Json.mapper().readTree(tiny).get("context") == null);
    }

    @Test
    @DisplayName("refuses a header the HTTP client would refuse, naming the setting")
    void badHeader() {
        WebhookChannel.Builder b = WebhookChannel.builder(URI.create("http://127.0.0.1/x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.header("Host", "evil"));
        assertTrue(e.getMessage().startsWith("alert.webhook.header"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.header("X-A", "line\r\nbreak"));
        IllegalArgumentException cap = assertThrows(IllegalArgumentException.class, () -> b.maxPayloadBytes(10));
        assertTrue(cap.getMessage().startsWith("alert.webhook.max_payload_bytes"), cap.getMessage());
    }
}
