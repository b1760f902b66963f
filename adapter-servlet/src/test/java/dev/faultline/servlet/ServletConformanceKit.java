package dev.faultline.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.error.ErrorType;
import dev.faultline.testkit.ConformanceKit;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.LogCapture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance kit for a servlet container, plus what only servlet applications meet: sendError,
 * the asynchronous API in its several forms, response writers, forms and readers, the monitoring
 * servlet and the portable registration. Each container's test starts the same application
 * ({@link KitServlet}) on its real server.
 */
abstract class ServletConformanceKit extends ConformanceKit {

    /**
     * How a test server is put together.
     *
     * @param portable register Faultline through {@link FaultlineFilter#register} and
     *     {@link FaultlineMonitoringServlet#register} from a {@code ServletContainerInitializer}
     *     instead of the container's own API; the filter then leaves the monitoring endpoints to the
     *     servlet, mapped to {@code /ops/*}, and its route resolver throws for {@code /servlet/resolver-boom}
     * @param defaultServlet map a default servlet ({@code /}) that answers {@code sendError(404)}
     * @param errorPage configure an error page for 404 at {@code /error}
     */
    record Setup(boolean portable, boolean defaultServlet, boolean errorPage) {
        static final Setup STANDARD = new Setup(false, true, false);
    }

    /** The filter of the last server started with a portable setup. */
    protected volatile FaultlineFilter portableFilter;

    /** Starts the container with {@link KitServlet} and Faultline in front of it. */
    protected abstract KitServer start(Faultline faultline, Setup setup) throws Exception;

    @Override
    protected final KitServer start(Faultline faultline) throws Exception {
        return start(faultline, Setup.STANDARD);
    }

    /** The filter a portable setup registers: monitoring left to the servlet, a resolver that throws on one path. */
    protected FaultlineFilter newPortableFilter(Faultline faultline) {
        FaultlineFilter filter = FaultlineFilter.builder(faultline)
                .monitoringEndpoints(false)
                .routeResolver(((RouteResolver) r -> {
                    if (r.getRequestURI().endsWith("/resolver-boom")) {
                        throw new IllegalStateException("a broken resolver");
                    }
                    return null;
                }).orElse(RouteResolver.standard()))
                .build();
        portableFilter = filter;
        return filter;
    }

    /** Container log records that went through java.util.logging (Tomcat's JULI). */
    protected final ConcurrentLinkedQueue<LogRecord> julRecords = new ConcurrentLinkedQueue<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            julRecords.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    void captureJul() {
        java.util.logging.Logger.getLogger("").addHandler(julHandler);
    }

    @AfterAll
    void releaseJul() {
        java.util.logging.Logger.getLogger("").removeHandler(julHandler);
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        return send(get(production, path).header("X-Request-Id", requestId).build());
    }

