package dev.faultline.examples;

import static dev.faultline.examples.CapturingAppender.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Login, bearer tokens, ownership and the audit and business events they produce, over real HTTP
 * against the API started in-process behind Faultline with the production preset, headers and bodies
 * logged (redacted), so that a password or token that slipped through would show. Every event
 * logged in the JVM is captured (an appender on the root logger).
 */
@DisplayName("Login, tokens and ownership, with their audit and business events")
class AuthFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String WRONG_PASSWORD = "not-her-password-7731";
    /** Every password sent in this class, right or wrong: none may show in any log event. */
    private static final List<String> PASSWORDS = List.of("wonderland", "builder", "admin-secret", WRONG_PASSWORD);

    private static final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T09:00:00Z"));
    /** Every token handed out in this class: none may show in any log event either. */
    private static final Set<String> tokens = ConcurrentHashMap.newKeySet();

    private static Main.Server server;
    private static HttpClient client;
    private static CapturingAppender log;

    @BeforeAll
    static void start() throws Exception {
        log = new CapturingAppender();
        log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root().addAppender(log);
        Faultline.Builder faultline = Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null) // whatever this machine's FAULTLINE_* say
                .logging(l -> l.logHeaders(true).logRequestBody(true).logResponseBody(true));
        server = Main.start("127.0.0.1", 0, faultline, clock);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (client != null) {
            client.close();
        }
        root().detachAppender(log);
        log.stop();
    }

    @Nested
    @DisplayName("POST /login")
    class Login {

        @Test
        @DisplayName("answers a token for a demo user and audits the success with user_id, never the password")
        void success() throws Exception {
            HttpResponse<String> r = login("alice", "wonderland");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
            JsonNode body = json(r);
            String token = body.path("token").asText();
            tokens.add(token);
            assertTrue(token.matches("[0-9a-f]{32}"), token);
            assertEquals("alice", body.path("user").asText());
            assertEquals(3600, body.path("expires_in").asInt());
            assertEquals(Set.of("token", "user", "expires_in"), names(body));

            String requestId = requestId(r);
            ILoggingEvent audit = await("faultline.audit", requestId, "authentication");
            assertEquals(Level.INFO, audit.getLevel());
            assertEquals("authentication", kv(audit, "audit_type"));
            assertEquals(true, kv(audit, "success"));
            assertEquals("alice", kv(audit, "user_id"));
            assertEquals("password", kv(audit, "auth_method"));
            assertNull(kv(audit, "reason"));
            // one source per field (issue 16): the event's own user_id, not also the MDC's copy
            assertNull(audit.getMDCPropertyMap().get("user_id"), "user_id once on the line");

            ILoggingEvent completed = await("faultline.http", requestId, "request completed");
            assertEquals("alice", kv(completed, "user_id"));
            String requestBody = String.valueOf(kv(completed, "request_body"));
            assertTrue(requestBody.contains("alice") && requestBody.contains("[REDACTED]"),
                    "bodies are logged, the password redacted: " + requestBody);
            assertNoSecretsLogged();
        }

        @Test
        @DisplayName("answers a wrong password and an unknown user alike: a 401 problem and a failed authentication")
        void badCredentials() throws Exception {
            HttpResponse<String> wrong = login("alice", WRONG_PASSWORD);
            assertProblem(wrong, 401, "authentication");
            assertEquals("Invalid username or password.", json(wrong).path("detail").asText());
            assertFalse(json(wrong).has("token"));

            ILoggingEvent audit = await("faultline.audit", requestId(wrong), "authentication");
            assertEquals(Level.WARN, audit.getLevel());
            assertEquals(false, kv(audit, "success"));
            assertEquals("alice", kv(audit, "user_id"));
            assertEquals("password", kv(audit, "auth_method"));
            assertEquals("bad credentials", kv(audit, "reason"));

            HttpResponse<String> unknown = login("mallory", WRONG_PASSWORD);
            assertProblem(unknown, 401, "authentication");
            assertEquals(json(wrong).path("detail"), json(unknown).path("detail"), "says nothing of which part was wrong");
            ILoggingEvent unknownAudit = await("faultline.audit", requestId(unknown), "authentication");
            assertEquals("mallory", kv(unknownAudit, "user_id"));
            assertEquals("bad credentials", kv(unknownAudit, "reason"), "the same reason as a wrong password");

            await("faultline.http", requestId(unknown), "request completed");
            assertNoSecretsLogged();
        }

        @Test
        @DisplayName("reports missing or invalid fields in one 400 problem, without an audit event")
        void invalid() throws Exception {
            HttpResponse<String> empty = post("/login", "{}", null);
            assertProblem(empty, 400, "validation");
            assertEquals(Set.of("username", "password"), fields(json(empty)));

            HttpResponse<String> noPassword = post("/login", "{\"username\": \"alice\"}", null);
            assertProblem(noPassword, 400, "validation");
            assertEquals(Set.of("password"), fields(json(noPassword)));

            HttpResponse<String> wrongTypes = post("/login", "{\"username\": 7, \"password\": \"\"}", null);
            assertProblem(wrongTypes, 400, "validation");
            assertEquals(Set.of("username", "password"), fields(json(wrongTypes)));

            // Jackson's message would quote the unquoted password; the problem and the logs must not
            HttpResponse<String> malformed = post("/login", "{\"username\": \"alice\", \"password\": " + WRONG_PASSWORD + "}", null);
            assertProblem(malformed, 400, "validation");
            assertFalse(malformed.body().contains(WRONG_PASSWORD), malformed.body());

            String requestId = requestId(malformed);
            await("faultline.http", requestId, "request completed");
            for (HttpResponse<String> r : List.of(empty, noPassword, wrongTypes, malformed)) {
                String id = requestId(r);
                assertTrue(log.events().stream().noneMatch(e -> "faultline.audit".equals(e.getLoggerName())
                        && id.equals(kv(e, "request_id"))), "an invalid request is no login attempt");
            }
            assertNoSecretsLogged();
        }

        @Test
        @DisplayName("takes only a body declared JSON: anything else is a 415 problem, and the body is neither read nor logged")
        void notJson() throws Exception {
            String body = "{\"username\": \"alice\", \"password\": \"wonderland\"}";
            for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "application/jsonp")) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login"))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
                assertProblem(r, 415, "validation");
                ILoggingEvent completed = await("faultline.http", requestId(r), "request completed");
                assertNull(kv(completed, "request_body"), type + ": the body passed through the capture");
                assertNull(find("faultline.audit", requestId(r), "authentication"), "no login attempt");
            }
            HttpResponse<String> json = send(HttpRequest.newBuilder(uri("/login"))
                    .header("Content-Type", "application/vnd.example+json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
            assertEquals(200, json.statusCode(), json.body());
            tokens.add(json(json).path("token").asText());
            assertNoSecretsLogged();
        }
    }

    @Nested
    @DisplayName("POST /videos")
    class Create {

        @Test
        @DisplayName("with a token: 201 owned by the user, and a video_created event with the request's id and user")
        void withToken() throws Exception {
            String token = token("alice", "wonderland");
            HttpResponse<String> r = createVideo(token);
            assertEquals(201, r.statusCode(), r.body());
            JsonNode video = json(r);
            assertEquals("alice", video.path("owner").asText());
            String id = video.path("id").asText();

            String requestId = requestId(r);
            ILoggingEvent event = await("faultline.business", requestId, "video_created");
            assertEquals(Level.INFO, event.getLevel());
            assertEquals("video_created", kv(event, "event"));
            assertEquals("alice", kv(event, "user_id"));
            assertEquals(id, kv(event, "video_id"));
            assertEquals("promo_1", kv(event, "template_id"));
            assertEquals(5, kv(event, "script_length"));
            assertEquals("alice", kv(event, "owner"));
            // one source per field (issue 16): the event's pairs, the MDC's copies lifted for the line
            assertEquals(requestId, kv(event, "request_id"));
            assertNull(event.getMDCPropertyMap().get("request_id"));
            assertNull(event.getMDCPropertyMap().get("user_id"));

            assertEquals("alice", kv(await("faultline.http", requestId, "request completed"), "user_id"));
            assertEquals("alice", json(get("/videos/" + id, token)).path("owner").asText());
            assertNoSecretsLogged();
        }

        @Test
        @DisplayName("without a token: owned by anonymous, and the event says so")
        void anonymous() throws Exception {
            HttpResponse<String> r = createVideo(null);
            assertEquals(201, r.statusCode(), r.body());
            assertEquals("anonymous", json(r).path("owner").asText());
            ILoggingEvent event = await("faultline.business", requestId(r), "video_created");
            assertEquals("anonymous", kv(event, "owner"));
            assertNull(kv(event, "user_id"), "nobody is authenticated");
        }

        @Test
        @DisplayName("with an unknown, malformed or expired token: a 401 problem that challenges, and a failed authentication")
        void badToken() throws Exception {
            HttpResponse<String> unknown = createVideo("0123456789abcdef0123456789abcdef");
            assertProblem(unknown, 401, "authentication");
            assertEquals("Bearer realm=\"faultline-examples\", error=\"invalid_token\"",
                    unknown.headers().firstValue("WWW-Authenticate").orElseThrow());
            ILoggingEvent audit = await("faultline.audit", requestId(unknown), "authentication");
            assertEquals(false, kv(audit, "success"));
            assertEquals("token", kv(audit, "auth_method"));
            assertEquals("unknown or expired token", kv(audit, "reason"));
            assertNull(kv(audit, "user_id"));
            assertTrue(log.events().stream().noneMatch(e -> "faultline.business".equals(e.getLoggerName())
                    && requestId(unknown).equals(kv(e, "request_id"))), "no video was created");

            HttpResponse<String> basic = send(HttpRequest.newBuilder(uri("/videos"))
                    .header("Authorization", "Basic YWxpY2U6d29uZGVybGFuZA==").GET().build());
            assertProblem(basic, 401, "authentication");
            assertEquals("not a bearer token", kv(await("faultline.audit", requestId(basic), "authentication"), "reason"));

            String token = token("bob", "builder");
            assertEquals(200, get("/videos", token).statusCode(), "a token is accepted on GET");
            clock.advance(TokenStore.TTL);
            assertProblem(get("/videos", token), 401, "authentication");
            assertEquals(200, get("/videos", null).statusCode(), "no token at all is still fine on GET");
        }
    }

    @Nested
    @DisplayName("DELETE /videos/{id}")
    class Delete {

        @Test
        @DisplayName("by someone else than the owner: a 403 problem, a denied authorization, and the video stays")
        void notOwner() throws Exception {
            String id = videoOf(token("alice", "wonderland"));
            HttpResponse<String> r = delete(id, token("bob", "builder"));
            assertProblem(r, 403, "authorization");
            assertEquals("You may not delete this video.", json(r).path("detail").asText());

            ILoggingEvent audit = await("faultline.audit", requestId(r), "authorization");
            assertEquals(Level.WARN, audit.getLevel());
            assertEquals("authorization", kv(audit, "audit_type"));
            assertEquals(false, kv(audit, "granted"));
            assertEquals("bob", kv(audit, "user_id"));
            assertEquals("/videos/" + id, kv(audit, "resource"));
            assertEquals("delete", kv(audit, "action"));
            assertNull(find("faultline.business", requestId(r), "user_action"));

            assertEquals(200, get("/videos/" + id, null).statusCode(), "still there");
        }

        @Test
        @DisplayName("by the owner: 204, a granted authorization and a user_action event; then it is gone")
        void owner() throws Exception {
            String token = token("alice", "wonderland");
            String id = videoOf(token);
            HttpResponse<String> r = delete(id, token);
            assertEquals(204, r.statusCode(), r.body());
            assertEquals("", r.body());

            String requestId = requestId(r);
            ILoggingEvent audit = await("faultline.audit", requestId, "authorization");
            assertEquals(Level.INFO, audit.getLevel());
            assertEquals(true, kv(audit, "granted"));
            assertEquals("alice", kv(audit, "user_id"));
            assertEquals("/videos/" + id, kv(audit, "resource"));
            assertEquals("delete", kv(audit, "action"));

            ILoggingEvent action = await("faultline.business", requestId, "user_action");
            assertEquals("user_action", kv(action, "event"));
            assertEquals("delete", kv(action, "action"));
            assertEquals("video", kv(action, "resource_type"));
            assertEquals(id, kv(action, "resource_id"));
            assertEquals("alice", kv(action, "user_id"));

            assertEquals(204, kv(await("faultline.http", requestId, "request completed"), "status"));
            assertProblem(get("/videos/" + id, null), 404, "not_found");
            assertNoSecretsLogged();
        }

        @Test
        @DisplayName("by admin: 204 whoever the owner")
        void admin() throws Exception {
            String id = videoOf(token("bob", "builder"));
            HttpResponse<String> r = delete(id, token("admin", "admin-secret"));
            assertEquals(204, r.statusCode(), r.body());
            ILoggingEvent audit = await("faultline.audit", requestId(r), "authorization");
            assertEquals(true, kv(audit, "granted"));
            assertEquals("admin", kv(audit, "user_id"));
        }

        @Test
        @DisplayName("without a token: a 401 problem that challenges for a bearer token")
        void withoutToken() throws Exception {
            String id = videoOf(null);
            HttpResponse<String> r = delete(id, null);
            assertProblem(r, 401, "authentication");
            assertEquals("Bearer realm=\"faultline-examples\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertNull(find("faultline.audit", requestId(r), "authorization"), "no decision without a user");
            assertEquals(200, get("/videos/" + id, null).statusCode(), "still there");
        }

        @Test
        @DisplayName("of a video that does not exist: a 404 problem")
        void missing() throws Exception {
            HttpResponse<String> r = delete("vid_0000000000000000", token("admin", "admin-secret"));
            assertProblem(r, 404, "not_found");
            assertNull(find("faultline.audit", requestId(r), "authorization"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** No password sent, nor any token issued, in the message, arguments, key-values, MDC or throwable of any event. */
    private static void assertNoSecretsLogged() {
        List<ILoggingEvent> events = log.events();
        assertFalse(events.isEmpty());
        Set<String> secrets = new HashSet<>(PASSWORDS);
        secrets.addAll(tokens);
        for (ILoggingEvent e : events) {
            String text = describe(e);
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "a secret in a log event: " + text);
            }
        }
    }

    private static String describe(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ')
                .append(e.getMessage()).append(' ').append(e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            sb.append(' ').append(List.of(e.getArgumentArray()));
        }
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair pair : e.getKeyValuePairs()) {
                sb.append(' ').append(pair.key).append('=').append(pair.value);
            }
        }
        sb.append(' ').append(e.getMDCPropertyMap());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    private static ILoggingEvent await(String logger, String requestId, String message) throws InterruptedException {
        ILoggingEvent event = log.await(matching(logger, requestId, message), WAIT);
        assertNotNull(event, "no '" + message + "' on " + logger + " with request_id " + requestId);
        return event;
    }

    /** An event logged already, for asserting its absence once the request's own events are in. */
    private static @Nullable ILoggingEvent find(String logger, String requestId, String message) throws InterruptedException {
        await("faultline.http", requestId, "request completed"); // the last event of a request
        return log.events().stream().filter(matching(logger, requestId, message)).findFirst().orElse(null);
    }

    private static Predicate<ILoggingEvent> matching(String logger, String requestId, String message) {
        return e -> logger.equals(e.getLoggerName()) && message.equals(e.getMessage())
                && requestId.equals(kv(e, "request_id"));
    }

    private static HttpResponse<String> login(String username, String password) throws Exception {
        return post("/login", JSON.writeValueAsString(Map.of("username", username, "password", password)), null);
    }

    private static String token(String username, String password) throws Exception {
        HttpResponse<String> r = login(username, password);
        assertEquals(200, r.statusCode(), r.body());
        String token = json(r).path("token").asText();
        tokens.add(token);
        return token;
    }

    private static HttpResponse<String> createVideo(@Nullable String token) throws Exception {
        return post("/videos", "{\"title\": \"Launch\", \"template_id\": \"promo_1\", \"script\": \"Hello\"}", token);
    }

    private static String videoOf(@Nullable String token) throws Exception {
        HttpResponse<String> r = createVideo(token);
        assertEquals(201, r.statusCode(), r.body());
        return json(r).path("id").asText();
    }

    private static HttpResponse<String> delete(String id, @Nullable String token) throws Exception {
        return send(authorized(HttpRequest.newBuilder(uri("/videos/" + id)), token).DELETE().build());
    }

    private static HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).GET().build());
    }

    private static HttpResponse<String> post(String path, String body, @Nullable String token) throws Exception {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder b, @Nullable String token) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(WAIT).build();
        return client.send(timed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertProblem(HttpResponse<String> r, int status, String errorType) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = json(r);
        assertEquals(status, body.path("status").asInt());
        assertEquals(errorType, body.path("error_type").asText());
        assertEquals(requestId(r), body.path("request_id").asText());
    }

    private static Set<String> fields(JsonNode problem) {
        Set<String> fields = new HashSet<>();
        for (JsonNode error : problem.path("errors")) {
            assertTrue(fields.add(error.path("field").asText()), "field reported twice: " + error);
        }
        return fields;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String requestId(HttpResponse<String> r) {
        return r.headers().firstValue("X-Request-Id").orElseThrow();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static URI uri(String path) {
        return server.uri().resolve(path);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** A clock that tests move forward. Thread-safe. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
