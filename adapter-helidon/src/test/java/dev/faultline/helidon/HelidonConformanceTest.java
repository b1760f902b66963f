package dev.faultline.helidon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.Faultline;
import dev.faultline.error.ErrorType;
import dev.faultline.testkit.ConformanceKit;
import dev.faultline.testkit.KitApp;
import dev.faultline.testkit.KitServer;
import dev.faultline.testkit.LogCapture;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit on a real Helidon 4 SE server.
 *
 * <p>Helidon SE has no asynchronous response API: a handler runs on its own virtual thread and must
 * send its response before it returns. The kit's {@code /kit/async/...} routes therefore do what a
 * Helidon application does with asynchronous work: hand it to another executor (platform threads
 * here) and block on the result, so the failure or the MDC crosses a real thread boundary.
 */
@DisplayName("Helidon SE passes the conformance kit")
class HelidonConformanceTest extends ConformanceKit {

    /** The "other executor" of the asynchronous routes. */
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "kit-worker");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Override
    protected KitServer start(Faultline faultline) {
        FaultlineFeature feature = FaultlineFeature.create(faultline);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .directHandlers(feature.directHandlers()) // Helidon's own refusals become problems
                // the response stream filter of body capture; see FaultlineFeature
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> routes(r.addFeature(feature)))
                .build()
                .start();
        URI base = URI.create("http://127.0.0.1:" + server.port());
        return new KitServer() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() {
                if (server.isRunning()) {
                    server.stop();
                }
            }
        };
    }

    private void routes(HttpRouting.Builder r) {
        r.get(KitApp.OK, (req, res) -> text(res, "ok"))
                .get(KitApp.FAIL_TEMPLATE, (req, res) -> {
                    throw KitApp.failure(param(req, "type"));
                })
                // join() wraps the failure in a CompletionException: it is classified by its cause
                .get(KitApp.ASYNC_FAIL_TEMPLATE, (req, res) -> {
                    String type = param(req, "type");
                    CompletableFuture.runAsync(() -> {
                        throw KitApp.failure(type);
                    }, workers).join();
                    text(res, "unreachable");
                })
                .get(KitApp.BOOM, (req, res) -> {
                    throw new IllegalStateException(KitApp.NASTY_MESSAGE);
                })
                .get(KitApp.COMMITTED, (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain");
                    OutputStream out = res.outputStream();
                    out.write(KitApp.PARTIAL_BODY.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    throw new IllegalStateException("failed after commit " + KitApp.SECRET);
                })
                .get(KitApp.MDC, (req, res) -> text(res, KitApp.mdcReport()))
                .get(KitApp.ASYNC_MDC, (req, res) -> text(res, CompletableFuture.supplyAsync(KitApp::mdcReport,
                        FaultlineFeature.requestContext(req).orElseThrow().wrap(workers)).join()))
                .get(KitApp.ITEM_TEMPLATE, (req, res) -> text(res, "item " + param(req, "id")))
                .post(KitApp.ECHO, (req, res) -> {
                    req.headers().first(HeaderNames.CONTENT_TYPE).ifPresent(t -> res.header(HeaderNames.CONTENT_TYPE, t));
                    byte[] body = req.content().inputStream().readAllBytes();
                    res.send(body);
                })
                .post(KitApp.JSON, (req, res) -> res.send(KitApp.json(
                        req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), req.content().inputStream().readAllBytes())))
                .post(KitApp.FORM, (req, res) -> {
                    Parameters form = req.content().as(Parameters.class);
                    text(res, "name=" + form.first("name").orElse(""));
                })
                .get(KitApp.BIG, (req, res) -> {
                    long n = Long.parseLong(req.query().get("bytes"));
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain");
                    try (OutputStream out = res.outputStream()) {
                        byte[] chunk = new byte[65536];
                        for (long written = 0; written < n; ) {
                            int len = (int) Math.min(chunk.length, n - written);
                            for (int i = 0; i < len; i++) {
                                chunk[i] = KitApp.bigByte(written + i);
                            }
                            out.write(chunk, 0, len);
                            written += len;
                        }
                    }
                })
                .get(KitApp.BARE_401, (req, res) -> res.status(Status.UNAUTHORIZED_401)
                        .header(HeaderNames.WWW_AUTHENTICATE, KitApp.CHALLENGE)
                        .send())
                .get(KitApp.STALE, (req, res) -> json(res, KitApp.stale()))
                .get(KitApp.SHED, (req, res) -> text(res, KitApp.shed()))
                .get(KitApp.SECRET_JSON, (req, res) -> json(res, KitApp.SECRET_JSON_BODY))
                // Helidon-specific routes
                .get("/helidon/http-exception", (req, res) -> {
                    throw new HttpException("only GET " + KitApp.SECRET, Status.METHOD_NOT_ALLOWED_405)
                            .header(HeaderValues.create(HeaderNames.ALLOW, "GET"));
                })
                .get("/helidon/optional/{id}", (req, res) -> res.send(Optional.empty()))
                .get("/helidon/buffered-then-fail", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain");
                    res.outputStream().write("half a body".getBytes(StandardCharsets.UTF_8)); // still in Helidon's buffer
                    throw new IllegalStateException("failed before anything was sent " + KitApp.SECRET);
                })
                .get("/helidon/silent", (req, res) -> {
                    // sends nothing: Helidon answers 500 itself, through a direct handler
                })
                .get("/helidon/own-error-body", (req, res) -> res.status(Status.BAD_REQUEST_400)
                        .header(HeaderNames.CONTENT_TYPE, "text/plain")
                        .send("the application's own words"))
                .register("/helidon/svc", rules -> rules
                        .get("/", (req, res) -> text(res, "root"))
                        .get("/{id:\\d+}", (req, res) -> text(res, "svc " + param(req, "id"))));
    }

    private static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    private static void text(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("Helidon's own errors and routing")
    class HelidonSpecific {

        @Test
        @DisplayName("an HttpException keeps its status and its headers, without its message in production")
        void httpException() throws Exception {
            HttpResponse<String> r = send(get(production, "/helidon/http-exception").build());
            assertProblem(r, 405, ErrorType.forStatus(405));
            assertEquals("GET", r.headers().firstValue("Allow").orElse(null));
            assertFalse(r.body().contains(KitApp.SECRET), r.body());
        }

        @Test
        @DisplayName("Helidon's NotFoundException from a matched route is a 404 problem under the route's template")
        void notFoundFromRoute() throws Exception {
            send(get(production, "/helidon/optional/7").header("X-Request-Id", "helidon-optional").build());
            Map<String, Object> kv = LogCapture.kv(logs.completion("helidon-optional"));
            assertEquals(404, ((Number) kv.get("status")).intValue());
            assertEquals("/helidon/optional/{id}", kv.get("endpoint"));
            assertEquals(1, logs.events("faultline.error", "helidon-optional").size(), "recorded as a failure");
        }

        @Test
        @DisplayName("a method no route accepts is a 404 problem (Helidon's routing has no 405)")
        void otherMethod() throws Exception {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(production.baseUri() + KitApp.OK))
                    .timeout(Duration.ofSeconds(20)).DELETE().build());
            assertProblem(r, 404, ErrorType.NOT_FOUND);
        }

        @Test
        @DisplayName("a route that sends nothing gets a 500 problem instead of Helidon's plain text")
        void silentRoute() throws Exception {
            HttpResponse<String> r = send(get(production, "/helidon/silent").build());
            assertProblem(r, 500, ErrorType.INTERNAL);
        }

        @Test
        @DisplayName("an error status sent with a content type keeps the application's own body")
        void ownErrorBody() throws Exception {
            HttpResponse<String> r = send(get(production, "/helidon/own-error-body").build());
            assertEquals(400, r.statusCode());
            assertEquals("the application's own words", r.body());
        }

        @Test
        @DisplayName("routes of a service registered under a prefix log their full template, without the trailing slash")
        void serviceTemplates() throws Exception {
            assertEquals("root", send(get(production, "/helidon/svc").header("X-Request-Id", "helidon-svc-root").build()).body());
            assertEquals("svc 12", send(get(production, "/helidon/svc/12").header("X-Request-Id", "helidon-svc-id").build()).body());
            assertEquals("/helidon/svc", LogCapture.kv(logs.completion("helidon-svc-root")).get("endpoint"));
            assertEquals("/helidon/svc/{id}", LogCapture.kv(logs.completion("helidon-svc-id")).get("endpoint"));
        }

        @Test
        @DisplayName("a throw after commit is recorded once, with the status that was sent")
        void committedRecorded() throws Exception {
            try {
                send(get(production, KitApp.COMMITTED).header("X-Request-Id", "helidon-committed").build());
            } catch (IOException cutOff) {
                // Helidon closes the connection: expected
            }
            ILoggingEvent completion = logs.completion("helidon-committed");
            assertEquals(200, ((Number) LogCapture.kv(completion).get("status")).intValue());
            assertEquals("internal", LogCapture.kv(completion).get("error_type"));
            List<ILoggingEvent> errors = logs.events("faultline.error", "helidon-committed");
            assertEquals(1, errors.size(), errors::toString);
            // the trace itself may be on an earlier line of the same pattern (one per interval)
            assertEquals(IllegalStateException.class.getName(), LogCapture.kv(errors.get(0)).get("exception"));
        }

        @Test
        @DisplayName("capturing the response keeps a one-piece body in one write with its Content-Length, and counts body bytes only")
        void captureKeepsContentLength() throws Exception {
            HttpResponse<String> r = send(get(verbose, KitApp.OK).header("X-Request-Id", "helidon-cl").build());
            assertEquals("ok", r.body());
            assertEquals("2", r.headers().firstValue("Content-Length").orElse(null), r.headers().map()::toString);
            assertTrue(r.headers().firstValue("Transfer-Encoding").isEmpty(), r.headers().map()::toString);
            Map<String, Object> kv = LogCapture.kv(logs.completion("helidon-cl"));
            assertEquals(2L, ((Number) kv.get("bytes_out")).longValue());
            assertEquals("ok", kv.get("response_body"));
        }

        @Test
        @DisplayName("a throw while the body is still in Helidon's buffer gives a clean problem, and the log shows the problem, not the discarded body")
        void bufferedBodyDiscarded() throws Exception {
            HttpResponse<String> r = send(get(verbose, "/helidon/buffered-then-fail").header("X-Request-Id", "helidon-buffered").build());
            JsonNode body = assertProblem(r, 500, ErrorType.INTERNAL);
            assertFalse(r.body().contains("half a body"), r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("helidon-buffered"));
            String logged = String.valueOf(kv.get("response_body"));
            assertFalse(logged.contains("half a body"), logged);
            assertEquals(body.path("request_id").asText(), json(logged).path("request_id").asText());
            assertEquals((long) r.body().getBytes(StandardCharsets.UTF_8).length, ((Number) kv.get("bytes_out")).longValue());
        }

        @Test
        @DisplayName("the monitoring endpoints answer under their own paths, whatever the application routes")
        void monitoringServedByTheFeature() throws Exception {
            HttpResponse<String> r = send(get(production, "/health/live").build());
            assertEquals(200, r.statusCode());
            JsonNode body = json(r.body());
            assertEquals("up", body.path("status").asText(), body::toString);
            assertTrue(r.headers().firstValue("X-Request-Id").isPresent());
        }
    }
}
