package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.faultline.testkit.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayName("Alerting parts")
class AlertPartsTest {

    @Nested
    @DisplayName("A message template")
    class Templates {

        String render(String template, Map<String, @Nullable Object> values) {
            return Template.parse("t", template).render(f -> values.containsKey(f) ? values.get(f) : Template.UNKNOWN);
        }

        @Test
        @DisplayName("fills known placeholders, leaves unknown ones and stray braces as they are")
        void fills() {
            Map<String, @Nullable Object> v = new HashMap<>();
            v.put("error_type", "database");
            v.put("user_id", null);
            assertEquals("database {nope} { error_type} {} {{database}} unknown {",
                    render("{error_type} {nope} { error_type} {} {{{error_type}}} {user_id} {", v));
        }

        @Test
        @DisplayName("never expands placeholders inside values")
        void noReexpansion() {
            assertEquals("{error_type}", render("{a}", Map.of("a", "{error_type}", "error_type", "x")));
        }

        @Test
        @DisplayName("is linear on hostile templates and caps the result")
        void linear() {
            String braces = "{".repeat(Template.MAX_TEMPLATE_LENGTH);
            String names = ("{" + "a".repeat(70)).repeat(Template.MAX_TEMPLATE_LENGTH / 71);
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                for (int i = 0; i < 200; i++) {
                    assertEquals(braces, render(braces, Map.of()));
                    assertEquals(names, render(names, Map.of()));
                }
            });
            String many = "{m}".repeat(1000);
            assertEquals(Alert.MAX_MESSAGE_LENGTH, render(many, Map.of("m", "x".repeat(500))).length());
        }

        @Test
        @DisplayName("refuses a blank template, naming the setting")
        void blank() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PredicateRule.builder("r").messageTemplate(" "));
            assertTrue(e.getMessage().startsWith("alert.message_template"), e.getMessage());
        }
    }

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
    @DisplayName("The retry budget")
    class Budget {

        @Test
        @DisplayName("allows minRetries plus ratio × first attempts per window, and refills as the window moves")
        void budget() {
            long[] now = {0};
            RetryBudget b = new RetryBudget(0.2, 2, Duration.ofSeconds(10).toNanos(), () -> now[0]);
            for (int i = 0; i < 10; i++) {
                b.recordFirstAttempt();
            }
            int allowed = 0;
            while (b.tryRetry()) {
                allowed++;
            }
            assertEquals(4, allowed); // 2 + 0.2 × 10
            now[0] += Duration.ofSeconds(11).toNanos();
            assertTrue(b.tryRetry());
        }

        @Test
        @DisplayName("draws backoff with full jitter below min(max, base × 2^(n−1))")
        void jitter() {
            try (Alerting a = Alerting.builder().logChannel(false).tickInterval(Duration.ZERO)
                    .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(30)).build()) {
                Dispatcher d = dispatcherOf(a);
                for (int attempt = 1; attempt <= 20; attempt++) {
                    long cap = Math.min(Duration.ofMillis(30).toNanos(), Duration.ofMillis(1).toNanos() << (attempt - 1));
                    long max = 0;
                    for (int i = 0; i < 200; i++) {
                        long delay = d.backoffNanos(attempt);
                        assertTrue(delay >= 0 && delay <= cap, attempt + ": " + delay);
                        max = Math.max(max, delay);
                    }
                    assertTrue(max > cap / 2, "jitter spans the range: " + max + " of " + cap);
                }
            }
        }
    }

    static Dispatcher dispatcherOf(Alerting a) {
        try {
            var f = Alerting.class.getDeclaredField("dispatcher");
            f.setAccessible(true);
            return (Dispatcher) f.get(a);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
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
