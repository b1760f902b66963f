package dev.faultline.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.error.ErrorType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance kit: the behaviour every Faultline adapter owes its users, checked over real HTTP
 * against a real server. An adapter's test extends this class and implements {@link #start(Faultline)}
 * by starting its server on 127.0.0.1 and a free port, with the routes of {@link KitApp} mapped onto
 * the server's own routing and the adapter installed in front of them.
 *
 * <p>Each subclass runs two servers for the whole class: one in production and one in development.
 * A scenario that cannot apply to a server is skipped by that subclass with an assumption that says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceKit {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The production server. */
    protected KitServer production;
    /** The development server. */
    protected KitServer development;
    /** A production server that logs headers and bodies (redacted, capped at the default 8 KiB). */
    protected KitServer verbose;
    /** Every log event of the run. */
    protected LogCapture logs;
    /** The client: HTTP/1.1, no redirects. */
    protected HttpClient client;

    /**
     * Starts the adapter's server with the kit's routes on 127.0.0.1 and a free port.
     *
     * @param faultline the instance the adapter must use
     */
    protected abstract KitServer start(Faultline faultline) throws Exception;

    /** A production server with a 5/min rate limit, 127.0.0.1 as trusted proxy, blocking signatures,
     * a monitoring token, two health checks (one hanging) and every request counted slow. */
    protected KitServer guarded;

    /**
     * The Faultline the kit runs its standard servers with; subclasses rarely need to change it. The
     * kit sends hundreds of requests from one address, so the per-client rate limit is lifted here;
     * the {@link #guarded} server checks it. The monitoring endpoints are closed without a credential
     * (the presets' default), so the kit gives them {@link KitApp#TOKEN}; {@link #monitor} sends it.
     */
    protected Faultline faultline(Environment environment) {
        return Faultline.builder().environment(environment).settings(name -> null)
                .security(s -> s.maxRequestsPerMinute(1_000_000))
                .monitoring(m -> m.token(KitApp.TOKEN))
                .build();
    }

    /** A production server with stale-if-error on {@value KitApp#STALE} and shedding on {@value KitApp#SHED}. */
    protected KitServer recovering;
    /** The movable clock of the {@link #recovering} server. */
    protected final KitClock recoveringClock = new KitClock();

    /** The Faultline of the {@link #recovering} server. */
    protected Faultline recoveringFaultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null).clock(recoveringClock)
                .security(s -> s.maxRequestsPerMinute(1_000_000))
                .recovery(r -> r.staleIfError(KitApp.STALE)
                        .shedding(KitApp.SHED, s -> s.minimumCalls(4).window(4).failureRatePercent(50)
                                .openFor(Duration.ofSeconds(30)).probes(2)))
                .build();
    }

    /** Holds the guarded server's hanging health check until this kit instance is done. */
    protected final java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);

    /** The Faultline of the {@link #guarded} server. */
    protected Faultline guardedFaultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null)
                .security(s -> s.maxRequestsPerMinute(5).trustedProxies("127.0.0.1")
                        .signatureMode(dev.faultline.security.SecurityConfig.Mode.BLOCK))
                .monitoring(m -> m.token(KitApp.TOKEN))
                .performance(p -> p.slowRequestThreshold(Duration.ofNanos(1)))
                .health(h -> h.check("kit-ok", dev.faultline.health.HealthResult::up)
                        .check("kit-hanging", () -> KitApp.hangingCheck(hang),
                                o -> o.critical(false).timeout(Duration.ofMillis(300))))
                .build();
    }

    /** The Faultline of the {@link #verbose} server. */
    protected Faultline verboseFaultline() {
        return Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null)
                .security(s -> s.maxRequestsPerMinute(1_000_000))
                .monitoring(m -> m.token(KitApp.TOKEN))
                .logging(l -> l.logHeaders(true).logRequestBody(true).logResponseBody(true))
                .build();
    }

    @BeforeAll
    void startServers() throws Exception {
        logs = LogCapture.attach();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        production = start(owned(faultline(Environment.PRODUCTION)));
        development = start(owned(faultline(Environment.DEVELOPMENT)));
        verbose = start(owned(verboseFaultline()));
        guarded = start(owned(guardedFaultline()));
        recoveringInstance = owned(recoveringFaultline());
        recovering = start(recoveringInstance);
    }

    /** The Faultline the {@link #recovering} server runs. */
    private Faultline recoveringInstance;

    /**
     * Waits until the shed route's breaker is in {@code state}. A breaker counts an outcome when the
     * exchange closes, which may be just after the client has read the whole response: the next
     * request must not race the previous one's bookkeeping.
     */
    private void awaitBreaker(dev.faultline.recovery.RecoveryStats.BreakerState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!recoveringInstance.recovery().shedding().containsValue(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the shed route's breaker is not " + state + " within 10 s: "
                        + recoveringInstance.recovery().shedding());
            }
            Thread.sleep(5);
        }
    }

    /** The Faultlines the kit made, closed (their health, alert and recovery threads) after the servers. */
    private final List<Faultline> owned = new ArrayList<>();

    private Faultline owned(Faultline f) {
        owned.add(f);
        return f;
    }

    @AfterAll
    void stopServers() throws Exception {
        if (production != null) {
            production.close();
        }
        if (development != null) {
            development.close();
        }
        if (verbose != null) {
            verbose.close();
        }
        hang.countDown();
        if (guarded != null) {
            guarded.close();
        }
        if (recovering != null) {
            recovering.close();
        }
        for (Faultline f : owned) {
            f.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A GET request to {@code path} on {@code server}. */
    protected HttpRequest.Builder get(KitServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(20)).GET();
    }

    /** A GET request to a monitoring endpoint on {@code server}, with the kit's bearer token. */
    protected HttpRequest.Builder monitor(KitServer server, String path) {
        return get(server, path).header("Authorization", "Bearer " + KitApp.TOKEN);
    }

    /** Sends and returns the response with the body as a UTF-8 string. */
    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Parses a body that must be JSON. */
    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + body, e);
        }
    }

    /** Checks the invariants of every problem response and returns the parsed body. */
    protected static JsonNode assertProblem(HttpResponse<String> r, int status, ErrorType type) {
        assertEquals(status, r.statusCode(), () -> "status; body: " + r.body());
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("application/problem+json"), () -> "content type: " + contentType);
        JsonNode body = json(r.body());
        String requestId = r.headers().firstValue("X-Request-Id").orElse(null);
        assertAll(
                () -> assertNotNull(requestId, "X-Request-Id header"),
                () -> assertEquals(status, body.path("status").asInt(), "status member"),
                () -> assertEquals(type.label(), body.path("error_type").asText(), "error_type member"),
                () -> assertFalse(body.path("title").asText().isBlank(), "title member"),
                () -> assertFalse(body.path("type").asText().isBlank(), "type member"),
                () -> assertFalse(body.path("detail").asText().isBlank(), "detail member"),
                () -> assertFalse(body.path("timestamp").asText().isBlank(), "timestamp member"),
                () -> assertEquals(requestId, body.path("request_id").asText(), "request_id member = header"));
        return body;
    }

    private static void assertNoInternals(HttpResponse<String> r) {
        assertFalse(r.body().contains(KitApp.SECRET), () -> "internal message leaked: " + r.body());
        JsonNode body = json(r.body());
        assertAll(
                () -> assertFalse(body.has("exception"), "exception member in production"),
                () -> assertFalse(body.has("stack"), "stack member in production"),
                () -> assertFalse(body.has("message"), "message member in production"),
                () -> assertFalse(r.body().contains("at dev.faultline"), "stack frame in production"));
    }

    // ---------------------------------------------------------------- scenarios

    @Nested
    @DisplayName("Every error type")
    class ErrorTypes {

        @ParameterizedTest(name = "{0} thrown on the request thread gives its status and a problem body")
        @EnumSource(value = ErrorType.class, names = "CLIENT_CLOSED", mode = EnumSource.Mode.EXCLUDE)
        void synchronous(ErrorType type) throws Exception {
            HttpResponse<String> r = send(get(production, "/kit/fail/" + type.slug()).build());
            JsonNode body = assertProblem(r, type.status(), type);
            assertNoInternals(r);
            if (type == ErrorType.VALIDATION) {
                assertEquals(2, body.path("errors").size(), "field errors: " + body);
                assertEquals("title", body.path("errors").get(0).path("field").asText());
            }
            if (type == ErrorType.RATE_LIMITED) {
                assertEquals("30", r.headers().firstValue("Retry-After").orElse(null), "Retry-After");
                assertEquals(30, body.path("retry_after").asInt());
            }
        }

        @ParameterizedTest(name = "{0} thrown asynchronously gives its status and a problem body")
        @EnumSource(value = ErrorType.class, names = "CLIENT_CLOSED", mode = EnumSource.Mode.EXCLUDE)
        void asynchronous(ErrorType type) throws Exception {
            HttpResponse<String> r = send(get(production, "/kit/async/fail/" + type.slug()).build());
            assertProblem(r, type.status(), type);
            assertNoInternals(r);
        }
    }

    /**
     * The JDK HttpClient at its default version (HTTP/2) offers an {@code h2c} upgrade on its first
     * request over http ({@code Connection: Upgrade, HTTP2-Settings}, {@code Upgrade: h2c}); a server
     * may switch or answer in HTTP/1.1, but every answer keeps its content type and body, and the
     * exchange is recorded once. (Grizzly wrote such answers without their {@code Content-Type}.)
     */
    @Nested
    @DisplayName("A client offering an h2c upgrade")
    class H2cUpgrade {

        @ParameterizedTest(name = "{0} {1}: {2}")
        @org.junit.jupiter.params.provider.CsvSource({"GET, /kit/no-such-route, 404", "GET, " + KitApp.BOOM + ", 500",
            "POST, " + KitApp.JSON + ", 400", "GET, " + KitApp.OK + ", 200"})
        void answered(String method, String path, int status) throws Exception {
            HttpClient defaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(); // its own connection
            assertEquals(HttpClient.Version.HTTP_2, defaults.version(), "the client's default version");
            String id = "kit-h2c-" + status;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(production.baseUri() + path))
                    .timeout(Duration.ofSeconds(20)).header("X-Request-Id", id);
            if (method.equals("POST")) {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"title\":"));
            }
            HttpResponse<String> r = defaults.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (status == 200) {
                assertEquals(200, r.statusCode(), r::toString);
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                        () -> "content type: " + r.headers().map());
                assertEquals("ok", r.body());
            } else {
                ErrorType type = switch (status) {
                    case 404 -> ErrorType.NOT_FOUND;
                    case 400 -> ErrorType.VALIDATION;
                    default -> ErrorType.INTERNAL;
                };
                JsonNode body = assertProblem(r, status, type);
                assertEquals(id, body.path("request_id").asText(), body::toString);
                assertNoInternals(r);
            }
            Map<String, Object> kv = logs.completedOnce(id);
            assertEquals(status, ((Number) kv.get("status")).intValue(), kv::toString);
        }
    }

    @Nested
    @DisplayName("Request ids")
    class RequestIds {

        @Test
        @DisplayName("a well-formed incoming X-Request-Id is kept, in the header and the body")
        void keptWhenValid() throws Exception {
            HttpResponse<String> r = send(get(production, "/kit/fail/not-found").header("X-Request-Id", "abc-123_x.y").build());
            JsonNode body = assertProblem(r, 404, ErrorType.NOT_FOUND);
            assertEquals("abc-123_x.y", r.headers().firstValue("X-Request-Id").orElseThrow());
            assertEquals("abc-123_x.y", body.path("request_id").asText());
        }

        @Test
        @DisplayName("a malformed incoming X-Request-Id is replaced")
        void replacedWhenMalformed() throws Exception {
            String bad = "bad id with spaces <script>";
            HttpResponse<String> r = send(get(production, "/kit/fail/not-found").header("X-Request-Id", bad).build());
            JsonNode body = assertProblem(r, 404, ErrorType.NOT_FOUND);
            String id = r.headers().firstValue("X-Request-Id").orElseThrow();
            assertNotEquals(bad, id);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertEquals(id, body.path("request_id").asText());
        }

        @Test
        @DisplayName("an over-long incoming X-Request-Id is replaced")
        void replacedWhenTooLong() throws Exception {
            String longId = "a".repeat(129);
            HttpResponse<String> r = send(get(production, KitApp.OK).header("X-Request-Id", longId).build());
            assertEquals(200, r.statusCode());
            assertNotEquals(longId, r.headers().firstValue("X-Request-Id").orElseThrow());
        }

        @Test
        @DisplayName("without an incoming id, a valid traceparent's trace id is used")
        void fromTraceparent() throws Exception {
            String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> r = send(get(production, KitApp.OK)
                    .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").build());
            assertEquals(trace, r.headers().firstValue("X-Request-Id").orElseThrow());
        }

        @Test
        @DisplayName("otherwise an id is generated, different for every request, also on success")
        void generated() throws Exception {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = send(get(production, KitApp.OK).build());
                assertEquals(200, r.statusCode());
                assertEquals("ok", r.body());
                ids.add(r.headers().firstValue("X-Request-Id").orElseThrow());
            }
            assertEquals(5, ids.size(), ids.toString());
        }

        @Test
        @DisplayName("the application sees the request id in the MDC and as the current exchange")
        void inMdc() throws Exception {
            HttpResponse<String> r = send(get(production, KitApp.MDC).header("X-Request-Id", "mdc-check-1").build());
            assertEquals(200, r.statusCode());
            assertEquals("mdc=mdc-check-1;current=mdc-check-1", r.body());
        }

        @Test
        @DisplayName("the application sees the request id on its asynchronous continuation too")
        void inMdcAsync() throws Exception {
            HttpResponse<String> r = send(get(production, KitApp.ASYNC_MDC).header("X-Request-Id", "mdc-check-2").build());
            assertEquals(200, r.statusCode());
            assertEquals("mdc=mdc-check-2;current=mdc-check-2", r.body());
        }
    }

    @Nested
    @DisplayName("Problem bodies")
    class Bodies {

        @Test
        @DisplayName("an exception message full of JSON- and HTML-breaking characters still yields valid JSON, without the message, in production")
        void nastyMessageInProduction() throws Exception {
            HttpResponse<String> r = send(get(production, KitApp.BOOM).build());
            JsonNode body = assertProblem(r, 500, ErrorType.INTERNAL);
            assertNoInternals(r);
            assertFalse(r.body().contains("</script>"), r.body());
            assertEquals(ErrorType.INTERNAL.genericDetail(), body.path("detail").asText());
        }

        @Test
        @DisplayName("development shows the exception class, its message and stack frames, still as valid JSON")
        void detailsInDevelopment() throws Exception {
            HttpResponse<String> r = send(get(development, KitApp.BOOM).build());
            JsonNode body = assertProblem(r, 500, ErrorType.INTERNAL);
            assertEquals(IllegalStateException.class.getName(), body.path("exception").asText());
            String message = body.path("message").asText();
            assertTrue(message.contains("quote\" backslash\\ newline\n"), message);
            assertTrue(message.contains("unpaired \uFFFD low \uFFFD emoji \uD83D\uDE00"), message);
            assertTrue(body.path("stack").isArray() && body.path("stack").size() > 0, "stack: " + body);
        }

        @Test
        @DisplayName("production never shows an internal message or a stack trace")
        void noDetailsInProduction() throws Exception {
            for (ErrorType type : KitApp.answeredTypes()) {
                assertNoInternals(send(get(production, "/kit/fail/" + type.slug()).build()));
            }
        }
    }

    @Nested
    @DisplayName("Committed responses")
    class Committed {

        @Test
        @DisplayName("a throw after the response is committed does not produce a second response")
        void noSecondResponse() throws Exception {
            try {
                HttpResponse<String> r = send(get(production, KitApp.COMMITTED).build());
                assertEquals(200, r.statusCode(), "the committed status stands");
                assertTrue(r.body().startsWith(KitApp.PARTIAL_BODY), r.body());
                assertFalse(r.body().contains("problem") || r.body().contains("error_type"), r.body());
            } catch (IOException cutOff) {
                // The server closed the connection to mark the response as incomplete: also correct.
            }
            HttpResponse<String> after = send(get(production, KitApp.OK).build());
            assertEquals(200, after.statusCode(), "the server still serves");
        }
    }

    @Nested
    @DisplayName("Routing")
    class Routing {

        @Test
        @DisplayName("an unmatched route gives a 404 problem")
        void unmatched() throws Exception {
            HttpResponse<String> r = send(get(production, "/kit/no/such/route").build());
            assertProblem(r, 404, ErrorType.NOT_FOUND);
        }

        @Test
        @DisplayName("a bare error status from the application becomes a problem that keeps the application's headers")
        void bareStatus() throws Exception {
            HttpResponse<String> r = send(get(production, KitApp.BARE_401).build());
            assertProblem(r, 401, ErrorType.AUTHENTICATION);
            assertEquals(KitApp.CHALLENGE, r.headers().firstValue("WWW-Authenticate").orElse(null));
        }

        @Test
        @DisplayName("a matched route with a template answers normally")
        void matched() throws Exception {
            HttpResponse<String> r = send(get(production, "/kit/items/17").build());
            assertEquals(200, r.statusCode());
            assertEquals("item 17", r.body());
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency {

        @Test
        @DisplayName("200 concurrent requests of mixed outcomes each get the right status and their own request id")
        void mixed() throws Exception {
            record Sent(String id, int expected, CompletableFuture<HttpResponse<String>> response) { }
            ErrorType[] types = KitApp.answeredTypes().toArray(new ErrorType[0]);
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "concurrent-" + i;
                String path;
                int expected;
                switch (i % 4) {
                    case 0 -> { path = KitApp.OK; expected = 200; }
                    case 1 -> { ErrorType t = types[i % types.length]; path = "/kit/fail/" + t.slug(); expected = t.status(); }
                    case 2 -> { ErrorType t = types[(i / 4) % types.length]; path = "/kit/async/fail/" + t.slug(); expected = t.status(); }
                    default -> { path = KitApp.BOOM; expected = 500; }
                }
                sent.add(new Sent(id, expected, client.sendAsync(get(production, path).header("X-Request-Id", id).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))));
            }
            for (Sent s : sent) {
                HttpResponse<String> r = s.response().get(60, TimeUnit.SECONDS);
                assertEquals(s.expected(), r.statusCode(), () -> s.id() + ": " + r.body());
                assertEquals(s.id(), r.headers().firstValue("X-Request-Id").orElse(null));
                if (s.expected() >= 400) {
                    assertEquals(s.id(), json(r.body()).path("request_id").asText(), s.id());
                } else if (!"ok".equals(r.body())) {
                    fail(s.id() + " body: " + r.body());
                }
            }
        }
    }

    @Nested
    @DisplayName("Exchange logging")
    class ExchangeLogging {

        private static final int CAP = dev.faultline.logging.LoggingConfig.DEFAULT_MAX_BODY_BYTES;

        @Test
        @DisplayName("a 2xx exchange is logged once at INFO with every completion field")
        void success() throws Exception {
            send(get(production, KitApp.OK).header("X-Request-Id", "log-2xx").header("User-Agent", "kit/1").build());
            ILoggingEvent e = logs.completion("log-2xx");
            Map<String, Object> kv = LogCapture.kv(e);
            assertAll(
                    () -> assertEquals(Level.INFO, e.getLevel()),
                    () -> assertEquals("GET", kv.get("method")),
                    () -> assertEquals(KitApp.OK, kv.get("path")),
                    () -> assertEquals(KitApp.OK, kv.get("endpoint")),
                    () -> assertEquals(200, ((Number) kv.get("status")).intValue()),
                    () -> assertTrue(((Number) kv.get("duration_ms")).doubleValue() >= 0, "duration_ms"),
                    () -> assertEquals(2L, ((Number) kv.get("bytes_out")).longValue(), "bytes_out"),
                    () -> assertEquals("127.0.0.1", kv.get("ip_address")),
                    () -> assertEquals("kit/1", kv.get("user_agent")),
                    () -> assertFalse(kv.containsKey("error_type")));
            assertEquals(1, logs.events("faultline.http", "log-2xx").stream()
                    .filter(x -> "request completed".equals(x.getMessage())).count(), "one completion event");
            json(logs.json(e));
        }

        @Test
        @DisplayName("a 4xx exchange is logged at WARN with its route template and error type")
        void clientError() throws Exception {
            send(get(production, "/kit/fail/not-found").header("X-Request-Id", "log-4xx").build());
            ILoggingEvent e = logs.completion("log-4xx");
            Map<String, Object> kv = LogCapture.kv(e);
            assertAll(
                    () -> assertEquals(Level.WARN, e.getLevel()),
                    () -> assertEquals(404, ((Number) kv.get("status")).intValue()),
                    () -> assertEquals(KitApp.FAIL_TEMPLATE, kv.get("endpoint")),
                    () -> assertEquals("/kit/fail/not-found", kv.get("path")),
                    () -> assertEquals("not_found", kv.get("error_type")));
        }

        @Test
        @DisplayName("a 5xx exchange is logged at ERROR, and its failure once on faultline.error with the throwable or a pointer to it")
        void serverError() throws Exception {
            send(get(production, KitApp.BOOM).header("X-Request-Id", "log-5xx").build());
            ILoggingEvent e = logs.completion("log-5xx");
            assertEquals(Level.ERROR, e.getLevel());
            assertEquals("internal", LogCapture.kv(e).get("error_type"));
            List<ILoggingEvent> errors = logs.events("faultline.error", "log-5xx");
            assertEquals(1, errors.size(), "one error event: " + errors);
            ILoggingEvent error = errors.get(0);
            assertEquals(Level.ERROR, error.getLevel());
            Map<String, Object> kv = LogCapture.kv(error);
            assertEquals(IllegalStateException.class.getName(), kv.get("exception"));
            assertNotNull(kv.get("fingerprint"), "the failure pattern");
            if (error.getThrowableProxy() != null) { // the first of its pattern in the interval
                assertEquals(IllegalStateException.class.getName(), error.getThrowableProxy().getClassName());
            } else { // the kit's other tests failed the same way earlier: the line points at the trace
                assertNotNull(kv.get("trace_request_id"), "the request whose line has the trace");
                assertTrue(((Number) kv.get("occurrences_since_trace")).longValue() >= 1);
            }
            assertEquals("high", LogCapture.kv(error).get("severity"));
            json(logs.json(error));
        }

        @Test
        @DisplayName("Authorization, Cookie, ?password= and a nested JSON token never reach a log line")
        void redaction() throws Exception {
            String body = "{\"video\":{\"title\":\"t\",\"auth\":{\"refresh_token\":\"SECRET-T1\"}},"
                    + "\"items\":[{\"Token\":\"SECRET-T2\"}],\"note\":\"ok\"}";
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(verbose.baseUri() + KitApp.ECHO
                            + "?q=videos&password=SECRET-P&Api_Key=SECRET-K"))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-Request-Id", "log-redact")
                    .header("Authorization", "Bearer SECRET-A")
                    .header("Cookie", "session=SECRET-C")
                    .header("X-Api-Key", "SECRET-X")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(200, r.statusCode());
            assertEquals(body, r.body(), "the application sees the secrets it was sent");
            ILoggingEvent e = logs.completion("log-redact");
            HttpResponse<String> s = send(get(verbose, KitApp.SECRET_JSON).header("X-Request-Id", "log-redact-2").build());
            assertEquals(KitApp.SECRET_JSON_BODY, s.body());
            ILoggingEvent e2 = logs.completion("log-redact-2");
            for (ILoggingEvent event : List.of(e, e2)) {
                String all = LogCapture.everything(event) + logs.json(event);
                for (String secret : List.of("SECRET-T1", "SECRET-T2", "SECRET-P", "SECRET-K", "SECRET-A", "SECRET-C",
                        "SECRET-X", KitApp.RESPONSE_SECRET)) {
                    assertFalse(all.contains(secret), () -> secret + " leaked: " + all);
                }
                json(logs.json(event));
            }
            Map<String, Object> kv = LogCapture.kv(e);
            assertTrue(String.valueOf(kv.get("request_headers")).contains("[REDACTED]"), kv.toString());
            assertTrue(String.valueOf(kv.get("query")).contains("q=videos"), kv.toString());
            assertTrue(String.valueOf(kv.get("request_body")).contains("\"note\":\"ok\""), kv.toString());
            assertTrue(String.valueOf(LogCapture.kv(e2).get("response_body")).contains("\"name\":\"kit\""));
            for (ILoggingEvent any : logs.eventsOf("log-redact")) {
                assertFalse(LogCapture.everything(any).contains("SECRET-"), () -> "leak in " + LogCapture.everything(any));
            }
        }

        @Test
        @DisplayName("10 MiB request and response bodies pass intact while each captured body stays within the cap, marked truncated")
        void bigBodies() throws Exception {
            int size = 10 * 1024 * 1024;
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = KitApp.bigByte(i);
            }
            HttpResponse<byte[]> echo = client.send(HttpRequest.newBuilder(URI.create(verbose.baseUri() + KitApp.ECHO))
                    .timeout(Duration.ofSeconds(60))
                    .header("X-Request-Id", "log-big-in").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, echo.statusCode());
            assertTrue(java.util.Arrays.equals(payload, echo.body()), "echoed body intact");
            Map<String, Object> in = LogCapture.kv(logs.completion("log-big-in"));
            assertEquals((long) size, ((Number) in.get("bytes_in")).longValue(), "bytes_in");
            assertCapped(in, "request_body");
            assertCapped(in, "response_body");

            HttpResponse<byte[]> big = client.send(get(verbose, KitApp.BIG + "?bytes=" + size)
                    .header("X-Request-Id", "log-big-out").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, big.statusCode());
            assertEquals(size, big.body().length);
            for (int i = 0; i < size; i += 4099) {
                assertEquals(KitApp.bigByte(i), big.body()[i], "byte " + i);
            }
            assertCapped(LogCapture.kv(logs.completion("log-big-out")), "response_body");
        }

        private void assertCapped(Map<String, Object> kv, String field) {
            String text = String.valueOf(kv.get(field));
            assertTrue(text.length() <= CAP, () -> field + " is " + text.length() + " chars");
            assertTrue(text.length() > 0, field);
            assertEquals(Boolean.TRUE, kv.get(field + "_truncated"), field + "_truncated");
        }

        @Test
        @DisplayName("a form post keeps working for the application, and its password is redacted in the log")
        void formPost() throws Exception {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(verbose.baseUri() + KitApp.FORM))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-Request-Id", "log-form")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=Faultline+kit&password=SECRET-F")).build());
            assertEquals(200, r.statusCode());
            assertEquals("name=Faultline kit", r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("log-form"));
            String logged = String.valueOf(kv.get("request_body"));
            assertTrue(logged.contains("name=Faultline+kit"), logged);
            assertFalse(logged.contains("SECRET-F"), logged);
            assertTrue(logged.contains("password=[REDACTED]"), logged);
        }

        @Test
        @DisplayName("the MDC carries the request id inside the application and is empty after the request")
        void mdcScoped() throws Exception {
            for (int i = 0; i < 10; i++) {
                String id = "log-mdc-" + i;
                HttpResponse<String> r = send(get(production, i % 2 == 0 ? KitApp.MDC : KitApp.ASYNC_MDC)
                        .header("X-Request-Id", id).build());
                assertEquals("mdc=" + id + ";current=" + id, r.body());
                ILoggingEvent e = logs.completion(id);
                String leaked = e.getMDCPropertyMap().get("request_id");
                assertTrue(leaked == null || leaked.equals(id), "stale MDC on the completing thread: " + leaked);
            }
            for (ILoggingEvent e : logs.events()) {
                if (!e.getLoggerName().startsWith("faultline")) {
                    String mdc = e.getMDCPropertyMap().get("request_id");
                    assertTrue(mdc == null || !mdc.startsWith("log-mdc-"), () -> "MDC leaked into " + e);
                }
            }
        }
    }

    @Nested
    @DisplayName("Secrets by shape (issue 20)")
    class SecretsByShape {

        static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJraXQtdXNlciJ9"
                + ".Kit0Signature_Kit0Signature_Kit0Signature0";
        static final String AWS = "AKIAKITKITKITKIT7EXA";
        static final String GITHUB = "ghp_KitKitKitKitKitKitKitKitKitKitKit12345";
        static final String CARD = "4111 1111 1111 1111";
        static final String PEM_BODY = "MIIEowIBAAKCAQEAkitkitkitkit";
        static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----";
        static final String ORDER = "4111111111111112"; // 16 digits that fail the Luhn check
        static final String UUID = "123e4567-e89b-12d3-a456-426614174000";
        static final String SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8";

        /** Fragments of every planted secret: none may reach a log line. */
        private final List<String> fragments = List.of("Kit0Signature", "eyJzdWIiOiJraXQtdXNlciJ9", AWS,
                "KitKitKitKitKit", "1111 1111 1111", "1111-1111", "1111+1111", PEM_BODY, KitApp.DB_PASSWORD);

        private void assertClean(String where, String text) {
            for (String f : fragments) {
                assertFalse(text.contains(f), () -> f + " leaked into " + where + ": " + text);
            }
        }

        @Test
        @DisplayName("planted under innocent names in headers, query and a JSON body, no secret reaches the log; look-alikes stay")
        void jsonQueryHeaders() throws Exception {
            String body = "{\"script\":\"run " + JWT + " now\",\"note\":\"" + AWS + "\",\"payment\":\"" + CARD
                    + "\",\"key\":\"" + PEM.replace("\n", "\\n") + "\",\"items\":[{\"text\":\"" + GITHUB + "\"}],"
                    + "\"order\":\"" + ORDER + "\",\"id\":\"" + UUID + "\",\"commit\":\"" + SHA + "\"}";
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(verbose.baseUri() + KitApp.ECHO
                            + "?jwt=" + JWT + "&sig=" + AWS + "&card=" + CARD.replace(' ', '+') + "&ref=" + ORDER))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-Request-Id", "shape-json")
                    .header("X-Session", JWT)
                    .header("X-Forwarded-Authorization", "Bearer " + GITHUB)
                    .header("X-Note", "deploy key " + GITHUB)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(200, r.statusCode());
            assertEquals(body, r.body(), "the application sees what it was sent");
            ILoggingEvent e = logs.completion("shape-json");
            String all = LogCapture.everything(e) + logs.json(e);
            assertClean("the completion line", all);
            json(logs.json(e));
            Map<String, Object> kv = LogCapture.kv(e);
            String requestBody = String.valueOf(kv.get("request_body"));
            json(requestBody);
            for (String marker : List.of("[REDACTED:jwt]", "[REDACTED:aws-access-key-id]", "[REDACTED:card]",
                    "[REDACTED:private-key]", "[REDACTED:github-token]")) {
                assertTrue(requestBody.contains(marker), () -> marker + " in " + requestBody);
            }
            for (String lookAlike : List.of(ORDER, UUID, SHA)) {
                assertTrue(requestBody.contains(lookAlike), () -> lookAlike + " survives in " + requestBody);
            }
            assertTrue(String.valueOf(kv.get("query")).contains("ref=" + ORDER), kv::toString);
            for (ILoggingEvent any : logs.eventsOf("shape-json")) {
                assertClean(any.getLoggerName(), LogCapture.everything(any));
            }
        }

        @Test
        @DisplayName("planted in a form and in a plain-text body, no secret reaches the log")
        void formAndText() throws Exception {
            HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(verbose.baseUri() + KitApp.FORM))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-Request-Id", "shape-form")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=kit&note=" + JWT + "&card="
                            + CARD.replace(' ', '+') + "&key=" + java.net.URLEncoder.encode(PEM, StandardCharsets.UTF_8)))
                    .build());
            assertEquals("name=kit", form.body());
            assertClean("the form's completion line", LogCapture.everything(logs.completion("shape-form")));
            String text = "deploy with " + GITHUB + " and " + AWS + "\npay " + CARD + "\n" + PEM + "\nThanks";
            HttpResponse<String> echo = send(HttpRequest.newBuilder(URI.create(verbose.baseUri() + KitApp.ECHO))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-Request-Id", "shape-text")
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build());
            assertEquals(text, echo.body());
            ILoggingEvent e = logs.completion("shape-text");
            assertClean("the text's completion line", LogCapture.everything(e));
            assertTrue(String.valueOf(LogCapture.kv(e).get("request_body")).contains("Thanks"), LogCapture.kv(e)::toString);
        }

        @Test
        @DisplayName("a password in an exception's message reaches no log line, alert or monitoring response")
        void exceptionMessages() throws Exception {
            HttpResponse<String> r = send(get(verbose, "/kit/fail/database").header("X-Request-Id", "shape-db").build());
            assertProblem(r, 503, ErrorType.DATABASE);
            assertFalse(r.body().contains(KitApp.DB_PASSWORD), r::body);
            ILoggingEvent error = logs.await("faultline.error", "shape-db", x -> true, Duration.ofSeconds(10));
            assertClean("the error line", LogCapture.everything(error));
            logs.completion("shape-db");
            for (String path : List.of("/metrics/insights", "/metrics/alerts?hours=1", "/metrics/errors")) {
                HttpResponse<String> m = send(monitor(verbose, path).build());
                assertEquals(200, m.statusCode(), path);
                assertClean(path, m.body());
            }
            for (ILoggingEvent any : logs.events()) {
                if (any.getLoggerName().startsWith("faultline")) {
                    assertClean(any.getLoggerName() + " " + any.getFormattedMessage(), LogCapture.everything(any));
                }
            }
        }
    }

    @Nested
    @DisplayName("Security")
    class Security {

        private HttpRequest.Builder from(String client, String path) {
            return get(guarded, path).header("X-Forwarded-For", client);
        }

        @Test
        @DisplayName("after N requests from one client the next gets 429 with Retry-After, while another client is unaffected")
        void rateLimit() throws Exception {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, send(from("203.0.113.7", KitApp.OK).build()).statusCode(), "request " + (i + 1));
            }
            HttpResponse<String> refused = send(from("203.0.113.7", KitApp.OK).header("X-Request-Id", "sec-429").build());
            assertProblem(refused, 429, ErrorType.RATE_LIMITED);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertEquals(200, send(from("203.0.113.8", KitApp.OK).build()).statusCode(), "another client");
            ILoggingEvent e = logs.await("faultline.security", "sec-429", x -> true, Duration.ofSeconds(10));
            assertEquals("203.0.113.7", LogCapture.kv(e).get("ip_address"));
            assertEquals("blocked", LogCapture.kv(e).get("action"));
        }

        @Test
        @DisplayName("health probes are never rate-limited, whatever the client sent before")
        void probesExempt() throws Exception {
            for (int i = 0; i < 12; i++) {
                assertEquals(200, send(from("203.0.113.40", "/health/live").build()).statusCode(), "probe " + i);
            }
            assertEquals(200, send(from("203.0.113.40", KitApp.OK).build()).statusCode(), "the budget is untouched");
        }

        @Test
        @DisplayName("a <script> in the query is reported in DETECT mode and the request goes on")
        void detect() throws Exception {
            HttpResponse<String> r = send(get(production, KitApp.OK + "?q=%3Cscript%3Ealert(1)%3C/script%3E")
                    .header("X-Request-Id", "sec-detect").build());
            assertEquals(200, r.statusCode());
            ILoggingEvent e = logs.await("faultline.security", "sec-detect", x -> true, Duration.ofSeconds(10));
            Map<String, Object> kv = LogCapture.kv(e);
            assertEquals("logged", kv.get("action"));
            String issues = String.valueOf(kv.get("issues"));
            assertTrue(issues.contains("xss") && issues.contains("query:q"), issues);
            assertFalse(LogCapture.everything(e).contains("alert(1)"), "the offending value is not logged");
        }

        @Test
        @DisplayName("a <script> in the query is refused with a 403 problem in BLOCK mode")
        void block() throws Exception {
            HttpResponse<String> r = send(from("203.0.113.20", KitApp.OK + "?q=%3Cscript%3Ealert(1)%3C/script%3E").build());
            JsonNode body = assertProblem(r, 403, ErrorType.AUTHORIZATION);
            assertFalse(body.toString().contains("xss") || body.toString().contains("script"), body.toString());
        }

        @Test
        @DisplayName("an X-Forwarded-For from an untrusted peer does not change the client IP")
        void untrustedForwardedFor() throws Exception {
            send(get(production, KitApp.OK).header("X-Forwarded-For", "198.51.100.9").header("X-Request-Id", "sec-xff").build());
            assertEquals("127.0.0.1", LogCapture.kv(logs.completion("sec-xff")).get("ip_address"));
        }

        @Test
        @DisplayName("an X-Forwarded-For from a trusted proxy gives the client IP")
        void trustedForwardedFor() throws Exception {
            send(from("198.51.100.10", KitApp.OK).header("X-Request-Id", "sec-xff-trusted").build());
            assertEquals("198.51.100.10", LogCapture.kv(logs.completion("sec-xff-trusted")).get("ip_address"));
        }

        @Test
        @DisplayName("a request over the slow threshold gets a faultline.performance warning")
        void slowRequest() throws Exception {
            send(from("203.0.113.30", KitApp.OK).header("X-Request-Id", "perf-slow").build());
            ILoggingEvent e = logs.await("faultline.performance", "perf-slow", x -> true, Duration.ofSeconds(10));
            assertEquals(Level.WARN, e.getLevel());
            assertEquals(KitApp.OK, LogCapture.kv(e).get("endpoint"));
        }
    }

    @Nested
    @DisplayName("Monitoring endpoints")
    class Monitoring {

        private HttpResponse<String> read(KitServer server, String path) throws Exception {
            return send(get(server, path).header("Authorization", "Bearer " + KitApp.TOKEN)
                    .header("X-Forwarded-For", "192.0.2.77").build());
        }

        @Test
        @DisplayName("after a known mix of requests, the endpoints report exact counts")
        void exactCounts() throws Exception {
            try (Faultline f = faultline(Environment.PRODUCTION); KitServer fresh = start(f)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String id = "count-ok-" + i;
                    ids.add(id);
                    assertEquals(200, send(get(fresh, KitApp.OK).header("X-Request-Id", id).build()).statusCode());
                }
                for (int i = 0; i < 2; i++) {
                    String id = "count-404-" + i;
                    ids.add(id);
                    assertEquals(404, send(get(fresh, "/kit/fail/not-found").header("X-Request-Id", id).build())
                            .statusCode());
                }
                ids.add("count-db");
                assertEquals(503, send(get(fresh, "/kit/fail/database").header("X-Request-Id", "count-db").build())
                        .statusCode());
                ids.add("count-boom");
                assertEquals(500, send(get(fresh, KitApp.BOOM).header("X-Request-Id", "count-boom").build())
                        .statusCode());
                // recording may trail the response a little; the completion line is logged after it
                for (String id : ids) {
                    logs.completion(id);
                }
                JsonNode errors = json(send(monitor(fresh, "/metrics/errors").build()).body());
                assertEquals(7, errors.path("total_requests").asLong(), errors::toString);
                assertAll(
                        () -> assertEquals(4, errors.path("total_errors").asLong(), errors::toString),
                        () -> assertEquals(4, errors.path("recent_errors").asLong()),
                        () -> assertEquals(2, errors.path("by_type").path("not_found").asLong()),
                        () -> assertEquals(1, errors.path("by_type").path("database").asLong()),
                        () -> assertEquals(1, errors.path("by_type").path("internal").asLong()),
                        () -> assertEquals(1, errors.path("by_severity").path("critical").asLong()),
                        () -> assertEquals(1, errors.path("by_severity").path("high").asLong()),
                        () -> assertEquals(2, errors.path("by_severity").path("low").asLong()),
                        () -> assertEquals(3, errors.path("by_endpoint").path(KitApp.FAIL_TEMPLATE).asLong()),
                        () -> assertEquals(1, errors.path("by_endpoint").path(KitApp.BOOM).asLong()),
                        () -> assertEquals(4.0 / 7, errors.path("error_ratio").asDouble(), 0.001));
                JsonNode perf = json(send(monitor(fresh, "/metrics/performance").build()).body());
                assertEquals(7, perf.path("windows").path("1m").path("total_requests").asLong(), perf::toString);
                assertEquals(2, perf.path("windows").path("1m").path("error_requests").asLong(), "5xx");
                assertEquals(2, perf.path("windows").path("1m").path("client_error_requests").asLong(), "4xx");
                JsonNode trends = json(send(monitor(fresh, "/metrics/trends?hours=1").build()).body());
                assertEquals(4, trends.path("hourly_counts").get(0).path("errors").asLong(), trends::toString);
                JsonNode insights = json(send(monitor(fresh, "/metrics/insights").build()).body());
                assertEquals(3, insights.path("total_patterns").asInt(), insights::toString);
                assertEquals(2, insights.path("most_common_errors").get(0).path("count").asLong(), insights::toString);
                JsonNode alerts = json(send(monitor(fresh, "/metrics/alerts?hours=24").build()).body());
                assertTrue(alerts.path("alerts").isArray(), alerts::toString);
            }
        }

        @ParameterizedTest(name = "hours={0} gets a 400 problem")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"abc", "0", "-1", "100000", "1.5", ""})
        void badHours(String hours) throws Exception {
            for (String endpoint : List.of("/metrics/trends", "/metrics/alerts")) {
                HttpResponse<String> r = send(monitor(production, endpoint + "?hours=" + hours).build());
                JsonNode body = assertProblem(r, 400, ErrorType.VALIDATION);
                assertEquals("hours", body.path("errors").get(0).path("field").asText(), body::toString);
            }
        }

        @Test
        @DisplayName("an unknown path under the endpoints is a 404 problem, not the application's")
        void unknownEndpoint() throws Exception {
            assertProblem(send(monitor(production, "/metrics/nope").build()), 404, ErrorType.NOT_FOUND);
        }

        @Test
        @DisplayName("a health check that hangs is reported DOWN within its timeout, the others UP")
        void hangingCheck() throws Exception {
            HttpResponse<String> r = read(guarded, "/health");
            assertEquals(1, hang.getCount(), "the hanging check is still hanging");
            JsonNode body = json(r.body());
            assertEquals(200, r.statusCode(), body::toString);
            assertEquals("degraded", body.path("status").asText(), body::toString);
            assertEquals("down", body.path("services").path("kit-hanging").path("status").asText());
            assertEquals("up", body.path("services").path("kit-ok").path("status").asText());
            assertFalse(body.path("timestamp").asText().isEmpty());
        }

        @Test
        @DisplayName("guarded endpoints refuse a caller without the token, and serve one with it")
        void guardedEndpoints() throws Exception {
            HttpResponse<String> refused = send(get(guarded, "/metrics/errors").header("X-Forwarded-For", "192.0.2.78").build());
            assertProblem(refused, 401, ErrorType.AUTHENTICATION);
            HttpResponse<String> wrong = send(get(guarded, "/metrics/errors").header("X-Forwarded-For", "192.0.2.78")
                    .header("Authorization", "Bearer not-the-token-at-all").build());
            assertEquals(401, wrong.statusCode());
            assertEquals(200, read(guarded, "/metrics/errors").statusCode());
            HttpResponse<String> live = send(get(guarded, "/health/live").header("X-Forwarded-For", "192.0.2.79").build());
            assertEquals(200, live.statusCode(), "probes stay open");
        }
    }

    @Nested
    @DisplayName("Monitoring closed by default")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ClosedMonitoring {

        private static final List<String> GUARDED = List.of("/metrics/errors", "/metrics/trends?hours=1",
                "/metrics/insights", "/metrics/alerts?hours=1", "/metrics/performance", "/metrics/nope");
        private static final List<String> PROBES = List.of("/health", "/health/live", "/health/ready");

        private final List<Faultline> made = new ArrayList<>();

        private KitServer preset(Environment environment) throws Exception {
            Faultline f = Faultline.builder().environment(environment).settings(name -> null)
                    .security(s -> s.maxRequestsPerMinute(1_000_000)).build();
            made.add(f);
            return start(f);
        }

        @AfterAll
        void closeMade() {
            made.forEach(Faultline::close);
        }

        @ParameterizedTest(name = "in the {0} preset without a token, every endpoint but health answers a 401 problem")
        @EnumSource(value = Environment.class, names = {"PRODUCTION", "DEFAULT"})
        void closedWithoutCredential(Environment environment) throws Exception {
            try (KitServer server = preset(environment)) {
                for (String path : GUARDED) {
                    HttpResponse<String> r = send(get(server, path).build());
                    assertProblem(r, 401, ErrorType.AUTHENTICATION);
                    assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), path);
                    assertFalse(r.body().contains("total_errors") || r.body().contains("patterns"), r::body);
                }
                HttpResponse<String> withForeignToken = send(get(server, "/metrics/errors")
                        .header("Authorization", "Bearer " + KitApp.TOKEN).build());
                assertEquals(401, withForeignToken.statusCode(), "no token is configured: none is accepted");
                for (String path : PROBES) {
                    assertEquals(200, send(get(server, path).build()).statusCode(), path + " stays open");
                }
            }
        }

        @Test
        @DisplayName("in the development preset the endpoints stay open to a loopback caller")
        void developmentOpenOnLoopback() throws Exception {
            try (KitServer server = preset(Environment.DEVELOPMENT)) {
                HttpResponse<String> r = send(get(server, "/metrics/errors").build());
                assertEquals(200, r.statusCode(), r::body);
                assertTrue(json(r.body()).has("total_errors"), r::body);
            }
        }

        @Test
        @DisplayName("with a token configured, every endpoint answers its holder and refuses everyone else")
        void tokenOpensForItsHolder() throws Exception {
            for (String path : GUARDED) {
                int expected = path.equals("/metrics/nope") ? 404 : 200;
                assertEquals(expected, send(monitor(production, path).build()).statusCode(), path);
                assertEquals(401, send(get(production, path).build()).statusCode(), path);
            }
        }

        @Test
        @DisplayName("a start-up log line says which resources are served and how they are guarded")
        void startupLine() throws Exception {
            try (KitServer server = preset(Environment.PRODUCTION)) {
                assertNotNull(server);
                boolean found = logs.events().stream().anyMatch(e -> e.getLoggerName().equals("faultline.monitoring")
                        && e.getFormattedMessage().contains("/metrics/errors")
                        && e.getFormattedMessage().contains("closed")
                        && e.getFormattedMessage().contains("/health/ready: open")
                        && !e.getFormattedMessage().contains(KitApp.TOKEN));
                assertTrue(found, "no faultline.monitoring start-up line");
            }
        }
    }

    @Nested
    @DisplayName("Recovery")
    class RecoveryScenarios {

        @Test
        @DisplayName("stale-if-error serves the last good body, marked degraded with its Age, during a database failure")
        void staleIfError() throws Exception {
            KitApp.STALE_FAILING.set(false);
            HttpResponse<String> fresh = send(get(recovering, KitApp.STALE).build());
            assertEquals(200, fresh.statusCode());
            assertEquals(KitApp.STALE_BODY, fresh.body());
            assertFalse(fresh.headers().firstValue("X-Faultline-Degraded").isPresent());
            KitApp.STALE_FAILING.set(true);
            try {
                HttpResponse<String> stale = send(get(recovering, KitApp.STALE).header("X-Request-Id", "stale-1").build());
                assertEquals(200, stale.statusCode(), stale::body);
                assertEquals(KitApp.STALE_BODY, stale.body());
                assertEquals("stale-if-error", stale.headers().firstValue("X-Faultline-Degraded").orElse(null));
                assertTrue(stale.headers().firstValue("Age").isPresent(), "Age header");
                assertEquals("stale-1", stale.headers().firstValue("X-Request-Id").orElse(null));
                ILoggingEvent error = logs.await("faultline.error", "stale-1", x -> true, Duration.ofSeconds(10));
                assertEquals("degraded", LogCapture.kv(error).get("recovery"));
                // another query has nothing cached: the problem goes out
                assertProblem(send(get(recovering, KitApp.STALE + "?page=2").build()), 503, ErrorType.DATABASE);
            } finally {
                KitApp.STALE_FAILING.set(false);
            }
        }

        @Test
        @DisplayName("route shedding opens after N failures, answers 503 without calling the application, and heals")
        void shedding() throws Exception {
            KitApp.SHED_FAILING.set(true);
            try {
                for (int i = 0; i < 4; i++) {
                    assertProblem(send(get(recovering, KitApp.SHED).build()), 503, ErrorType.DATABASE);
                }
                awaitBreaker(dev.faultline.recovery.RecoveryStats.BreakerState.OPEN);
                int calls = KitApp.SHED_CALLS.get();
                HttpResponse<String> shed = send(get(recovering, KitApp.SHED).build());
                JsonNode body = assertProblem(shed, 503, ErrorType.RESOURCE_EXHAUSTED);
                assertEquals("30", shed.headers().firstValue("Retry-After").orElse(null), body::toString);
                assertEquals(calls, KitApp.SHED_CALLS.get(), "the application was not called");
                KitApp.SHED_FAILING.set(false);
                assertEquals(503, send(get(recovering, KitApp.SHED).build()).statusCode(), "still open");
                recoveringClock.advance(Duration.ofSeconds(31));
                for (int i = 0; i < 6; i++) { // two half-open probes, then closed again
                    HttpResponse<String> r = send(get(recovering, KitApp.SHED).build());
                    assertEquals(200, r.statusCode(), "request " + i + ": " + r.body());
                    if (i == 1) {
                        awaitBreaker(dev.faultline.recovery.RecoveryStats.BreakerState.CLOSED);
                    }
                }
                assertEquals(calls + 6, KitApp.SHED_CALLS.get());
            } finally {
                KitApp.SHED_FAILING.set(false);
            }
        }
    }

    @Nested
    @DisplayName("Alerting")
    class Alerts {

        @Test
        @DisplayName("a burst of matching failures fires an alert rule once within its cooldown, off the request thread")
        void burstFiresOnce() throws Exception {
            java.util.List<dev.faultline.alert.Alert> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            Faultline f = Faultline.builder().environment(Environment.PRODUCTION).settings(name -> null)
                    .security(s -> s.maxRequestsPerMinute(1_000_000))
                    .defaultAlertRules(false)
                    .monitoring(m -> m.token(KitApp.TOKEN))
                    .alerting(a -> a.logChannel(false)
                            .rule(dev.faultline.alert.PredicateRule.builder("kit_database")
                                    .condition(e -> e.type() == ErrorType.DATABASE)
                                    .level(dev.faultline.alert.AlertLevel.CRITICAL)
                                    .messageTemplate("Database failing at {endpoint}")
                                    .cooldown(Duration.ofMinutes(10))
                                    .build())
                            .channel(dev.faultline.alert.AlertChannel.of("kit", received::add)))
                    .build();
            try (KitServer server = start(f)) {
                for (int i = 0; i < 10; i++) {
                    assertProblem(send(get(server, "/kit/fail/database").build()), 503, ErrorType.DATABASE);
                }
                JsonNode alerts = awaitAlerts(server, j -> j.path("stats").path("delivered").asLong() >= 1
                        && j.path("stats").path("fired").asLong() + j.path("stats").path("suppressed").asLong() >= 10);
                assertEquals(1, alerts.path("stats").path("fired").asLong(), alerts::toString);
                assertEquals(9, alerts.path("stats").path("suppressed").asLong(), alerts::toString);
                assertEquals(1, alerts.path("total").asLong(), alerts::toString);
                JsonNode alert = alerts.path("alerts").get(0);
                assertEquals("kit_database", alert.path("rule").asText());
                assertEquals("Database failing at " + KitApp.FAIL_TEMPLATE, alert.path("message").asText());
                assertEquals("delivered", alert.path("deliveries").path("kit").path("state").asText(), alert::toString);
                assertEquals(1, received.size(), received::toString);
            } finally {
                f.close();
            }
        }

        private JsonNode awaitAlerts(KitServer server, java.util.function.Predicate<JsonNode> ready) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                JsonNode j = json(send(monitor(server, "/metrics/alerts?hours=1").build()).body());
                if (ready.test(j) || System.nanoTime() > deadline) {
                    return j;
                }
                Thread.onSpinWait();
            }
        }
    }
}
