package dev.faultline.jaxrs;

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
import jakarta.ws.rs.SeBootstrap;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance kit on a Jakarta REST runtime started with {@link SeBootstrap} on 127.0.0.1 and a free
 * port, with {@link KitResource}, {@link JaxrsRoutes} and {@link FaultlineFeature}; plus what only
 * Jakarta REST has. Each runtime runs in its own test JVM with only its own jars (see the module's
 * pom): both provide {@link RuntimeDelegate}, and the first found would serve both.
 */
abstract class JaxrsConformanceKit extends ConformanceKit {

    /** The package prefix of the runtime this test is for (its {@link RuntimeDelegate}). */
    protected abstract String runtimePackage();

    /** The runtime's SeBootstrap configuration for the kit, on {@code port}. */
    protected SeBootstrap.Configuration.Builder configuration(int port) {
        return SeBootstrap.Configuration.builder().protocol("HTTP").host("127.0.0.1").port(port).rootPath("/");
    }

    @BeforeAll
    void rightRuntime() {
        String delegate = RuntimeDelegate.getInstance().getClass().getName();
        assertTrue(delegate.startsWith(runtimePackage()), () -> "this JVM runs " + delegate);
    }

    /** The runtime's properties for the kit's application. */
    protected Map<String, Object> properties() {
        return Map.of();
    }

    @Override
    protected KitServer start(Faultline faultline) throws Exception {
        return start(faultline, properties());
    }

    /** Starts the kit's application with these application properties. */
    protected KitServer start(Faultline faultline, Map<String, Object> properties) throws Exception {
        return start(FaultlineFeature.create(faultline), properties);
    }

