package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.Json;
import dev.faultline.internal.alert.AlertEngine;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SlackChannel")
class SlackChannelTest {

    final TestClock clock = new TestClock();
    Receiver slack;
    AlertEngine alerting;

    @BeforeEach
    void start() throws Exception {
        slack = Receiver.start();
    }

    @AfterEach
    void stop() {
        if (alerting != null) {
            alerting.close(Duration.ofSeconds(1));
        }
        slack.close();
    }

    static Alert alert(AlertLevel level, String message, Map<String, Object> context, boolean resolved) {
        return new Alert("00000000000000ab", "critical_errors", level, message, TestClock.T0, context, "g", 3,
                resolved);
    }

    static JsonNode json(Receiver.Post p) throws Exception {
        return Json.mapper().readTree(p.body());
    }

    @Nested
    @DisplayName("posts an alert fired by a rule")
    class Shape {

        @Test
        @DisplayName("in Slack's shape: text with the message, an attachment coloured by level, fields for type, endpoint, user, request id and repeats")
        void shape() throws Exception {
            alerting = new AlertEngine(Alerting.builder().clock(clock).tickInterval(Duration.ZERO).logChannel(false)
                    .rules(Alerting.defaultRules()).channel(SlackChannel.create(slack.uri())).build());
            var event = Events.anonymous(clock, ErrorType.DATABASE, "/videos/{id}");
            alerting.onError(event);
            slack.awaitPosts(1);
            Receiver.Post post = slack.posts().get(0);
            JsonNode body = json(post);
            JsonNode attachment = body.get("attachments").get(0);
            Map<String, String> fields = new LinkedHashMap<>();
            attachment.get("fields").forEach(f -> fields.put(f.get("title").asText(), f.get("value").asText()));
            assertAll(
                    () -> assertTrue(post.header("Content-Type").startsWith("application/json")),
                    () -> assertEquals(
                            ":rotating_light: *[CRITICAL]* critical_errors: Critical error: database at /videos/{id}",
                            body.get("text").asText()),
                    () -> assertEquals("danger", attachment.get("color").asText()),
                    () -> assertEquals("database", fields.get("Error Type")),
                    () -> assertEquals("/videos/{id}", fields.get("Endpoint")),
                    () -> assertEquals("Unknown", fields.get("User ID")),
                    () -> assertEquals(event.requestId(), fields.get("Request ID")),
                    () -> assertEquals("0", fields.get("Suppressed Repeats")),
                    () -> assertEquals(List.of("Error Type", "Endpoint", "User ID", "Request ID"),
                            new ArrayList<>(fields.keySet()).subList(0, 4)),
                    () -> assertEquals(TestClock.T0.getEpochSecond(), attachment.get("ts").asLong()),
                    () -> assertEquals(DeliveryState.DELIVERED,
                            Await.value("delivered", () -> alerting.history().get(0).delivery("slack").state(),
                                    DeliveryState::isFinal)));
        }
    }

    @Nested
    @DisplayName("colours")
    class Colours {

        @Test
        @DisplayName("critical and error danger, warning warning, info blue, resolved good")
        void colours() {
            Map<String, Object> ctx = Map.of();
            assertEquals("danger", SlackChannel.color(alert(AlertLevel.CRITICAL, "m", ctx, false)));
            assertEquals("danger", SlackChannel.color(alert(AlertLevel.ERROR, "m", ctx, false)));
            assertEquals("warning", SlackChannel.color(alert(AlertLevel.WARNING, "m", ctx, false)));
            assertEquals("#439FE0", SlackChannel.color(alert(AlertLevel.INFO, "m", ctx, false)));
            assertEquals("good", SlackChannel.color(alert(AlertLevel.CRITICAL, "m", ctx, true)));
        }
    }

    @Nested
    @DisplayName("keeps within Slack's limits")
    class Limits {

        @Test
        @DisplayName("text at most 40,000 characters, field values 2,000, at most 20 fields, no half entity")
        void truncates() throws Exception {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("error_type", "x".repeat(5_000));
            for (int i = 0; i < 40; i++) {
                ctx.put("extra_" + i, "value " + i);
            }
            // 10,000 '&' escape to 50,000 characters: over Slack's text limit
            Alert big = alert(AlertLevel.WARNING, "&".repeat(Alert.MAX_MESSAGE_LENGTH), ctx, false);
            SlackChannel.create(slack.uri()).deliver(big);
            JsonNode body = json(slack.posts().get(0));
            String text = body.get("text").asText();
            JsonNode fields = body.get("attachments").get(0).get("fields");
            assertAll(
                    () -> assertTrue(text.length() <= SlackChannel.MAX_TEXT, "text " + text.length()),
                    () -> assertTrue(text.length() > SlackChannel.MAX_TEXT - 10, "text " + text.length()),
                    () -> assertTrue(text.endsWith("&amp;\u2026"), text.substring(text.length() - 10)),
                    () -> assertEquals(SlackChannel.MAX_FIELDS, fields.size()),
                    () -> assertEquals(SlackChannel.MAX_FIELD_VALUE, fields.get(0).get("value").asText().length()),
                    () -> assertTrue(fields.get(0).get("value").asText().endsWith("\u2026")),
                    () -> assertFalse(fields.get(0).get("short").asBoolean()),
                    () -> assertTrue(body.get("attachments").get(0).get("fallback").asText().length()
                            <= SlackChannel.MAX_FALLBACK));
        }

        @Test
        @DisplayName("escapes &, < and > as Slack requires")
        void escapes() {
            Map<String, Object> payload = SlackChannel.payload(alert(AlertLevel.INFO, "a <b> & c", Map.of(), false));
            assertTrue(payload.get("text").toString().endsWith("a &lt;b&gt; &amp; c"), payload.get("text").toString());
        }
    }

    @Test
    @DisplayName("refuses a webhook that is not an http(s) URL, naming the setting")
    void badWebhook() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlackChannel.create(URI.create("ftp://hooks.example.com/x")));
        assertTrue(e.getMessage().startsWith("alert.slack.webhook"), e.getMessage());
        assertFalse(SlackChannel.create(URI.create("https://hooks.example.com/services/SECRET")).toString()
                .contains("SECRET"));
    }
}
