package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.testkit.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayName("Alerting parts")
class AlertPartsTest {

    @Nested
    @DisplayName("Retry-After")
    class RetryAfter {

        final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);

        @Test
        @DisplayName("reads delta-seconds and HTTP-dates; a past date means now; garbage means absent")
        void parses() {
            assertEquals(Duration.ofSeconds(120), HttpPost.retryAfter("120", clock));
            assertEquals(Duration.ZERO, HttpPost.retryAfter("0", clock));
            assertEquals(Duration.ofMinutes(1), HttpPost.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", clock));
            assertEquals(Duration.ZERO, HttpPost.retryAfter("Wed, 21 Oct 2015 07:00:00 GMT", clock));
            assertNull(HttpPost.retryAfter("soon", clock));
            assertNull(HttpPost.retryAfter("-5", clock));
            assertNull(HttpPost.retryAfter("", clock));
            assertNull(HttpPost.retryAfter(null, clock));
        }
    }

    @Nested
    @DisplayName("The log channel")
    class Logs {

        @Test
        @DisplayName("logs to faultline.alert at a level by alert level, with the alert's fields")
        void logs() {
            try (LogCapture capture = LogCapture.attach()) {
                Alert a = new Alert("00000000000000ef", "critical_errors", AlertLevel.CRITICAL, "Critical error",
                        Instant.parse("2025-03-01T10:00:00Z"), Map.of("error_type", "database", "endpoint", "/v"),
                        "database /v", 4, false);
                LogChannel.create().deliver(a);
                LogChannel.create().deliver(new Alert("00000000000000f0", "r", AlertLevel.WARNING, "w",
                        Instant.parse("2025-03-01T10:00:00Z"), Map.of(), "r", 0, false));
                List<ILoggingEvent> events = capture.events().stream()
                        .filter(e -> e.getLoggerName().equals("faultline.alert")).toList();
                assertEquals(2, events.size());
                ILoggingEvent e = events.get(0);
                Map<String, Object> kv = LogCapture.kv(e);
                assertEquals("ERROR", e.getLevel().toString());
                assertEquals("alert fired: [CRITICAL] critical_errors: Critical error", e.getFormattedMessage());
                assertEquals("00000000000000ef", kv.get("alert_id"));
                assertEquals("critical", kv.get("alert_level"));
                assertEquals("database", kv.get("error_type"));
                assertEquals("/v", kv.get("endpoint"));
                assertEquals(4L, kv.get("suppressed"));
                assertEquals("WARN", events.get(1).getLevel().toString());
            }
        }
    }

    @Nested
    @DisplayName("Builders")
    class Builders {

        void refuses(String setting, Executable call) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().startsWith(setting), e.getMessage());
        }

        @Test
        @DisplayName("refuse bad settings with an IllegalArgumentException that names the setting")
        void settings() {
            refuses("alert.cooldown", () -> PredicateRule.builder("r").cooldown(Duration.ofSeconds(-1)));
            refuses("alert.cooldown", () -> ThresholdRule.builder("r").cooldown(Duration.ofDays(2)));
            refuses("alert.name", () -> PredicateRule.builder("has space"));
            refuses("alert.name", () -> PredicateRule.builder(""));
            refuses("alert.threshold", () -> ThresholdRule.builder("r").threshold(0));
            refuses("alert.window", () -> ThresholdRule.builder("r").window(Duration.ofMillis(5)));
            refuses("alert.ratio", () -> ErrorRatioRule.builder("r").ratio(1.5));
            refuses("alert.ratio", () -> ErrorRatioRule.builder("r").ratio(Double.NaN));
            refuses("alert.min_requests", () -> ErrorRatioRule.builder("r").minRequests(0));
            refuses("alert.queue_capacity", () -> Alerting.builder().queueCapacity(0));
            refuses("alert.history_size", () -> Alerting.builder().historySize(0));
            refuses("alert.max_attempts", () -> Alerting.builder().maxAttempts(0));
            refuses("alert.base_delay", () -> Alerting.builder().baseDelay(Duration.ZERO));
            refuses("alert.attempt_timeout", () -> Alerting.builder().attemptTimeout(Duration.ofNanos(10)));
            refuses("alert.retry_budget.ratio", () -> Alerting.builder().retryBudget(-1, 1, Duration.ofMinutes(1)));
            refuses("alert.circuit_breaker.failures", () -> Alerting.builder().circuitBreaker(0, Duration.ofSeconds(1)));
            refuses("alert.tick_interval", () -> Alerting.builder().tickInterval(Duration.ofSeconds(-1)));
            refuses("alert.channel.name", () -> AlertChannel.of("no/slash", a -> { }));
            PredicateRule r = PredicateRule.builder("same").condition(e -> true).build();
            refuses("alert.name", () -> Alerting.builder().rule(r).rule(r));
            refuses("alert.channel.name", () -> Alerting.builder().channel(new Recorder("x")).channel(new Recorder("x")));
            refuses("alert.channel.name", () -> Alerting.builder().channel(new Recorder("log")));
        }

        @Test
        @DisplayName("refuse settings that contradict each other with an IllegalStateException")
        void state() {
            assertThrows(IllegalStateException.class, () -> PredicateRule.builder("r").build());
            assertThrows(IllegalStateException.class, () -> ErrorRatioRule.builder("r").build());
            assertThrows(IllegalStateException.class, () -> Alerting.builder().baseDelay(Duration.ofSeconds(10))
                    .maxDelay(Duration.ofSeconds(1)).build());
        }
    }
}
