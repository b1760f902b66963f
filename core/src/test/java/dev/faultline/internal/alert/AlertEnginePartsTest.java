package dev.faultline.internal.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.alert.Alert;
import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.Alerting;
import dev.faultline.alert.PredicateRule;
import dev.faultline.internal.Template;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Alerting engine parts")
class AlertEnginePartsTest {

    @Nested
    @DisplayName("A message template")
    class Templates {

        String render(String template, Map<String, @Nullable Object> values) {
            return Template.parse("t", template).render(f -> values.containsKey(f) ? values.get(f) : Template.UNKNOWN,
                    Alert.MAX_MESSAGE_LENGTH);
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
            try (AlertEngine a = new AlertEngine(Alerting.builder().logChannel(false).tickInterval(Duration.ZERO)
                    .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(30)).build())) {
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

    static Dispatcher dispatcherOf(AlertEngine a) {
        try {
            var f = AlertEngine.class.getDeclaredField("dispatcher");
            f.setAccessible(true);
            return (Dispatcher) f.get(a);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("A history snapshot has the channels in delivery order, the log channel first")
    void snapshotChannels() {
        AlertEngine a = new AlertEngine(Alerting.builder().channel(AlertChannel.of("hook", alert -> { }))
                .tickInterval(Duration.ZERO).build());
        try {
            AlertHistory h = a.snapshot(3);
            assertEquals(List.of("log", "hook"), h.channels());
            assertEquals(3, h.hours());
            assertEquals(0, h.total());
        } finally {
            a.close();
        }
    }
}
