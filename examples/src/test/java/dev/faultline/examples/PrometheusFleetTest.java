package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many instances, one Prometheus: two instances of the example app (in this JVM, each with its own
 * Faultline and registry, on free loopback ports) scraped every second by a real Prometheus server
 * (Debian's {@code prometheus} package, started here on loopback with a temporary database and the
 * shipped rules), with a bearer token as a real deployment would. After known traffic to each
 * instance, PromQL through Prometheus's HTTP API returns the sums across both, and the fleet-wide
 * critical-error alert fires. Skipped without {@code /usr/bin/prometheus}, failed without it under
 * {@code FAULTLINE_CI=1}.
 */
@DisplayName("A fleet of two instances scraped by a real Prometheus")
class PrometheusFleetTest {

    static final String TOKEN = "fleet-scrape-token-0123456789";
    static final String RULES = "dev/faultline/micrometer/prometheus/faultline-rules.yml";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    static Path prometheus() {
        for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = "prometheus not found: install Debian's package 'prometheus' (apt-get install prometheus)";
        if ("1".equals(System.getenv("FAULTLINE_CI"))) {
            fail(message + "; FAULTLINE_CI=1 requires it");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static Main.Server instance() throws Exception {
        return Main.start("127.0.0.1", 0, Faultline.builder().settings(name -> null)
                .environment(Environment.PRODUCTION)
                .monitoring(m -> m.token(TOKEN)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("the sums across both instances come back from PromQL, and the fleet-wide alert fires")
    void fleet() throws Exception {
        Path binary = prometheus();
        try (Main.Server a = instance(); Main.Server b = instance()) {
            String targetA = "127.0.0.1:" + a.port();
            String targetB = "127.0.0.1:" + b.port();
            int port = freePort();
            writeConfig(targetA, targetB);
            Process prometheus = new ProcessBuilder(binary.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port);
                await("Prometheus ready", () -> status(api.resolve("/-/ready")) == 200 ? Optional.of(true) : Optional.empty());
                await("both targets up", () -> {
                    Map<String, String> health = targets(api);
                    return health.equals(Map.of(targetA, "up", targetB, "up")) ? Optional.of(health) : Optional.empty();
                });

                // known traffic: 7 requests to one instance, 5 to the other
                traffic(a, 5, 2);
                traffic(b, 3, 2);

                await("12 requests across the fleet", () -> scalar(api, "sum(faultline_requests_seconds_count{job=\"videos\"})")
                        .filter(v -> v == 12.0));
                assertEquals(Map.of(targetA, 7.0, targetB, 5.0),
                        vector(api, "sum by (instance) (faultline_requests_seconds_count{job=\"videos\"})", "instance"));
                assertEquals(Map.of("CLIENT_ERROR", 8.0, "SERVER_ERROR", 4.0),
                        vector(api, "sum by (outcome) (faultline_requests_seconds_count{job=\"videos\"})", "outcome"));
                assertEquals(Optional.of(4.0), scalar(api,
                        "sum(faultline_errors_total{job=\"videos\",type=\"database\",endpoint=\"/videos/{id}\"})"));
                assertEquals(Optional.of(12.0), scalar(api,
                        "sum(faultline_requests_seconds_bucket{job=\"videos\",le=\"+Inf\"})"),
                        "the latency histograms add up across instances");

                // one alert for the fleet, whose value is the sum: 2 database errors on each instance
                JsonNode alert = await("FaultlineCriticalErrors firing for 4 errors", () -> firing(api, "FaultlineCriticalErrors")
                        .filter(x -> Double.parseDouble(x.path("value").asText()) == 4.0));
                assertEquals("database", alert.path("labels").path("type").asText(), alert.toString());
                assertEquals("/videos/{id}", alert.path("labels").path("endpoint").asText(), alert.toString());
                assertEquals("critical", alert.path("labels").path("severity").asText(), alert.toString());
                assertEquals(0.999, await("the objective recorded for the job",
                        () -> scalar(api, "faultline:objective:ratio{job=\"videos\"}")), "the burn-rate rules are loaded");
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\nprometheus log:\n" + log(), e);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("with native histograms on, Prometheus scrapes the protobuf format and reads the latency as a native histogram")
    void nativeHistograms() throws Exception {
        Path binary = prometheus();
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        try (Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .monitoring(m -> m.token(TOKEN).resource(dev.faultline.micrometer.PrometheusScrape.create(registry)))
                .build();
                dev.faultline.micrometer.FaultlineMetrics metrics = dev.faultline.micrometer.FaultlineMetrics
                        .builder(faultline).nativeHistograms(true).build()) {
            metrics.bindTo(registry);
            io.undertow.Undertow server = io.undertow.Undertow.builder().addHttpListener(0, "127.0.0.1")
                    .setHandler(dev.faultline.undertow.FaultlineHandler.create(faultline, io.undertow.Handlers.routing()
                            .get("/ping", x -> x.getResponseSender().send("pong"))))
                    .build();
            server.start();
            try {
                String target = "127.0.0.1:" + ((java.net.InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
                int port = freePort();
                Files.writeString(dir.resolve("prometheus.yml"), """
                        global:
                          scrape_interval: 1s
                          scrape_timeout: 1s
                        scrape_configs:
                          - job_name: native
                            metrics_path: /metrics/prometheus
                            authorization:
                              credentials: %s
                            static_configs:
                              - targets: ['%s']
                        """.formatted(TOKEN, target));
                Process prometheus = new ProcessBuilder(binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--enable-feature=native-histograms",
                        "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
                try {
                    URI api = URI.create("http://127.0.0.1:" + port);
                    URI base = URI.create("http://" + target);
                    await("Prometheus ready", () -> status(api.resolve("/-/ready")) == 200 ? Optional.of(true) : Optional.empty());
                    for (int i = 0; i < 7; i++) {
                        assertEquals(200, status(base.resolve("/ping")));
                    }
                    double count = await("the native histogram of 7 requests", () -> scalar(api,
                            "histogram_count(sum(faultline_requests_latency_seconds{job=\"native\"}))").filter(v -> v == 7.0));
                    assertEquals(7.0, count);
                    assertEquals(Optional.of(7.0), scalar(api, "sum(faultline_requests_seconds_count{job=\"native\"})"),
                            "the timer's count, which the rules read, is there too");
                    assertEquals(Optional.empty(), scalar(api, "count(faultline_requests_seconds_bucket{job=\"native\"})"),
                            "no classic buckets");
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(e.getMessage() + "\nprometheus log:\n" + log(), e);
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } finally {
                server.stop();
            }
        }
    }

    /** {@code notFound} requests for a video that does not exist (404), {@code database} with a real SQLException (503). */
    void traffic(Main.Server server, int notFound, int database) throws Exception {
        for (int i = 0; i < notFound; i++) {
            assertEquals(404, status(server.uri().resolve("/videos/nope")));
        }
        for (int i = 0; i < database; i++) {
            assertEquals(503, status(server.uri().resolve("/videos/nope?fail=database")));
        }
    }

    void writeConfig(String targetA, String targetB) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RULES)) {
            assertTrue(in != null, RULES + " is on the class path (faultline-micrometer)");
            Files.copy(in, dir.resolve("faultline-rules.yml"));
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - faultline-rules.yml
                scrape_configs:
                  - job_name: videos
                    metrics_path: /metrics/prometheus
                    authorization:
                      credentials: %s
                    static_configs:
                      - targets: ['%s', '%s']
                """.formatted(TOKEN, targetA, targetB));
    }

    int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), uri + ": " + r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("success", body.path("status").asText(), r.body());
            return body.path("data");
        } catch (IOException e) {
            throw new IllegalStateException(uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Scrape URL's host:port to the target's health, from {@code /api/v1/targets}. */
    Map<String, String> targets(URI api) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode t : getJson(api.resolve("/api/v1/targets?state=active")).path("activeTargets")) {
            out.put(t.path("labels").path("instance").asText(), t.path("health").asText());
        }
        return out;
    }

    JsonNode query(URI api, String promql) {
        return getJson(api.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .path("result");
    }

    /** The value of a query whose result is one series without labels, if there is one. */
    Optional<Double> scalar(URI api, String promql) {
        JsonNode result = query(api, promql);
        if (result.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** The values of a query's series by one label. */
    Map<String, Double> vector(URI api, String promql, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode s : query(api, promql)) {
            out.put(s.path("metric").path(label).asText(), Double.parseDouble(s.path("value").get(1).asText()));
        }
        return out;
    }

    /** The firing alert of that name, from {@code /api/v1/alerts}, if any. */
    Optional<JsonNode> firing(URI api, String name) {
        for (JsonNode alert : getJson(api.resolve("/api/v1/alerts")).path("alerts")) {
            if (name.equals(alert.path("labels").path("alertname").asText()) && "firing".equals(alert.path("state").asText())) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    /** Polls {@code check} every 250 ms until it has a value, for at most {@link #WAIT}. */
    static <T> T await(String what, Supplier<Optional<T>> check) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> v = check.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(250);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
