package dev.faultline.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.undertow.FaultlineHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PrometheusScrape: /metrics/prometheus on a real server, behind the monitoring guard")
class PrometheusScrapeTest {

    static final String TOKEN = "scrape-token-0123456789";

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpClient http = HttpClient.newHttpClient();
    Faultline faultline;
    FaultlineMetrics metrics;
    Undertow server;
    URI base;

    @BeforeEach
    void start() {
        faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .security(s -> s.rateLimit(false))
                .monitoring(m -> m.token(TOKEN).resource(PrometheusScrape.create(registry)))
                .build();
        metrics = FaultlineMetrics.create(faultline);
        metrics.bindTo(registry);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(FaultlineHandler.create(faultline, Handlers.routing()
                        .get("/videos/{id}", new BlockingHandler(x -> {
                            if (x.getQueryParameters().containsKey("fail")) {
                                throw new java.sql.SQLException("down");
                            }
                            x.getResponseSender().send("{}");
                        }))))
                .build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        base = URI.create("http://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() {
        server.stop();
        metrics.close();
        faultline.close();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)").matcher(scrape);
        assertTrue(m.find(), () -> series + " not in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    @Test
    @DisplayName("serves the Prometheus text format with Faultline's meters, counting real requests")
    void text() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/videos/" + i).statusCode());
        }
        assertEquals(503, get("/videos/9?fail=1").statusCode());

        HttpResponse<String> r = get("/metrics/prometheus", "Authorization", "Bearer " + TOKEN);

        assertEquals(200, r.statusCode());
        assertEquals(PrometheusScrape.TEXT, r.headers().firstValue("Content-Type").orElseThrow());
        String body = r.body();
        assertEquals(3.0, sample(body, "faultline_requests_seconds_count{endpoint=\"/videos/{id}\","
                + "method=\"GET\",outcome=\"SUCCESS\"}"));
        assertEquals(1.0, sample(body, "faultline_requests_seconds_count{endpoint=\"/videos/{id}\","
                + "method=\"GET\",outcome=\"SERVER_ERROR\"}"));
        assertEquals(1.0, sample(body, "faultline_errors_total{endpoint=\"/videos/{id}\",severity=\"critical\",type=\"database\"}"));
        assertEquals(3.0, sample(body, "faultline_requests_seconds_bucket{endpoint=\"/videos/{id}\","
                + "method=\"GET\",outcome=\"SUCCESS\",le=\"+Inf\"}"));
        assertTrue(body.contains("faultline_requests_seconds_bucket{endpoint=\"/videos/{id}\",method=\"GET\","
                + "outcome=\"SUCCESS\",le=\"1.0\"}"), "a bucket at the slow threshold (1 s)");
        assertEquals(6, count(body, "faultline_requests_seconds_bucket{endpoint=\"/videos/{id}\",method=\"GET\",outcome=\"SUCCESS\""),
                "5 buckets around the objective and +Inf");
        assertEquals(0.0, sample(body, "faultline_alerts_deliveries_total{outcome=\"failed\"}"));
        assertEquals(1.0, sample(body, "faultline_health"));
        assertTrue(body.contains("# TYPE faultline_security_findings_total counter"), body);
        assertEquals(0, count(body, "/metrics/prometheus"), "the scrape does not measure itself");
    }