    private HttpResponse<String> post(KitServer server, String path, String contentType, String body, String requestId)
            throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(20))
                .header("X-Request-Id", requestId).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    @Nested
    @DisplayName("Servlet error paths")
    class ErrorPaths {

        @Test
        @DisplayName("sendError(401) becomes a 401 problem that keeps WWW-Authenticate and drops the message and later writes")
        void sendError() throws Exception {
            HttpResponse<String> r = get("/servlet/send-error-401", "sv-send-error");
            assertProblem(r, 401, ErrorType.AUTHENTICATION);
            assertEquals(KitApp.CHALLENGE, r.headers().firstValue("WWW-Authenticate").orElse(null));
            assertFalse(r.body().contains(KitApp.SECRET), r.body());
            assertFalse(r.body().contains("after sendError"), r.body());
            assertEquals(401, ((Number) LogCapture.kv(logs.completion("sv-send-error")).get("status")).intValue());
        }

        @Test
        @DisplayName("a body written (not committed) before a throw is replaced by the problem, also in the logged body")
        void writerThenThrow() throws Exception {
            HttpResponse<String> r = send(get(verbose, "/servlet/writer-fail").header("X-Request-Id", "sv-writer").build());
            assertProblem(r, 409, ErrorType.CONFLICT);
            assertFalse(r.body().contains("partial"), r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-writer"));
            String logged = String.valueOf(kv.get("response_body"));
            assertTrue(logged.contains("\"error_type\":\"conflict\""), logged);
            assertFalse(logged.contains("partial"), logged);
            assertEquals((long) r.body().getBytes(StandardCharsets.UTF_8).length, ((Number) kv.get("bytes_out")).longValue());
        }

        @Test
        @DisplayName("a problem keeps the application's cookies and CORS headers, and drops the headers of its body")
        void headersOnThrow() throws Exception {
            HttpResponse<String> r = get("/servlet/headers-fail", "sv-headers");
            assertProblem(r, 404, ErrorType.NOT_FOUND);
            assertTrue(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("kit=kept")),
                    r.headers().map()::toString);
            assertEquals("https://kit.example", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertFalse(r.headers().firstValue("ETag").isPresent(), "ETag");
            assertFalse(r.headers().firstValue("Content-Disposition").isPresent(), "Content-Disposition");
            assertEquals(1, r.headers().allValues("X-Request-Id").size(), "one request id header");
            for (String name : List.of("Date", "Server", "Set-Cookie", "Access-Control-Allow-Origin", "Content-Type")) {
                assertTrue(r.headers().allValues(name).size() <= 1, () -> name + " repeated: " + r.headers().map());
            }
        }

        @Test
        @DisplayName("a throw after commit is rethrown: the connection is cut, and the container logs it too (the one double log)")
        void committedIsRethrown() throws Exception {
            int before = logs.events().size();
            int julBefore = julRecords.size();
            try {
                HttpResponse<String> r = get(KitApp.COMMITTED, "sv-committed");
                assertEquals(200, r.statusCode());
            } catch (java.io.IOException cut) {
                // the body was cut off: what the rethrow is for
            }
            assertEquals(200, ((Number) LogCapture.kv(logs.completion("sv-committed")).get("status")).intValue());
            assertEquals(1, logs.events("faultline.error", "sv-committed").size());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!containerLogged(before, julBefore) && System.nanoTime() < deadline) {
                Thread.sleep(10); // the container logs after the response; this waits for an event, not for time
            }
            assertTrue(containerLogged(before, julBefore), "the container's own log of the rethrown failure");
        }

        private boolean containerLogged(int before, int julBefore) {
            List<ILoggingEvent> after = logs.events();
            for (ILoggingEvent e : after.subList(before, after.size())) {
                if (!e.getLoggerName().startsWith("faultline") && e.getLevel().isGreaterOrEqual(Level.WARN)
                        && LogCapture.everything(e).contains("failed after commit")) {
                    return true;
                }
            }
            List<LogRecord> jul = new ArrayList<>(julRecords);
            for (LogRecord record : jul.subList(julBefore, jul.size())) {
                if (record.getThrown() != null && String.valueOf(record.getThrown()).contains("failed after commit")) {
                    return true;
                }
            }
            return false;
        }

        @ParameterizedTest(name = "{0}: the failure is logged once, by Faultline, and the container logs nothing of it")
        @ValueSource(strings = {"/kit/fail/database", "/kit/async/fail/database", "/servlet/start-fail/database",
            "/servlet/executor-fail/database"})
        void loggedOnce(String path) throws Exception {
            String id = "sv-once" + path.replace('/', '-');
            int before = logs.events().size();
            int julBefore = julRecords.size();
            HttpResponse<String> r = get(path, id);
            assertProblem(r, 503, ErrorType.DATABASE);
            logs.completion(id);
            assertEquals(1, logs.events("faultline.error", id).size(), "faultline.error events");
            List<ILoggingEvent> after = logs.events();
            for (ILoggingEvent e : after.subList(before, after.size())) {
                if (!e.getLoggerName().startsWith("faultline") && e.getLevel().isGreaterOrEqual(Level.WARN)) {
                    assertFalse(LogCapture.everything(e).contains(KitApp.SECRET), () -> "the container logged it: " + e);
                }
            }
            List<LogRecord> all = new ArrayList<>(julRecords);
            List<LogRecord> jul = all.subList(julBefore, all.size());
            for (LogRecord record : jul) {
                boolean mentions = record.getThrown() != null && String.valueOf(record.getThrown()).contains(KitApp.SECRET)
                        || record.getThrown() != null && record.getThrown().getCause() != null
                        && String.valueOf(record.getThrown().getCause()).contains(KitApp.SECRET);
                assertFalse(mentions, () -> "the container logged it: " + record.getLoggerName() + " " + record.getMessage());
            }
        }

        @Test
        @DisplayName("an unmatched URL reaches the filter through the default servlet and is logged as _unmatched")
        void unmatchedEndpoint() throws Exception {
            HttpResponse<String> r = get("/no/such/page", "sv-unmatched");
            assertProblem(r, 404, ErrorType.NOT_FOUND);
            assertEquals("_unmatched", LogCapture.kv(logs.completion("sv-unmatched")).get("endpoint"));
        }
    }

    @Nested
    @DisplayName("Servlet asynchronous processing")
    class Async {

        @Test
        @DisplayName("a throw inside AsyncContext.start gives its problem at once, not after the async timeout")
        void throwInStart() throws Exception {
            long start = System.nanoTime();
            HttpResponse<String> r = get("/servlet/start-fail/rate-limited", "sv-start-fail");
            assertProblem(r, 429, ErrorType.RATE_LIMITED);
            assertEquals("30", r.headers().firstValue("Retry-After").orElse(null));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "answered before the 30 s async timeout");
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-start-fail"));
            assertEquals(429, ((Number) kv.get("status")).intValue());
            assertEquals("/servlet/start-fail/{arg}", kv.get("endpoint"));
        }

        @Test
        @DisplayName("the application's own executor: FaultlineFilter.fail answers and completes, x.wrap carries the MDC")
        void ownExecutor() throws Exception {
            assertProblem(get("/servlet/executor-fail/external-service", "sv-exec-fail"), 502, ErrorType.EXTERNAL_SERVICE);
            HttpResponse<String> r = get("/servlet/executor-mdc", "sv-exec-mdc");
            assertEquals(200, r.statusCode());
            assertEquals("mdc=sv-exec-mdc;current=sv-exec-mdc", r.body());
        }

        @Test
        @DisplayName("an ASYNC dispatch that answers normally is logged once, with its status and bytes")
        void dispatchOk() throws Exception {
            HttpResponse<String> r = get("/servlet/dispatch-ok", "sv-dispatch");
            assertEquals(200, r.statusCode());
            assertEquals("dispatched mdc=sv-dispatch;current=sv-dispatch", r.body());
            logs.completion("sv-dispatch");
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-dispatch"));
            assertEquals((long) r.body().length(), ((Number) kv.get("bytes_out")).longValue());
            assertEquals(1, logs.events("faultline.http", "sv-dispatch").size(), "one completion event");
        }

        @Test
        @DisplayName("an async timeout nobody handles is a 504 problem")
        void timeout() throws Exception {
            HttpResponse<String> r = get("/servlet/timeout", "sv-timeout");
            assertProblem(r, 504, ErrorType.TIMEOUT);
            assertEquals(504, ((Number) LogCapture.kv(logs.completion("sv-timeout")).get("status")).intValue());
        }

        @Test
        @DisplayName("an async timeout the application's own listener answers keeps the application's answer")
        void timeoutHandled() throws Exception {
            HttpResponse<String> r = get("/servlet/timeout-handled", "sv-timeout-app");
            assertEquals(503, r.statusCode(), r::body);
            assertEquals("busy, says the application", r.body());
            assertEquals(503, ((Number) LogCapture.kv(logs.completion("sv-timeout-app")).get("status")).intValue());
        }

        @Test
        @DisplayName("sendError from an asynchronous task is a problem too")
        void asyncSendError() throws Exception {
            assertProblem(get("/servlet/async-send-error", "sv-async-404"), 404, ErrorType.NOT_FOUND);
        }

        @Test
        @DisplayName("startAsync(request, application's wrapper) still counts the bytes written through it")
        void applicationWrapper() throws Exception {
            HttpResponse<String> r = get("/servlet/async-app-wrapper", "sv-app-wrapper");
            assertEquals("through the application's wrapper", r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-app-wrapper"));
            assertEquals((long) r.body().length(), ((Number) kv.get("bytes_out")).longValue());
        }

        @Test
        @DisplayName("startAsync() on the container's own request writes past the filter: logged with its status, bytes unknown")
        void originalRequest() throws Exception {
            HttpResponse<String> r = get("/servlet/async-original", "sv-original");
            assertEquals(200, r.statusCode());
            assertEquals("written past the filter", r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-original"));
            assertEquals(200, ((Number) kv.get("status")).intValue());
            assertEquals(-1L, ((Number) kv.get("bytes_out")).longValue());
        }
    }

    @Nested
    @DisplayName("Servlet bodies")
    class Bodies {

        @Test
        @DisplayName("characters written through getWriter are counted in bytes of the response charset")
        void writerBytes() throws Exception {
            HttpResponse<byte[]> r = client.send(get(production, "/servlet/utf8").header("X-Request-Id", "sv-utf8").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("h\u00e9llo \uD83D\uDE00 \u20ac" + System.lineSeparator(), new String(r.body(), StandardCharsets.UTF_8));
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-utf8"));
            assertEquals((long) r.body().length, ((Number) kv.get("bytes_out")).longValue());
        }

        @Test
        @DisplayName("a body read through getReader is captured, and written back through getWriter")
        void reader() throws Exception {
            String body = "{\"title\":\"caf\u00e9\",\"password\":\"SECRET-R\"}";
            HttpResponse<String> r = post(verbose, "/servlet/reader-echo", "application/json; charset=UTF-8", body, "sv-reader");
            assertEquals(body, r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-reader"));
            String in = String.valueOf(kv.get("request_body"));
            assertTrue(in.contains("caf\u00e9"), in);
            assertFalse(in.contains("SECRET-R"), in);
            assertTrue(String.valueOf(kv.get("response_body")).contains("caf\u00e9"), kv::toString);
        }

        @Test
        @DisplayName("a form read through getParameter is rebuilt for the log without the query string's parameters")
        void formWithQuery() throws Exception {
            HttpResponse<String> r = post(verbose, "/servlet/form?q=from-the-query", "application/x-www-form-urlencoded; charset=UTF-8",
                    "name=caf%C3%A9+kit&token=SECRET-FT", "sv-form-q");
            assertEquals("name=caf\u00e9 kit;q=from-the-query", r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-form-q"));
            String logged = String.valueOf(kv.get("request_body"));
            assertTrue(logged.startsWith("name=caf%C3%A9+kit&token="), logged);
            assertFalse(logged.contains("SECRET-FT"), logged);
            assertFalse(logged.contains("from-the-query"), logged);
        }
    }

    @Nested
    @DisplayName("Servlet bodies the container reads or discards")
    class ContainerBodies {

        @Test
        @DisplayName("a multipart body read through getParts is logged as a summary of its length")
        void multipart() throws Exception {
            String boundary = "kit-boundary-7";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfirst\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nsecond file\r\n--" + boundary + "--\r\n";
            HttpResponse<String> r = post(verbose, "/servlet/upload", "multipart/form-data; boundary=" + boundary, body,
                    "sv-multipart");
            assertEquals("parts=2", r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-multipart"));
            assertEquals("<multipart " + body.length() + " bytes>", kv.get("request_body"), kv::toString);
        }

        @Test
        @DisplayName("a form over the container's size limit is a 413 problem, the status the container put on its exception")
        void formTooLarge() throws Exception {
            HttpResponse<String> r = post(production, KitApp.FORM, "application/x-www-form-urlencoded",
                    "name=" + "x".repeat(300_000), "sv-form-413");
            assertProblem(r, 413, ErrorType.PAYLOAD_TOO_LARGE);
            assertEquals("payload_too_large", LogCapture.kv(logs.completion("sv-form-413")).get("error_type"));
        }

        @Test
        @DisplayName("the application's own reset() discards its body from the count and the log, and keeps the request id")
        void applicationReset() throws Exception {
            HttpResponse<String> r = send(get(verbose, "/servlet/app-reset").header("X-Request-Id", "sv-app-reset").build());
            assertEquals("second", r.body());
            assertEquals("sv-app-reset", r.headers().firstValue("X-Request-Id").orElse(null));
            assertFalse(r.headers().firstValue("X-Discarded").isPresent());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-app-reset"));
            assertEquals("second", kv.get("response_body"));
            assertEquals(6L, ((Number) kv.get("bytes_out")).longValue());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("Registration without the container's API, and the monitoring servlet")
    class Portable {

        private KitServer server;

        @BeforeAll
        void startPortable() throws Exception {
            server = start(faultline(Environment.PRODUCTION), new Setup(true, true, false));
        }

        @AfterAll
        void stopPortable() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        @Test
        @DisplayName("the filter registered through ServletContext works like the container-registered one")
        void filterWorks() throws Exception {
            HttpResponse<String> r = send(get(server, "/kit/fail/validation").build());
            assertProblem(r, 400, ErrorType.VALIDATION);
            assertEquals(200, send(get(server, "/kit/async/mdc").build()).statusCode());
        }

        @Test
        @DisplayName("the monitoring servlet answers under its own mapping; the filter leaves the default paths to the application")
        void monitoringServlet() throws Exception {
            HttpResponse<String> metrics = send(monitor(server, "/ops/metrics/errors").header("X-Request-Id", "sv-ops").build());
            assertEquals(200, metrics.statusCode(), metrics::body);
            assertTrue(json(metrics.body()).has("total_errors"), metrics.body());
            assertEquals("sv-ops", metrics.headers().firstValue("X-Request-Id").orElse(null));
            assertEquals(200, send(get(server, "/ops/health/live").build()).statusCode());
            JsonNode bad = assertProblem(send(monitor(server, "/ops/metrics/trends?hours=zero").build()), 400, ErrorType.VALIDATION);
            assertEquals("hours", bad.path("errors").get(0).path("field").asText());
            assertProblem(send(get(server, "/metrics/errors").build()), 404, ErrorType.NOT_FOUND);
            assertEquals(1, logs.events("faultline.http", "sv-ops").size(), "one exchange for the request");
        }

        @Test
        @DisplayName("a route resolver that throws is counted and the request is served, its endpoint the path")
        void brokenResolver() throws Exception {
            long before = portableFilter.routeResolverFailures();
            HttpResponse<String> r = send(get(server, "/servlet/resolver-boom").header("X-Request-Id", "sv-resolver").build());
            assertEquals(200, r.statusCode());
            assertEquals("still served", r.body());
            assertEquals("/servlet/resolver-boom", LogCapture.kv(logs.completion("sv-resolver")).get("endpoint"));
            assertTrue(portableFilter.routeResolverFailures() > before);
        }
    }

    /** The setup under which this container sends unmatched URLs through the filter without a default servlet. */
    protected abstract Setup withoutDefaultServlet();

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("Without a default servlet")
    class NoDefaultServlet {

        private KitServer server;

        @BeforeAll
        void startBare() throws Exception {
            server = start(faultline(Environment.PRODUCTION), withoutDefaultServlet());
        }

        @AfterAll
        void stopBare() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        @Test
        @DisplayName("an unmatched URL is still a 404 problem, logged once as _unmatched")
        void unmatched() throws Exception {
            HttpResponse<String> r = send(get(server, "/kit/no/such/route").header("X-Request-Id", "sv-bare-404").build());
            assertProblem(r, 404, ErrorType.NOT_FOUND);
            assertFalse(r.body().contains("error page"), r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("sv-bare-404"));
            assertEquals("_unmatched", kv.get("endpoint"));
            assertEquals("/kit/no/such/route", kv.get("path"));
            assertEquals(1, logs.events("faultline.http", "sv-bare-404").size(), "one completion event");
        }
    }
}
