package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.error.ErrorType;
import dev.faultline.internal.AlertFields;
import dev.faultline.internal.Json;
import dev.faultline.internal.alert.AlertEngine;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Alertmanager channel against a loopback receiver that records what Alertmanager's API would get;
 * time from a {@link TestClock}. The channel against a real Alertmanager: the examples'
 * {@code AlertmanagerFleetTest}.
 */
@DisplayName("AlertmanagerChannel")
class AlertmanagerChannelTest {

    static final Duration RESEND = Duration.ofMinutes(1);

    Receiver receiver;
    final TestClock clock = new TestClock();
    AlertmanagerChannel channel;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
        channel = channel(receiver.uri());
    }

    AlertmanagerChannel channel(URI uri) {
        return AlertmanagerChannel.builder(uri).service("videos").instance("videos-1").clock(clock)
                .dashboardUrl(URI.create("https://videos.example.com/faultline/")).build();
    }

    @AfterEach
    void stop() {
        channel.close();
        receiver.close();
    }

    static Map<String, @Nullable Object> context(String endpoint) {
        Map<String, @Nullable Object> c = new LinkedHashMap<>();
        c.put("request_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        c.put("error_type", "database");
        c.put("endpoint", endpoint);
        c.put("fingerprint", "a1b2c3");
        c.put("user_id", null);
        return c;
    }

    Alert alert(String rule, String group, boolean resolved, String endpoint) {
        return new Alert(AlertFields.newId(), rule, AlertLevel.CRITICAL, (resolved ? "Resolved: " : "") + "Critical error: database at "
                + endpoint, clock.instant(), context(endpoint), group, 0, resolved);
    }

    /** The alerts of the {@code n}th POST (from 0). */
    JsonNode post(int n) throws Exception {
        JsonNode body = Json.mapper().readTree(receiver.posts().get(n).body());
        assertTrue(body.isArray(), body.toString());
        return body;
    }

    @Test
    @DisplayName("POSTs a JSON array of alerts to /api/v2/alerts, with the labels, annotations and times Alertmanager reads")
    void shape() throws Exception {
        assertEquals(URI.create(receiver.uri() + "/api/v2/alerts"), channel.uri());
        Alert a = alert("critical_errors", "database /videos/{id}", false, "/videos/{id}");
        channel.deliver(a);
        JsonNode x = post(0).get(0);
        assertEquals(Map.of("alertname", "critical_errors", "severity", "critical", "service", "videos",
                "instance", "videos-1", "error_type", "database", "endpoint", "/videos/{id}"),
                Json.mapper().convertValue(x.get("labels"), Map.class));
        assertEquals("Critical error: database at /videos/{id}", x.get("annotations").get("summary").asText());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", x.get("annotations").get("request_id").asText());
        assertEquals("a1b2c3", x.get("annotations").get("fingerprint").asText());
        assertEquals(a.id(), x.get("annotations").get("alert_id").asText());
        assertEquals("https://videos.example.com/faultline/", x.get("generatorURL").asText());
        assertEquals(TestClock.T0.toString(), x.get("startsAt").asText());
        assertEquals(TestClock.T0.plus(AlertmanagerChannel.DEFAULT_EVENT_ALERT_DURATION).toString(), x.get("endsAt").asText(),
                "a rule that never resolves: active for the event alert duration");
        assertEquals(a.id(), receiver.posts().get(0).header("X-Faultline-Alert-Id"));
    }

    @Test
    @DisplayName("accepts Alertmanager's base URL with or without a trailing slash, or the full API URL")
    void urls() {
        assertEquals(URI.create("http://am:9093/api/v2/alerts"), AlertmanagerChannel.apiUri(URI.create("http://am:9093")));
        assertEquals(URI.create("http://am:9093/am/api/v2/alerts"), AlertmanagerChannel.apiUri(URI.create("http://am:9093/am/")));
        assertEquals(URI.create("http://am:9093/api/v2/alerts"), AlertmanagerChannel.apiUri(URI.create("http://am:9093/api/v2/alerts")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlertmanagerChannel.builder(URI.create("ftp://am/")));
        assertTrue(e.getMessage().startsWith("alert.alertmanager.url"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlertmanagerChannel.builder(URI.create("http://am/")).service(" "));
        assertThrows(IllegalArgumentException.class,
                () -> AlertmanagerChannel.builder(URI.create("http://am/")).resendInterval(Duration.ZERO));
    }

    @Nested
    @DisplayName("a rule that resolves (through the alerting engine, with its rules)")
    class Resolving {

        AlertEngine alerting;

        @BeforeEach
        void build() {
            alerting = new AlertEngine(Alerting.builder().clock(clock).tickInterval(Duration.ZERO).logChannel(false)
                    .rule(ThresholdRule.builder("database_errors").condition(e -> e.type() == ErrorType.DATABASE)
                            .threshold(2).window(Duration.ofMinutes(1)).notifyResolved(true).build())
                    .channel(channel).build());
        }

        @AfterEach
        void close() {
            alerting.close(Duration.ofSeconds(5));
        }

        @Test
        @DisplayName("fires with endsAt four re-send intervals ahead, keeps its labels, and resolves with endsAt = when it resolved")
        void firesAndResolves() throws Exception {
            alerting.onError(Events.of(clock, ErrorType.DATABASE, "/videos/{id}"));
            alerting.onError(Events.of(clock, ErrorType.DATABASE, "/videos/{id}"));
            receiver.awaitPosts(1);
            JsonNode firing = post(0).get(0);
            assertEquals("database_errors", firing.get("labels").get("alertname").asText());
            assertEquals("/videos/{id}", firing.get("labels").get("endpoint").asText());
            assertEquals(TestClock.T0.plus(RESEND.multipliedBy(4)).toString(), firing.get("endsAt").asText());

            clock.advance(Duration.ofMinutes(3));
            alerting.tick();
            receiver.awaitPosts(2);
            JsonNode resolved = post(1).get(0);
            assertEquals(firing.get("labels"), resolved.get("labels"), "the same alert for Alertmanager");
            assertEquals(firing.get("startsAt"), resolved.get("startsAt"));
            Instant ends = Instant.parse(resolved.get("endsAt").asText());
            assertEquals(clock.instant(), ends);
            assertTrue(resolved.get("annotations").get("summary").asText().startsWith("Resolved: "));
            Await.until("both notifications delivered, in the history like any channel's",
                    () -> alerting.history(Duration.ofHours(1)).stream().map(r -> r.deliveries().get("alertmanager").state())
                            .toList().equals(List.of(DeliveryState.DELIVERED, DeliveryState.DELIVERED)));
        }
    }

    @Nested
    @DisplayName("re-sending")
    class Resending {

        @Test
        @DisplayName("sends every kept alert in one POST, with a firing alert's endsAt moved ahead")
        void resends() throws Exception {
            channel.rules(List.of(ThresholdRule.builder("database_errors").notifyResolved(true).build()));
            channel.deliver(alert("database_errors", "database_errors", false, "/videos"));
            channel.deliver(alert("critical_errors", "database /login", false, "/login"));
            clock.advance(RESEND);
            assertTrue(channel.resendNow());
            JsonNode all = post(2);
            assertEquals(2, all.size(), all.toString());
            for (JsonNode x : all) {
                if (x.get("labels").get("alertname").asText().equals("database_errors")) {
                    assertEquals(clock.instant().plus(RESEND.multipliedBy(4)).toString(), x.get("endsAt").asText());
                    assertEquals(TestClock.T0.toString(), x.get("startsAt").asText());
                }
            }
            assertEquals(1, channel.resends());
        }

        @Test
        @DisplayName("forgets an event alert once it ended, and a resolved one after four intervals")
        void forgets() throws Exception {
            channel.rules(List.of(ThresholdRule.builder("database_errors").notifyResolved(true).build()));
            channel.deliver(alert("database_errors", "database_errors", false, "/videos"));
            channel.deliver(alert("critical_errors", "database /login", false, "/login"));
            clock.advance(Duration.ofMinutes(1));
            channel.deliver(alert("database_errors", "database_errors", true, "/videos"));
            clock.advance(AlertmanagerChannel.DEFAULT_EVENT_ALERT_DURATION.minus(Duration.ofMinutes(1))); // T0 + 5 min
            assertTrue(channel.resendNow());
            assertEquals(1, channel.activeAlerts(), "the event alert ended; the resolved one is still re-sent");
            clock.advance(RESEND.multipliedBy(4));
            assertTrue(channel.resendNow());
            assertEquals(0, channel.activeAlerts());
        }

        @Test
        @DisplayName("an alert whose delivery failed is still re-sent, so it reaches Alertmanager once it is back")
        void afterOutage() throws Exception {
            receiver.fail(2, 503);
            Alert a = alert("critical_errors", "database /videos", false, "/videos");
            DeliveryException e = assertThrows(DeliveryException.class, () -> channel.deliver(a));
            assertFalse(e.permanent());
            assertFalse(channel.resendNow(), "still down");
            assertEquals(1, channel.resendFailures());
            assertTrue(channel.resendNow(), "back up");
            assertEquals("critical_errors", post(2).get(0).get("labels").get("alertname").asText());
        }

        @Test
        @DisplayName("the re-send thread starts with the first delivery, even one that failed, and brings the alert")
        void thread() throws Exception {
            receiver.fail(1, 503);
            try (AlertmanagerChannel fast = AlertmanagerChannel.builder(receiver.uri()).instance("videos-1").clock(clock)
                    .resendInterval(Duration.ofMillis(50)).build()) {
                assertThrows(DeliveryException.class, () -> fast.deliver(alert("critical_errors", "g", false, "/videos")));
                Await.until("a re-send accepted", () -> fast.resends() >= 1);
                assertEquals(200, receiver.posts().get(1).status());
                assertEquals("critical_errors", post(1).get(0).get("labels").get("alertname").asText());
            }
        }

        @Test
        @DisplayName("a late retry of a firing notification does not undo the resolve that came after it")
        void staleRetry() throws Exception {
            channel.rules(List.of(ThresholdRule.builder("database_errors").notifyResolved(true).build()));
            Alert firing = alert("database_errors", "database_errors", false, "/videos");
            channel.deliver(firing);
            clock.advance(Duration.ofMinutes(2));
            channel.deliver(alert("database_errors", "database_errors", true, "/videos"));
            channel.deliver(firing); // the dispatcher retrying an older attempt
            JsonNode sent = post(2).get(0);
            assertEquals(clock.instant().toString(), sent.get("endsAt").asText(), "still resolved");
        }
    }

    @Test
    @DisplayName("concurrent notifications of many groups and re-sends: Alertmanager's last word on every group is its resolve")
    void concurrent() throws Exception {
        channel.rules(List.of(ThresholdRule.builder("database_errors").notifyResolved(true).build()));
        int groups = 24;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread resender = new Thread(() -> {
            while (!done.get()) {
                channel.resendNow();
            }
        });
        resender.start();
        List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String endpoint = "/e" + g;
            all.add(pool.submit(() -> {
                channel.deliver(new Alert(AlertFields.newId(), "database_errors", AlertLevel.ERROR, "firing", clock.instant(),
                        context(endpoint), endpoint, 0, false));
                channel.deliver(new Alert(AlertFields.newId(), "database_errors", AlertLevel.ERROR, "Resolved: firing",
                        clock.instant(), context(endpoint), endpoint, 0, true));
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : all) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        done.set(true);
        resender.join(30_000);
        pool.shutdown();
        Map<String, String> last = new java.util.HashMap<>(); // endpoint -> summary of the last update received
        for (Receiver.Post p : receiver.posts()) {
            for (JsonNode x : Json.mapper().readTree(p.body())) {
                last.put(x.get("labels").get("endpoint").asText(), x.get("annotations").get("summary").asText());
            }
        }
        assertEquals(groups, last.size(), last.toString());
        last.forEach((endpoint, summary) -> assertEquals("Resolved: firing", summary, endpoint));
    }

    @Test
    @DisplayName("a 400 from Alertmanager (an alert it refuses) fails the delivery for good")
    void refused() {
        receiver.fail(1, 400);
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> channel.deliver(alert("critical_errors", "g", false, "/videos")));
        assertTrue(e.permanent(), e.getMessage());
    }
}