    /** Starts the kit's application with this feature and these application properties. */
    protected KitServer start(FaultlineFeature feature, Map<String, Object> properties) throws Exception {
        Application application = new KitApplication(feature, properties);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Running running;
            try {
                running = serve(application, feature, port);
            } catch (ExecutionException | RuntimeException bindRace) {
                if (attempt == 5) { // another process took the port between the probe and the start
                    throw bindRace;
                }
                continue;
            }
            URI base = URI.create("http://127.0.0.1:" + port);
            return new KitServer() {
                @Override
                public URI baseUri() {
                    return base;
                }

                @Override
                public void close() throws ExecutionException, TimeoutException {
                    running.stop();
                }
            };
        }
    }

    /** A running server of the kit. */
    @FunctionalInterface
    protected interface Running {

        /** Stops the server. */
        void stop() throws ExecutionException, TimeoutException;
    }

    /**
     * Starts the runtime's server with {@code application} on 127.0.0.1:{@code port}, with
     * {@link SeBootstrap}; returns what stops it. A runtime whose kit needs its own deployment overrides it.
     */
    protected Running serve(Application application, FaultlineFeature feature, int port) throws Exception {
        SeBootstrap.Instance instance = SeBootstrap.start(application, configuration(port).build())
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        started(instance, feature);
        return () -> {
            try {
                instance.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the server", e);
            }
        };
    }

    /** Called once the runtime's server runs: the place for the server-level pieces of a runtime. */
    protected void started(SeBootstrap.Instance instance, FaultlineFeature feature) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private HttpResponse<String> call(String method, String path, String requestId) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(production.baseUri() + path)).timeout(Duration.ofSeconds(20))
                .header("X-Request-Id", requestId).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Nested
    @DisplayName("Jakarta REST specifics")
    class Specifics {

        @Test
        @DisplayName("a CompletionStage result is written, and its exchange closed with its route template")
        void completionStage() throws Exception {
            HttpResponse<String> r = call("GET", "/jaxrs/stage/ok", "jaxrs-stage-ok");
            assertEquals(200, r.statusCode());
            assertEquals("stage ok", r.body());
            assertEquals("/jaxrs/stage/{type}", LogCapture.kv(logs.completion("jaxrs-stage-ok")).get("endpoint"));
        }

        @ParameterizedTest(name = "a CompletionStage that fails with {0} gives its problem")
        @EnumSource(value = ErrorType.class, names = {"NOT_FOUND", "DATABASE", "INTERNAL", "VALIDATION"})
        void failedCompletionStage(ErrorType type) throws Exception {
            String id = "jaxrs-stage-" + type.slug();
            HttpResponse<String> r = call("GET", "/jaxrs/stage/" + type.slug(), id);
            assertProblem(r, type.status(), type);
            assertFalse(r.body().contains(KitApp.SECRET), r.body());
            logs.completion(id);
            assertEquals(1, logs.events("faultline.error", id).size(), "the failure is logged once");
        }

        @Test
        @DisplayName("a template's regular expression is left out of the endpoint")
        void regexTemplate() throws Exception {
            HttpResponse<String> r = call("GET", "/jaxrs/numbers/42", "jaxrs-regex");
            assertEquals("number 42", r.body());
            assertEquals("/jaxrs/numbers/{n}", LogCapture.kv(logs.completion("jaxrs-regex")).get("endpoint"));
        }

        @Test
        @DisplayName("an unmatched request is logged under the unmatched endpoint, not its path")
        void unmatchedEndpoint() throws Exception {
            call("GET", "/kit/nothing/here", "jaxrs-unmatched");
            assertEquals("_unmatched", LogCapture.kv(logs.completion("jaxrs-unmatched")).get("endpoint"));
        }

        @Test
        @DisplayName("a method the resource lacks gives a 405 problem that keeps the runtime's Allow header")
        void methodNotAllowed() throws Exception {
            HttpResponse<String> r = call("DELETE", "/jaxrs/only-get", "jaxrs-405");
            JsonNode body = assertProblem(r, 405, ErrorType.VALIDATION);
            assertEquals(405, body.path("status").asInt());
            String allow = r.headers().firstValue("Allow").orElse("");
            assertTrue(allow.contains("GET"), "Allow: " + allow);
            assertEquals(405, ((Number) LogCapture.kv(logs.completion("jaxrs-405")).get("status")).intValue());
        }

        @Test
        @DisplayName("a redirect thrown as RedirectionException goes out as it is")
        void redirect() throws Exception {
            HttpResponse<String> r = call("GET", "/jaxrs/redirect", "jaxrs-303");
            assertEquals(303, r.statusCode());
            assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/kit/ok"));
            assertEquals("jaxrs-303", r.headers().firstValue("X-Request-Id").orElse(null));
            logs.completion("jaxrs-303");
        }

        @Test
        @DisplayName("a WebApplicationException with its own entity keeps it, and is counted as its status")
        void ownEntity() throws Exception {
            HttpResponse<String> r = call("GET", "/jaxrs/own-entity", "jaxrs-own");
            assertEquals(409, r.statusCode());
            assertEquals("the application's own body", r.body());
            Map<String, Object> kv = LogCapture.kv(logs.completion("jaxrs-own"));
            assertEquals("conflict", kv.get("error_type"));
        }

        @Test
        @DisplayName("Jakarta REST's NotFoundException thrown by the application is a 404 problem without its message")
        void webApplicationException() throws Exception {
            HttpResponse<String> r = call("GET", "/jaxrs/not-found", "jaxrs-wae");
            assertProblem(r, 404, ErrorType.NOT_FOUND);
            assertFalse(r.body().contains(KitApp.SECRET), r.body());
        }

        @Test
        @DisplayName("a HEAD request is answered without a body and closed once")
        void head() throws Exception {
            HttpResponse<String> r = call("HEAD", KitApp.OK, "jaxrs-head");
            assertEquals(200, r.statusCode());
            assertEquals("", r.body());
            assertEquals("jaxrs-head", r.headers().firstValue("X-Request-Id").orElse(null));
            assertEquals(200, ((Number) LogCapture.kv(logs.completion("jaxrs-head")).get("status")).intValue());
        }

        @Test
        @DisplayName("an application filter finds the exchange and records the user on it")
        void userFromFilter() throws Exception {
            send(get(production, KitApp.OK).header("X-Request-Id", "jaxrs-user").header(KitFilters.USER_HEADER, "u-42").build());
            assertEquals("u-42", LogCapture.kv(logs.completion("jaxrs-user")).get("user_id"));
        }

        @Test
        @DisplayName("a request refused by a filter ahead of Faultline's is still logged, and its bare status becomes a problem")
        void refusedAhead() throws Exception {
            HttpResponse<String> r = send(get(production, KitApp.OK).header("X-Request-Id", "jaxrs-refused")
                    .header(KitFilters.REFUSE_HEADER, "yes").build());
            assertProblem(r, 503, ErrorType.forStatus(503));
            assertEquals("7", r.headers().firstValue("Retry-After").orElse(null), "the filter's header stays");
            assertEquals("jaxrs-refused", r.headers().firstValue("X-Request-Id").orElse(null));
            assertEquals(503, ((Number) LogCapture.kv(logs.completion("jaxrs-refused")).get("status")).intValue());
        }

        @Test
        @DisplayName("a configured client address resolver replaces the runtime's")
        void clientAddressResolver() throws Exception {
            FaultlineFeature feature = FaultlineFeature.builder(faultline(dev.faultline.Environment.PRODUCTION))
                    .clientAddress(request -> "192.0.2.55").build();
            KitServer custom = start(feature, properties());
            try {
                send(get(custom, KitApp.OK).header("X-Request-Id", "jaxrs-resolver").build());
                assertEquals("192.0.2.55", LogCapture.kv(logs.completion("jaxrs-resolver")).get("ip_address"));
            } finally {
                custom.close();
            }
        }

        @ParameterizedTest(name = "{0} is closed exactly once")
        @ValueSource(strings = {"/kit/ok", "/kit/fail/conflict", "/kit/async/fail/database", "/kit/async/mdc",
            "/kit/no/such/route", "/kit/bare-401", "/kit/committed", "/jaxrs/stage/ok", "/jaxrs/stage/timeout",
            "/jaxrs/redirect", "/jaxrs/only-get"})
        void closedOnce(String path) throws Exception {
            String id = "jaxrs-once" + path.replace('/', '-');
            try {
                call("GET", path, id);
            } catch (IOException cutOff) {
                // the committed route may end with a cut connection
            }
            logs.completion(id);
            // a second completion would come from the same request's processing; the next request's
            // completion on the same connection is logged after it
            call("GET", KitApp.OK, id + "-next");
            logs.completion(id + "-next");
            List<ILoggingEvent> completions = logs.events("faultline.http", id).stream()
                    .filter(e -> "request completed".equals(e.getMessage())).toList();
            assertEquals(1, completions.size(), () -> "completions: " + completions);
        }
    }
}
