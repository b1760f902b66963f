package dev.faultline.internal.alert;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.alert.AlertChannel;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertRecord;
import dev.faultline.alert.Alerting;
import dev.faultline.alert.Await;
import dev.faultline.alert.DeliveryState;
import dev.faultline.alert.DeliveryStatus;
import dev.faultline.alert.Events;
import dev.faultline.alert.PredicateRule;
import dev.faultline.alert.Receiver;
import dev.faultline.alert.Recorder;
import dev.faultline.alert.SlackChannel;
import dev.faultline.alert.WebhookChannel;
import dev.faultline.error.ErrorType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Alert delivery")
class AlertingDeliveryTest {

    final Clock clock = Clock.systemUTC();
    final List<AlertEngine> built = new CopyOnWriteArrayList<>();
    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.release();
        built.forEach(a -> a.close(Duration.ofSeconds(1)));
        receiver.close();
    }

    /** Fires on every database error, no cooldown; tiny backoff; no log channel; no own ticking. */
    Alerting.Builder builder() {
        return Alerting.builder().clock(clock).logChannel(false).tickInterval(Duration.ZERO)
                .rule(PredicateRule.of("critical_errors", e -> e.type() == ErrorType.DATABASE, AlertLevel.CRITICAL,
                        "Critical error: {error_type} at {endpoint}", Duration.ZERO))
                .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(20))
                .attemptTimeout(Duration.ofSeconds(5))
                .circuitBreaker(100, Duration.ofMinutes(1));
    }

    AlertEngine build(Alerting.Builder b) {
        AlertEngine a = new AlertEngine(b.build());
        built.add(a);
        return a;
    }

    WebhookChannel webhook(URI uri) {
        return WebhookChannel.builder(uri).requestTimeout(Duration.ofSeconds(5)).build();
    }

    /** Waits until the only alert's delivery to {@code channel} is final, and returns it. */
    static DeliveryStatus settled(AlertEngine a, String channel) {
        return settled(a, channel, 0);
    }

    static DeliveryStatus settled(AlertEngine a, String channel, int index) {
        return Await.value("the delivery to " + channel + " is final", () -> {
            List<AlertRecord> h = a.history();
            return h.size() > index ? h.get(h.size() - 1 - index).delivery(channel) : null;
        }, d -> d != null && d.state().isFinal());
    }

    @Nested
    @DisplayName("to an HTTP receiver that fails and recovers")
    class Recovery {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"slack", "webhook"})
        @DisplayName("arrives exactly once after the first two posts failed with 500, each retry the same alert")
        void exactlyOnce(String kind) {
            receiver.fail(2, 500);
            AlertChannel channel = kind.equals("slack")
                    ? SlackChannel.builder(receiver.uri()).requestTimeout(Duration.ofSeconds(5)).build()
                    : webhook(receiver.uri());
            AlertEngine a = build(builder().maxAttempts(5).channel(channel));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, kind);
            assertAll(
                    () -> assertEquals(DeliveryState.DELIVERED, d.state()),
                    () -> assertEquals(3, d.attempts()),
                    () -> assertTrue(d.lastError().startsWith("HTTP 500"), d.lastError()),
                    () -> assertNotNull(d.deliveredAt()),
                    () -> assertEquals(3, receiver.posts().size()),
                    () -> assertEquals(1, receiver.accepted().size()),
                    () -> assertEquals(1, receiver.posts().stream().map(Receiver.Post::text).distinct().count()),
                    () -> assertEquals(1, receiver.posts().stream().map(p -> p.header("X-Faultline-Alert-Id"))
                            .distinct().count()),
                    () -> assertEquals(a.history().get(0).alert().id(), receiver.posts().get(0).header(
                            "X-Faultline-Alert-Id")),
                    () -> assertEquals(2, a.stats().retries()),
                    () -> assertEquals(1, a.stats().delivered()),
                    () -> assertEquals(0, a.stats().queueSize()));
        }

        @Test
        @DisplayName("is given up after maxAttempts, never attempted more often")
        void maxAttempts() {
            receiver.fail(100, 500);
            AlertEngine a = build(builder().maxAttempts(3).channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            assertEquals(DeliveryState.FAILED, d.state());
            assertEquals(3, d.attempts());
            assertTrue(d.lastError().startsWith("gave up after 3 attempts: HTTP 500"), d.lastError());
            assertEquals(3, receiver.posts().size());
            assertEquals(1, a.stats().failed());
        }

        @Test
        @DisplayName("honours 429 Retry-After: 1 — the retry arrives at least a second after the first post")
        void retryAfter() {
            receiver.answer(429, Map.of("Retry-After", "1"));
            AlertEngine a = build(builder().maxDelay(Duration.ofSeconds(5)).channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            assertEquals(DeliveryState.DELIVERED, d.state());
            assertEquals(2, d.attempts());
            List<Receiver.Post> posts = receiver.posts();
            assertEquals(2, posts.size());
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(posts.get(1).arrivedNanos() - posts.get(0).arrivedNanos());
            assertTrue(gapMillis >= 1000, "retried after " + gapMillis + " ms");
            assertTrue(d.lastError().contains("HTTP 429") && d.lastError().contains("Retry-After 1s"), d.lastError());
        }

        @Test
        @DisplayName("honours 503 with a Retry-After HTTP-date already past by retrying at once")
        void retryAfterDate() {
            String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1));
            receiver.answer(503, Map.of("Retry-After", past));
            AlertEngine a = build(builder().maxDelay(Duration.ofSeconds(5)).channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            assertEquals(DeliveryState.DELIVERED, d.state());
            assertEquals(2, d.attempts());
        }

        @Test
        @DisplayName("gives up at once, saying why, when Retry-After exceeds the max delay")
        void retryAfterTooLong() {
            receiver.answer(429, Map.of("Retry-After", "120"));
            AlertEngine a = build(builder().maxDelay(Duration.ofSeconds(1)).channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            assertEquals(DeliveryState.FAILED, d.state());
            assertEquals(1, d.attempts());
            assertTrue(d.lastError().startsWith("Retry-After 2m exceeds the max delay 1s"), d.lastError());
            assertEquals(1, receiver.posts().size());
        }

        @Test
        @DisplayName("does not retry a 4xx other than 408 and 429, and retries a 408")
        void permanent() {
            receiver.answer(400, Map.of()).answer(408, Map.of());
            AlertEngine a = build(builder().channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus first = settled(a, "webhook");
            assertEquals(DeliveryState.FAILED, first.state());
            assertEquals(1, first.attempts());
            assertTrue(first.lastError().startsWith("permanent: HTTP 400"), first.lastError());
            a.onError(Events.database(clock));
            DeliveryStatus second = settled(a, "webhook", 1);
            assertEquals(DeliveryState.DELIVERED, second.state());
            assertEquals(2, second.attempts());
            assertEquals(3, receiver.posts().size());
        }

        @Test
        @DisplayName("stops retrying when the next retry would pass the delivery deadline")
        void deadline() {
            receiver.fail(1000, 500);
            AlertEngine a = build(builder().maxAttempts(20).baseDelay(Duration.ofMillis(40))
                    .maxDelay(Duration.ofMillis(200)).deliveryDeadline(Duration.ofMillis(100))
                    .channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            assertEquals(DeliveryState.FAILED, d.state());
            assertTrue(d.lastError().contains("would pass the delivery deadline of 100ms"), d.lastError());
            assertTrue(d.attempts() < 20, "attempts: " + d.attempts());
            assertEquals(d.attempts(), receiver.posts().size());
        }
    }

    @Nested
    @DisplayName("to a receiver that hangs or is down")
    class Outage {

        @Test
        @DisplayName("times the hanging attempt out and delivers on the retry; both posts carry the same alert id")
        void hang() {
            receiver.hang(1);
            AlertEngine a = build(builder().attemptTimeout(Duration.ofMillis(300)).channel(webhook(receiver.uri())));
            long start = System.nanoTime();
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(DeliveryState.DELIVERED, d.state());
            assertEquals(2, d.attempts());
            assertEquals("timed out after 300ms", d.lastError());
            assertEquals(1, a.stats().attemptTimeouts());
            assertTrue(tookMillis >= 300 && tookMillis < 4000, "took " + tookMillis + " ms");
            List<Receiver.Post> posts = receiver.posts();
            assertEquals(2, posts.size());
            assertEquals(posts.get(0).header("X-Faultline-Alert-Id"), posts.get(1).header("X-Faultline-Alert-Id"));
        }

        @Test
        @DisplayName("fails after maxAttempts when nothing listens, then the open circuit skips the channel")
        void down() throws Exception {
            AlertEngine a = build(builder().maxAttempts(2).circuitBreaker(2, Duration.ofMinutes(1))
                    .channel(webhook(Receiver.down())));
            a.onError(Events.database(clock));
            DeliveryStatus first = settled(a, "webhook");
            assertEquals(DeliveryState.FAILED, first.state());
            assertEquals(2, first.attempts());
            assertTrue(first.lastError().contains("ConnectException"), first.lastError());

            a.onError(Events.database(clock));
            DeliveryStatus second = settled(a, "webhook", 1);
            assertEquals(DeliveryState.FAILED, second.state());
            assertEquals(0, second.attempts());
            assertEquals("circuit open", second.lastError());
            assertEquals(1, a.stats().circuitOpen());
        }

        @Test
        @DisplayName("stops retrying when the global retry budget is spent")
        void budget() {
            receiver.fail(100, 500);
            AlertEngine a = build(builder().maxAttempts(5).retryBudget(0.0, 1, Duration.ofMinutes(1))
                    .channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            DeliveryStatus d = settled(a, "webhook");
            assertEquals(DeliveryState.FAILED, d.state());
            assertEquals(2, d.attempts());
            assertTrue(d.lastError().startsWith("retry budget exhausted: HTTP 500"), d.lastError());
            assertEquals(1, a.stats().retries());
            assertEquals(1, a.stats().retryBudgetExhausted());
            assertEquals(2, receiver.posts().size());
        }
    }

    @Nested
    @DisplayName("to a channel that throws or hangs")
    class Guarded {

        @Test
        @DisplayName("affects neither the other channels nor the caller")
        void throwing() {
            AtomicInteger calls = new AtomicInteger();
            AlertChannel boom = AlertChannel.of("boom", x -> {
                calls.incrementAndGet();
                throw new IllegalStateException("channel bug");
            });
            AlertChannel worse = AlertChannel.of("worse", x -> {
                throw new AssertionError("not even an exception");
            });
            Recorder ok = new Recorder("ok");
            AlertEngine a = build(builder().maxAttempts(2).channel(boom).channel(worse).channel(ok));
            assertDoesNotThrow(() -> a.onError(Events.database(clock)));
            ok.await(1);
            DeliveryStatus b = settled(a, "boom");
            DeliveryStatus w = settled(a, "worse");
            assertEquals(DeliveryState.DELIVERED, settled(a, "ok").state());
            assertEquals(DeliveryState.FAILED, b.state());
            assertEquals(2, b.attempts());
            assertEquals("gave up after 2 attempts: IllegalStateException: channel bug", b.lastError());
            assertEquals(DeliveryState.FAILED, w.state());
            assertTrue(w.lastError().contains("AssertionError: not even an exception"), w.lastError());
            assertEquals(2, calls.get());
        }

        @Test
        @DisplayName("a channel blocked on a latch holds only its own thread: the others deliver meanwhile")
        void hanging() {
            CountDownLatch latch = new CountDownLatch(1);
            AlertChannel stuck = AlertChannel.of("stuck", x -> {
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Recorder ok = new Recorder("ok");
            AlertEngine a = build(builder().attemptTimeout(Duration.ofSeconds(30)).channel(stuck).channel(ok));
            for (int i = 0; i < 3; i++) {
                a.onError(Events.database(clock));
            }
            ok.await(3);
            assertEquals(DeliveryState.PENDING, a.history().get(0).delivery("stuck").state());
            latch.countDown();
            Await.until("all delivered", () -> a.stats().delivered() == 6);
        }
    }

    @Nested
    @DisplayName("when closed")
    class Close {

        @Test
        @DisplayName("flushes the pending deliveries to a healthy receiver within the deadline")
        void flush() {
            AlertEngine a = build(builder().channel(webhook(receiver.uri())));
            for (int i = 0; i < 20; i++) {
                a.onError(Events.database(clock));
            }
            assertTrue(a.close(Duration.ofSeconds(5)));
            assertEquals(20, receiver.accepted().size());
            assertEquals(20, a.stats().delivered());
            assertEquals(0, a.stats().queueSize());
            assertTrue(a.history().stream().allMatch(r -> r.delivery("webhook").state() == DeliveryState.DELIVERED));
        }

        @Test
        @DisplayName("marks what is left dropped when the receiver hangs past the deadline, and drops later alerts")
        void hangingReceiver() {
            receiver.hang(100);
            AlertEngine a = build(builder().attemptTimeout(Duration.ofSeconds(30))
                    .channel(WebhookChannel.builder(receiver.uri()).requestTimeout(Duration.ofSeconds(30)).build()));
            for (int i = 0; i < 3; i++) {
                a.onError(Events.database(clock));
            }
            receiver.awaitPosts(1);
            long start = System.nanoTime();
            assertFalse(a.close(Duration.ofMillis(300)));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 3000, "close took " + tookMillis + " ms");
            List<AlertRecord> h = a.history();
            assertEquals(3, h.size());
            for (AlertRecord r : h) {
                assertEquals(DeliveryState.DROPPED, r.delivery("webhook").state());
                assertTrue(r.delivery("webhook").lastError().startsWith("shutdown"), r.delivery("webhook").lastError());
            }
            assertEquals(3, a.stats().dropped());
            assertEquals(0, a.stats().queueSize());

            a.onError(Events.database(clock));
            assertEquals(DeliveryState.DROPPED, a.history().get(0).delivery("webhook").state());
            assertEquals(4, a.stats().dropped());
            assertFalse(a.close(Duration.ofSeconds(1))); // idempotent
        }

        @Test
        @DisplayName("drops at once a retry due after the deadline instead of waiting for it")
        void retryAfterDeadline() {
            receiver.answer(429, Map.of("Retry-After", "30"));
            AlertEngine a = build(builder().maxDelay(Duration.ofMinutes(1)).channel(webhook(receiver.uri())));
            a.onError(Events.database(clock));
            Await.until("the retry is scheduled", () -> a.stats().retries() == 1);
            long start = System.nanoTime();
            assertFalse(a.close(Duration.ofSeconds(5)));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000);
            DeliveryStatus d = a.history().get(0).delivery("webhook");
            assertEquals(DeliveryState.DROPPED, d.state());
            assertTrue(d.lastError().startsWith("shutdown before the retry was due"), d.lastError());
        }

        @Test
        @DisplayName("delivers to one slow channel concurrently: three alerts are in flight at once, not one after another")
        void concurrentDrain() {
            receiver.hang(3);
            AlertEngine a = build(builder().attemptTimeout(Duration.ofSeconds(30))
                    .channel(WebhookChannel.builder(receiver.uri()).requestTimeout(Duration.ofSeconds(30)).build()));
            assertEquals(Alerting.DEFAULT_CHANNEL_CONCURRENCY, 4);
            for (int i = 0; i < 3; i++) {
                a.onError(Events.database(clock));
            }
            receiver.awaitPosts(3); // all three reached the receiver while none was answered
            receiver.release();
            assertTrue(a.close(Duration.ofSeconds(5)));
            assertEquals(3, a.stats().delivered());
        }

        @Test
        @DisplayName("with channelConcurrency(1) one alert at a time: the second waits for the first")
        void oneAtATime() {
            receiver.hang(1);
            AlertEngine a = build(builder().channelConcurrency(1).attemptTimeout(Duration.ofSeconds(30))
                    .channel(WebhookChannel.builder(receiver.uri()).requestTimeout(Duration.ofSeconds(30)).build()));
            a.onError(Events.database(clock));
            a.onError(Events.database(clock));
            receiver.awaitPosts(1);
            long released = System.nanoTime();
            receiver.release();
            assertTrue(a.close(Duration.ofSeconds(5)));
            assertEquals(2, receiver.posts().size());
            assertTrue(receiver.posts().get(1).arrivedNanos() - released >= 0, "the second post came after the first was answered");
        }

        @Test
        @DisplayName("names every undelivered alert in the log: id, rule, channel, state and why")
        void namesUndelivered() {
            receiver.hang(100);
            AlertEngine a = build(builder().attemptTimeout(Duration.ofSeconds(30))
                    .channel(WebhookChannel.builder(receiver.uri()).requestTimeout(Duration.ofSeconds(30)).build()));
            for (int i = 0; i < 3; i++) {
                a.onError(Events.database(clock));
            }
            receiver.awaitPosts(3);
            try (dev.faultline.testkit.LogCapture logs = dev.faultline.testkit.LogCapture.attach()) {
                assertFalse(a.close(Duration.ofMillis(200)));
                java.util.Set<String> named = new java.util.HashSet<>();
                for (ch.qos.logback.classic.spi.ILoggingEvent e : logs.events()) {
                    if (e.getLoggerName().equals("faultline.alert") && e.getMessage().equals("alert not delivered: alerting closed")) {
                        Map<String, Object> kv = dev.faultline.testkit.LogCapture.kv(e);
                        assertEquals("critical_errors", kv.get("alert_rule"));
                        assertEquals("webhook", kv.get("alert_channel"));
                        assertEquals("dropped", kv.get("state"));
                        named.add(String.valueOf(kv.get("alert_id")));
                    }
                }
                java.util.Set<String> ids = new java.util.HashSet<>();
                a.history().forEach(r -> ids.add(r.alert().id()));
                assertEquals(ids, named, "each of the three alerts named once");
                assertTrue(logs.events().stream().anyMatch(e -> e.getMessage().startsWith("alerting closed before every alert")
                        && "3".equals(String.valueOf(dev.faultline.testkit.LogCapture.kv(e).get("undelivered")))));
            }
        }

        @Test
        @DisplayName("close() waits the configured close deadline; the builder checks it")
        void closeDeadline() {
            assertEquals(Duration.ofSeconds(5), Alerting.builder().build().closeDeadline());
            AlertEngine a = build(builder().closeDeadline(Duration.ofSeconds(12)));
            assertEquals(Duration.ofSeconds(12), a.settings().closeDeadline());
            assertEquals(Duration.ZERO, build(builder().closeDeadline(Duration.ZERO)).settings().closeDeadline());
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Alerting.builder().closeDeadline(Duration.ofMinutes(11)));
            assertTrue(e.getMessage().contains("alert.close_deadline"), e.getMessage());
        }
    }
}
