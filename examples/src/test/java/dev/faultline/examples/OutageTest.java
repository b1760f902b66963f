package dev.faultline.examples;

import static dev.faultline.examples.CapturingAppender.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A simulated database outage ({@code POST /admin/database?state=down|up}) against the API started
 * in-process with the production preset, as {@code Main} starts it (the recovery of
 * {@link AppRecovery}, the default alert rules) plus a Slack channel configured the way the
 * environment does it ({@code SLACK_WEBHOOK_URL}), pointed at a receiver of this test.
 *
 * <p>Faultline and the app run on a {@link AuthFlowTest.MovableClock}: the shed list's breaker waits
 * {@value AppRecovery#SHED_OPEN_SECONDS} s by that clock, stale copies are as old as it says, and an
 * alert's cooldown never passes unless the test moves it. Nothing sleeps: each step waits for the
 * {@code request completed} event of the request before it, which Faultline logs once it has fed the
 * exchange to recovery, metrics and alerting.
 */
@DisplayName("A simulated database outage: stale copies, a shed list, alerts")
class OutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DEGRADED = "X-Faultline-Degraded";

    private static CapturingAppender httpLog;

    private AuthFlowTest.MovableClock clock;
    private SlackReceiver slack;
    private Main.Server server;
    private HttpClient client;
    private String admin;

    @BeforeAll
    static void capture() {
        httpLog = new CapturingAppender();
        httpLog.start();
        ((Logger) LoggerFactory.getLogger("faultline.http")).addAppender(httpLog);
    }

    @AfterAll
    static void release() {
        ((Logger) LoggerFactory.getLogger("faultline.http")).detachAppender(httpLog);
    }

    @BeforeEach
    void start() throws Exception {
        clock = new AuthFlowTest.MovableClock(Instant.parse("2030-01-01T09:00:00Z"));
        slack = SlackReceiver.start();
        List<AlertChannel> channels = AlertChannels.fromEnvironment(
                Map.of(AlertChannels.SLACK_WEBHOOK_URL, slack.uri().toString()));
        Faultline.Builder faultline = Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null) // whatever this machine's FAULTLINE_* say
                .clock(clock)
                .monitoring(m -> m.token(TestToken.TOKEN))
                .alerting(a -> channels.forEach(a::channel));
        server = Main.start("127.0.0.1", 0, faultline, clock);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        admin = token("admin", "admin-secret");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (client != null) {
            client.close();
        }
        if (slack != null) {
            slack.stop();
        }
    }

    @Test
    @DisplayName("with the database down, a video read before answers 200 with its old body, marked stale-if-error, with its Age")
    void staleIfError() throws Exception {
        String id = videoId();
        String never = videoId();
        HttpResponse<String> fresh = completed(get("/videos/" + id));
        assertEquals(200, fresh.statusCode(), fresh.body());
        assertTrue(fresh.headers().firstValue(DEGRADED).isEmpty(), fresh.headers().toString());

        database("down");
        clock.advance(Duration.ofSeconds(42));
        long calls = server.videos().calls();
        HttpResponse<String> stale = completed(get("/videos/" + id));

        assertEquals(200, stale.statusCode(), stale.body());
        assertEquals(fresh.body(), stale.body());
        assertEquals("stale-if-error", stale.headers().firstValue(DEGRADED).orElse(null), stale.headers().toString());
        assertEquals("42", stale.headers().firstValue("Age").orElse(null));
        assertEquals(calls + 1, server.videos().calls(), "the application was called, and failed");
        ILoggingEvent completed = completedEvent(stale);
        assertEquals("database", kv(completed, "error_type"), "logged as the database failure it was");

        HttpResponse<String> unread = completed(get("/videos/" + never));
        assertProblem(unread, 503, "database"); // no stale copy of a video never read
        HttpResponse<String> health = get("/health");
        assertEquals(503, health.statusCode(), health.body());
        assertEquals("down", json(health).path("services").path("database").path("status").asText(), health.body());

        database("up");
        HttpResponse<String> again = completed(get("/videos/" + id));
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.headers().firstValue(DEGRADED).isEmpty(), again.headers().toString());
        JsonNode recovery = json(get("/metrics/performance")).path("recovery");
        assertEquals(1, recovery.path("degraded").asLong(), recovery.toString());
    }

    @Test
    @DisplayName("with the database down, GET /videos fails 503, then is shed without calling the application, and heals after the outage and openFor")
    void shedding() throws Exception {
        database("down");
        for (int i = 1; i <= AppRecovery.SHED_MINIMUM_CALLS; i++) {
            long calls = server.videos().calls();
            HttpResponse<String> failed = completed(get("/videos"));
            assertProblem(failed, 503, "database");
            assertEquals(calls + 1, server.videos().calls(), "call " + i + " reached the repository");
        }

        assertShed();
        database("up");
        assertShed(); // the database is back, but the breaker waits its openFor
        clock.advance(Duration.ofSeconds(AppRecovery.SHED_OPEN_SECONDS - 1));
        assertShed();

        clock.advance(Duration.ofSeconds(1).plusMillis(1)); // openFor has passed: half-open, probes go through
        for (int probe = 1; probe <= AppRecovery.SHED_PROBES; probe++) {
            long calls = server.videos().calls();
            HttpResponse<String> r = completed(get("/videos"));
            assertEquals(200, r.statusCode(), "probe " + probe + ": " + r.body());
            assertEquals(calls + 1, server.videos().calls());
        }
        JsonNode recovery = json(get("/metrics/performance")).path("recovery");
        assertEquals("closed", recovery.path("shedding").path(AppRecovery.SHED_ROUTE).asText(), recovery.toString());
        assertEquals(3, recovery.path("shed_requests").asLong(), recovery.toString());
        assertEquals(200, completed(get("/videos")).statusCode(), "healed");
    }

    @Test
    @DisplayName("while the list is shed, a failed probe opens it again for another openFor")
    void failedProbe() throws Exception {
        database("down");
        for (int i = 0; i < AppRecovery.SHED_MINIMUM_CALLS; i++) {
            completed(get("/videos"));
        }
        assertShed();
        clock.advance(Duration.ofSeconds(AppRecovery.SHED_OPEN_SECONDS).plusMillis(1));
        long calls = server.videos().calls();
        for (int probe = 1; probe <= AppRecovery.SHED_PROBES; probe++) {
            assertProblem(completed(get("/videos")), 503, "database"); // still down: the probes fail
        }
        assertEquals(calls + AppRecovery.SHED_PROBES, server.videos().calls());
        assertShed();
    }

    @Test
    @DisplayName("/metrics/alerts lists critical_errors delivered to the log and to Slack, which gets one message for the burst")
    void alerts() throws Exception {
        database("down");
        int burst = 8;
        for (int i = 0; i < burst; i++) {
            assertProblem(completed(get("/videos/vid_00000000000000" + (10 + i))), 503, "database");
        }
        JsonNode history = awaitDelivered(2);

        List<JsonNode> critical = alertsOf(history, "critical_errors");
        assertEquals(1, critical.size(), history.toString());
        JsonNode alert = critical.get(0);
        assertEquals("critical", alert.path("level").asText());
        assertEquals("Critical error: database at /videos/{id}", alert.path("message").asText());
        for (String channel : List.of("log", "slack")) {
            JsonNode delivery = alert.path("deliveries").path(channel);
            assertEquals("delivered", delivery.path("state").asText(), channel + ": " + alert);
            assertEquals(1, delivery.path("attempts").asInt(), channel + ": " + alert);
        }
        assertEquals(1, alertsOf(history, "database_errors").size(), history.toString());

        List<String> messages = slack.messages();
        assertEquals(history.path("alerts").size(), messages.size(), "one Slack message per alert: " + messages);
        List<String> criticalMessages = messages.stream().filter(m -> m.contains("critical_errors")).toList();
        assertEquals(1, criticalMessages.size(), messages.toString());
        JsonNode payload = JSON.readTree(criticalMessages.get(0));
        assertTrue(payload.path("text").asText().contains("Critical error: database at /videos/{id}"), payload.toString());
        assertEquals("danger", payload.path("attachments").path(0).path("color").asText(), payload.toString());

        // more of the same within the minute's cooldown: counted as suppressed, no new message
        for (int i = 0; i < burst; i++) {
            completed(get("/videos/vid_00000000000001" + (10 + i)));
        }
        JsonNode later = awaitDelivered(2);
        assertEquals(1, alertsOf(later, "critical_errors").size(), later.toString());
        assertTrue(later.path("stats").path("suppressed").asLong() >= 2L * burst - 1, later.toString());
        assertEquals(messages.size(), slack.messages().size(), slack.messages().toString());
    }

    @Test
    @DisplayName("POST /admin/database takes the admin's token and state=down|up; GET says whether it is down")
    void adminEndpoint() throws Exception {
        assertEquals("up", json(get("/admin/database")).path("database").asText());
        assertProblem(send(post("/admin/database?state=down", null)), 401, "authentication");
        assertProblem(send(post("/admin/database?state=down", token("alice", "wonderland"))), 403, "authorization");
        for (String state : List.of("", "sideways", "DOWNN")) {
            HttpResponse<String> r = send(post("/admin/database?state=" + state, admin));
            assertProblem(r, 400, "validation");
            assertEquals("state", json(r).path("errors").path(0).path("field").asText(), r.body());
        }
        assertProblem(send(post("/admin/database", admin)), 400, "validation");
        assertEquals("up", json(get("/admin/database")).path("database").asText(), "nothing changed");

        JsonNode down = database("down");
        assertTrue(down.path("changed").asBoolean(), down.toString());
        assertEquals(clock.instant().toString(), down.path("down_since").asText());
        assertFalse(database("down").path("changed").asBoolean(), "already down");
        assertEquals("down", json(get("/admin/database")).path("database").asText());
        assertTrue(database("up").path("changed").asBoolean());
        assertEquals("up", json(get("/admin/database")).path("database").asText());
    }

    // ---------------------------------------------------------------------------------------------

    /** A GET /videos that is shed: 503 resource_exhausted with Retry-After, the application not called. */
    private void assertShed() throws Exception {
        long calls = server.videos().calls();
        HttpResponse<String> r = completed(get("/videos"));
        assertProblem(r, 503, "resource_exhausted");
        assertEquals(String.valueOf(AppRecovery.SHED_OPEN_SECONDS), r.headers().firstValue("Retry-After").orElse(null),
                r.headers().toString());
        assertEquals(calls, server.videos().calls(), "a shed request never reaches the application");
    }

    /**
     * {@code /metrics/alerts?hours=1} once it holds at least {@code alerts} alerts and every delivery is
     * final (delivery is asynchronous), polled until {@link #WAIT} has passed.
     */
    private JsonNode awaitDelivered(int alerts) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode history;
        do {
            history = json(get("/metrics/alerts?hours=1"));
            if (history.path("alerts").size() >= alerts && allFinal(history)) {
                return history;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        } while (System.nanoTime() < deadline);
        throw new AssertionError("alerts not all delivered within " + WAIT + ": " + history);
    }

    private static boolean allFinal(JsonNode history) {
        for (JsonNode alert : history.path("alerts")) {
            for (JsonNode delivery : alert.path("deliveries")) {
                if ("pending".equals(delivery.path("state").asText())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<JsonNode> alertsOf(JsonNode history, String rule) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode alert : history.path("alerts")) {
            if (rule.equals(alert.path("rule").asText())) {
                out.add(alert);
            }
        }
        return out;
    }

    private JsonNode database(String state) throws Exception {
        HttpResponse<String> r = send(post("/admin/database?state=" + state, admin));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(state, body.path("database").asText(), r.body());
        return body;
    }

    /** Waits for the request's "request completed" event: Faultline has fed it to recovery and alerting. */
    private static HttpResponse<String> completed(HttpResponse<String> r) throws InterruptedException {
        completedEvent(r);
        return r;
    }

    private static ILoggingEvent completedEvent(HttpResponse<String> r) throws InterruptedException {
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        Predicate<ILoggingEvent> match = e -> "request completed".equals(e.getMessage())
                && requestId.equals(kv(e, "request_id"));
        ILoggingEvent event = httpLog.await(match, WAIT);
        assertNotNull(event, "no 'request completed' for " + requestId);
        return event;
    }

    private String videoId() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/videos"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"title\": \"Launch\", \"template_id\": \"promo_1\", \"script\": \"Hello\"}"))
                .build());
        assertEquals(201, r.statusCode(), r.body());
        completed(r);
        return json(r).path("id").asText();
    }

    private String token(String user, String password) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", user, "password", password))))
                .build());
        assertEquals(200, r.statusCode(), r.body());
        return json(r).path("token").asText();
    }

    private HttpRequest post(String path, @Nullable String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        return (token == null ? b : b.header("Authorization", "Bearer " + token)).build();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(TestToken.forMonitoring(HttpRequest.newBuilder(uri(path)), path).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(WAIT).build();
        return client.send(timed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertProblem(HttpResponse<String> r, int status, String errorType) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(errorType, json(r).path("error_type").asText(), r.body());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private URI uri(String path) {
        return server.uri().resolve(path);
    }

    /**
     * A stand-in for Slack's incoming webhooks: a JDK {@link HttpServer} on 127.0.0.1 and a free port
     * that keeps every message posted to it and answers 200 {@code ok}, as Slack does. Thread-safe.
     */
    static final class SlackReceiver {
        static final String PATH = "/services/T0000/B0000/demo";

        private final HttpServer server;
        private final List<String> messages = new ArrayList<>(); // guarded by this

        private SlackReceiver(HttpServer server) {
            this.server = server;
        }

        static SlackReceiver start() throws IOException {
            HttpServer http = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
            SlackReceiver receiver = new SlackReceiver(http);
            http.createContext(PATH, receiver::receive);
            http.start();
            return receiver;
        }

        private void receive(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (this) {
                    messages.add(body);
                }
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
        }

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        void stop() {
            server.stop(0);
        }
    }
}