    @Test
    @DisplayName("answers OpenMetrics to a client that accepts it, as Prometheus does")
    void openMetrics() throws Exception {
        get("/videos/1");
        HttpResponse<String> r = get("/metrics/prometheus", "Authorization", "Bearer " + TOKEN, "Accept",
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertEquals(200, r.statusCode());
        assertEquals(PrometheusScrape.OPENMETRICS, r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().endsWith("# EOF\n"), r.body());
    }

    @Test
    @DisplayName("without the token: the monitoring guard's 401 problem, and no figures")
    void guarded() throws Exception {
        HttpResponse<String> r = get("/metrics/prometheus");

        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertTrue(!r.body().contains("faultline_requests"), r.body());
    }

    @Test
    @DisplayName("HEAD answers without a body; other methods get the 405 problem")
    void methods() throws Exception {
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(base.resolve("/metrics/prometheus"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/metrics/prometheus"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    @DisplayName("content negotiation: OpenMetrics only when accepted with a weight above zero")
    void negotiation() {
        assertEquals(PrometheusScrape.TEXT, PrometheusScrape.contentType(null));
        String protobuf = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
        assertEquals(PrometheusScrape.PROTOBUF, PrometheusScrape.contentType(protobuf + ";q=0.6,"
                + "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"));
        assertEquals(PrometheusScrape.OPENMETRICS, PrometheusScrape.contentType(protobuf + ";q=0.4,"
                + "application/openmetrics-text;version=1.0.0;q=0.5"));
        assertEquals(PrometheusScrape.TEXT, PrometheusScrape.contentType("application/vnd.google.protobuf,text/plain"),
                "protobuf only as the MetricFamily, delimited");
        assertEquals(PrometheusScrape.TEXT, PrometheusScrape.contentType("text/plain"));
        assertEquals(PrometheusScrape.TEXT, PrometheusScrape.contentType("*/*"));
        assertEquals(PrometheusScrape.TEXT, PrometheusScrape.contentType("application/openmetrics-text;q=0, text/plain"));
        assertEquals(PrometheusScrape.OPENMETRICS, PrometheusScrape.contentType("Application/OpenMetrics-Text; version=1.0.0"));
        assertEquals(PrometheusScrape.OPENMETRICS, PrometheusScrape.contentType("text/plain;q=0.5, application/openmetrics-text;q=x"));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("native histograms: one native histogram per label set, served as protobuf to Prometheus, no classic buckets")
    void nativeHistograms() throws Exception {
        metrics.close();
        metrics = FaultlineMetrics.builder(faultline).nativeHistograms(true).build();
        metrics.bindTo(registry);
        for (int i = 0; i < 5; i++) {
            get("/videos/" + i);
        }
        // Undertow closes an exchange (and Faultline records it) in its completion listener, which may
        // run after the client has read the response: poll the registry until the fifth is in (5 s at most)
        long deadline = System.nanoTime() + 5_000_000_000L;
        io.prometheus.metrics.model.snapshots.HistogramSnapshot h = latency();
        while ((h == null || h.getDataPoints().size() != 1 || h.getDataPoints().get(0).getCount() < 5)
                && System.nanoTime() < deadline) {
            Thread.yield();
            h = latency();
        }
        assertTrue(h != null, "the native histogram is in the Prometheus registry");
        assertEquals(1, h.getDataPoints().size());
        io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot point = h.getDataPoints().get(0);
        assertEquals(5, point.getCount());
        assertTrue(point.hasNativeHistogramData(), "native buckets");
        assertTrue(!point.hasClassicHistogramData(), "no classic buckets");
        assertEquals("/videos/{id}", point.getLabels().get("endpoint"));

        String text = get("/metrics/prometheus", "Authorization", "Bearer " + TOKEN).body();
        assertEquals(5.0, sample(text, "faultline_requests_seconds_count{endpoint=\"/videos/{id}\",method=\"GET\",outcome=\"SUCCESS\"}"),
                "the timer keeps the counts the rules read");
        assertEquals(0, count(text, "faultline_requests_seconds_bucket"), text);

        HttpResponse<byte[]> pb = http.send(HttpRequest.newBuilder(base.resolve("/metrics/prometheus"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                        + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;q=0.4")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pb.statusCode());
        assertEquals(PrometheusScrape.PROTOBUF, pb.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new String(pb.body(), StandardCharsets.ISO_8859_1).contains("faultline_requests_latency_seconds"));

        metrics.close();
        assertTrue(latency() == null, "close() unregisters it");
    }

    /** The native latency histogram as the Prometheus registry holds it now; null when it has none. */
    private io.prometheus.metrics.model.snapshots.@Nullable HistogramSnapshot latency() {
        for (io.prometheus.metrics.model.snapshots.MetricSnapshot m : registry.getPrometheusRegistry().scrape()) {
            if (m.getMetadata().getPrometheusName().equals("faultline_requests_latency_seconds")) {
                return (io.prometheus.metrics.model.snapshots.HistogramSnapshot) m;
            }
        }
        return null;
    }
}
