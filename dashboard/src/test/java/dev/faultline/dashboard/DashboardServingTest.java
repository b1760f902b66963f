package dev.faultline.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.monitoring.MonitoringConfig;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard served by the monitoring endpoints of a real Undertow server on 127.0.0.1, over HTTP:
 * headers, caching, HEAD, the redirect, refused paths and the access guard.
 */
@DisplayName("The dashboard on a real server")
class DashboardServingTest {

    static final String TOKEN = "dashboard-token-0123456789";

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() {
        cleanup.forEach(Runnable::run);
    }

    /**
     * Starts Undertow on a free port with Faultline configured by {@code monitoring}, open to every
     * caller unless {@code monitoring} sets a token or predicate (these tests are about serving the page;
     * {@link Closed} checks the default); returns its base URI.
     */
    URI start(Consumer<MonitoringConfig.Builder> monitoring) {
        return startAs(m -> monitoring.accept(m.anonymous(MonitoringConfig.Anonymous.ALL)));
    }

    /** Starts Undertow with the production preset's monitoring guard, configured by {@code monitoring}. */
    URI startAs(Consumer<MonitoringConfig.Builder> monitoring) {
        Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .monitoring(monitoring).build();
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(FaultlineHandler.create(faultline, exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("app");
                }))
                .build();
        server.start();
        cleanup.add(() -> {
            server.stop();
            faultline.close();
        });
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://127.0.0.1:" + address.getPort() + "/");
    }

    HttpResponse<byte[]> send(String method, URI uri, @Nullable String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(URI uri) throws Exception {
        return send("GET", uri, null);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers().map()));
    }

    static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The files the page loads, relative to it. */
    static List<String> files(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([a-z]+\\.[0-9a-f]{10}\\.[a-z]+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static void assertProblem(HttpResponse<byte[]> r, int status) {
        assertEquals(status, r.statusCode(), () -> body(r));
        assertEquals("application/problem+json", header(r, "Content-Type"));
        assertFalse(body(r).contains("Exception"), body(r));
    }

    @Nested
    @DisplayName("in the production preset without a token (issue 20)")
    class Closed {

        @Test
        @DisplayName("neither the page nor its data answer: 401 problems, the page asks for no less")
        void closed() throws Exception {
            URI base = startAs(m -> m.resource(Dashboard.create()));
            assertProblem(get(base.resolve("metrics/dashboard/")), 401);
            assertProblem(get(base.resolve("metrics/errors")), 401);
            assertEquals(200, get(base.resolve("health/live")).statusCode());
        }
    }

    @Nested
    @DisplayName("without a guard")
    class Open {

        @Test
        @DisplayName("serves the page: HTML, never stored, nosniff, a strict CSP, no framing")
        void page() throws Exception {
            URI base = start(m -> m.resource(Dashboard.create()));
            HttpResponse<byte[]> r = get(base.resolve("metrics/dashboard/"));
            assertEquals(200, r.statusCode());
            assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
            assertEquals("no-store", header(r, "Cache-Control"));
            assertEquals("nosniff", header(r, "X-Content-Type-Options"));
            String csp = header(r, "Content-Security-Policy");
            for (String directive : List.of("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "connect-src 'self'", "img-src 'self'", "frame-ancestors 'none'", "base-uri 'none'")) {
                assertTrue(csp.contains(directive), directive + " in " + csp);
            }
            assertFalse(csp.contains("unsafe"), csp);
            assertEquals("DENY", header(r, "X-Frame-Options"));
            assertEquals("no-referrer", header(r, "Referrer-Policy"));
            assertTrue(body(r).startsWith("<!doctype html>"));
        }

        @Test
        @DisplayName("serves each file the page loads with its type, cacheable by the browser only")
        void assets() throws Exception {
            URI base = start(m -> m.resource(Dashboard.create()));
            URI page = base.resolve("metrics/dashboard/");
            List<String> files = files(body(get(page)));
            assertEquals(5, files.size(), files.toString());
            Map<String, String> types = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
                    "svg", "image/svg+xml");
            for (String file : files) {
                HttpResponse<byte[]> r = get(page.resolve(file));
                assertEquals(200, r.statusCode(), file);
                assertEquals(types.get(file.substring(file.lastIndexOf('.') + 1)), header(r, "Content-Type"), file);
                assertEquals("private, max-age=31536000, immutable", header(r, "Cache-Control"), file);
                assertEquals("nosniff", header(r, "X-Content-Type-Options"), file);
                assertEquals(Assets.hash(r.body()), file.split("\\.")[1], "the name is the content's hash");
            }
        }

        @Test
        @DisplayName("answers HEAD with the headers of GET and no body")
        void head() throws Exception {
            URI base = start(m -> m.resource(Dashboard.create()));
            URI page = base.resolve("metrics/dashboard/");
            HttpResponse<byte[]> got = get(page);
            HttpResponse<byte[]> head = send("HEAD", page, null);
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            for (String h : List.of("Content-Type", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options")) {
                assertEquals(header(got, h), header(head, h), h);
            }
            String script = files(body(got)).stream().filter(f -> f.startsWith("uplot.") && f.endsWith(".js")).findFirst().orElseThrow();
            HttpResponse<byte[]> headScript = send("HEAD", page.resolve(script), null);
            assertEquals(200, headScript.statusCode());
            assertEquals(0, headScript.body().length);
            assertEquals("text/javascript; charset=utf-8", header(headScript, "Content-Type"));
        }

        @Test
        @DisplayName("refuses other methods with 405 and Allow: GET, HEAD")
        void methods() throws Exception {
            URI base = start(m -> m.resource(Dashboard.create()));
            for (String method : List.of("POST", "PUT", "DELETE")) {
                HttpResponse<byte[]> r = send(method, base.resolve("metrics/dashboard/"), null);
                assertProblem(r, 405);
                assertEquals("GET, HEAD", header(r, "Allow"));
            }
        }

        @Test
        @DisplayName("redirects /metrics/dashboard to the page, which then loads")
        void redirect() throws Exception {
            URI base = start(m -> m.resource(Dashboard.create()));
            HttpResponse<byte[]> r = get(base.resolve("metrics/dashboard"));
            assertEquals(308, r.statusCode());
            URI target = base.resolve("metrics/dashboard").resolve(header(r, "Location"));
            assertEquals(base.resolve("metrics/dashboard/"), target);
            assertEquals(200, get(target).statusCode());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"metrics/dashboard/dashboard.js", "metrics/dashboard/index.html", "metrics/dashboard/nope",
                "metrics/dashboard/%2e%2e/errors", "metrics/dashboard/..%2f..%2fhealth", "metrics/dashboard/%2e%2e%2fhealth",
                "metrics/dashboard/..%5c..%5cpom.xml", "metrics/dashboard/uplot.js/..%2f..%2ferrors",
                "metrics/dashboard/dev/faultline/dashboard/dashboard.properties",
                "metrics/dashboard/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.js"})
        @DisplayName("answers an unknown file or an attempt to leave the directory with a 404 problem")
        void traversal(String path) throws Exception {
            URI base = start(m -> m.token(TOKEN).resource(Dashboard.create()));
            HttpResponse<byte[]> r = send("GET", URI.create(base + path), null);
            assertProblem(r, 404);
        }

        @Test
        @DisplayName("under a base such as /ops, the page's relative endpoint URLs reach the endpoints")
        void base() throws Exception {
            URI base = start(m -> m.base("/ops").resource(Dashboard.create(b -> b.path("/metrics/board/eu"))));
            URI page = base.resolve("ops/metrics/board/eu/");
            HttpResponse<byte[]> r = get(page);
            assertEquals(200, r.statusCode(), body(r));
            Matcher root = Pattern.compile("data-root=\"([./]*)\"").matcher(body(r));
            assertTrue(root.find());
            for (String endpoint : List.of("metrics/errors", "metrics/trends?hours=1", "metrics/insights", "metrics/alerts",
                    "metrics/performance", "health")) {
                URI resolved = page.resolve(root.group(1) + endpoint);
                assertEquals(base.resolve("ops/" + endpoint), resolved);
                HttpResponse<byte[]> data = get(resolved);
                assertEquals(200, data.statusCode(), endpoint + ": " + body(data));
                assertEquals("application/json", header(data, "Content-Type"), endpoint);
            }
            assertEquals("app", body(get(base.resolve("metrics/board/eu/"))), "outside the base, the application answers");
        }
    }

    @Nested
    @DisplayName("behind the monitoring guard")
    class Guarded {

        @Test
        @DisplayName("with a token: the page and its files load without it, every data endpoint needs it")
        void token() throws Exception {
            URI base = start(m -> m.token(TOKEN).resource(Dashboard.create()));
            URI page = base.resolve("metrics/dashboard/");
            HttpResponse<byte[]> html = get(page);
            assertEquals(200, html.statusCode());
            for (String file : files(body(html))) {
                assertEquals(200, get(page.resolve(file)).statusCode(), file);
            }
            for (String endpoint : List.of("metrics/errors", "metrics/trends", "metrics/insights", "metrics/alerts",
                    "metrics/performance")) {
                HttpResponse<byte[]> refused = get(base.resolve(endpoint));
                assertProblem(refused, 401);
                assertTrue(header(refused, "WWW-Authenticate").startsWith("Bearer"), endpoint);
                assertEquals(200, send("GET", base.resolve(endpoint), TOKEN).statusCode(), endpoint);
                assertProblem(send("GET", base.resolve(endpoint), TOKEN + "x"), 401);
            }
            // the health probes answer without it (issue 20: /health holds what /health/ready does)
            assertEquals(200, get(base.resolve("health")).statusCode());
        }

        @Test
        @DisplayName("with an access predicate: it decides for the page and its files as for the data")
        void predicate() throws Exception {
            AtomicBoolean allowed = new AtomicBoolean(false);
            URI base = start(m -> m.token(TOKEN).access(request -> allowed.get()).resource(Dashboard.create()));
            URI page = base.resolve("metrics/dashboard/");
            assertProblem(get(page), 401);
            assertProblem(get(base.resolve("metrics/dashboard")), 401);
            assertProblem(send("GET", base.resolve("metrics/errors"), TOKEN), 401);
            allowed.set(true);
            HttpResponse<byte[]> html = get(page);
            assertEquals(200, html.statusCode());
            assertProblem(get(base.resolve("metrics/errors")), 401);
            assertEquals(200, send("GET", base.resolve("metrics/errors"), TOKEN).statusCode());
        }

        @Test
        @DisplayName("the page holds no data: it is the same bytes whatever the traffic and the caller")
        void noData() throws Exception {
            URI base = start(m -> m.token(TOKEN).resource(Dashboard.create()));
            URI page = base.resolve("metrics/dashboard/");
            byte[] before = get(page).body();
            for (int i = 0; i < 5; i++) {
                get(base.resolve("nothing-here-" + i));
            }
            assertArrayEquals(before, get(page).body());
            assertArrayEquals(before, send("GET", page, TOKEN).body());
        }
    }
}
