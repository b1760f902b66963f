package dev.faultline.micrometer;

import dev.faultline.http.HttpReply;
import dev.faultline.monitoring.MonitoringResource;
import dev.faultline.http.RequestView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Serves a {@link PrometheusMeterRegistry} for Prometheus to scrape, as one of Faultline's monitoring
 * endpoints ({@value #DEFAULT_PATH} by default): behind the same base path and access guard as
 * {@code /metrics/errors}, so a token configured with {@code monitoring(m -> m.token(...))} protects it
 * too, and Prometheus sends it with {@code authorization: {credentials: ...}} in its scrape config.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Faultline faultline = Faultline.builder()
 *         .monitoring(m -> m.token(System.getenv("METRICS_TOKEN")).resource(PrometheusScrape.create(registry)))
 *         .build();
 * FaultlineMetrics.create(faultline).bindTo(registry);
 * }</pre>
 *
 * <p>The format follows the request's {@code Accept} header: the Prometheus protobuf format
 * ({@value #PROTOBUF}) when the client offers it at least as strongly as OpenMetrics (Prometheus does
 * with native histograms turned on; it is the only format that carries them, see
 * {@link FaultlineMetrics.Builder#nativeHistograms(boolean)}), else OpenMetrics 1.0 ({@value #OPENMETRICS})
 * when the client accepts {@code application/openmetrics-text}, as Prometheus does, else the
 * Prometheus text format ({@value #TEXT}). Only GET and HEAD are answered
 * (the monitoring endpoints refuse other methods). Needs {@code io.micrometer:micrometer-registry-prometheus}
 * on the class path, which faultline-micrometer does not bring by itself. Thread-safe.
 */
public final class PrometheusScrape implements MonitoringResource {

    /** The path answered unless told otherwise. */
    public static final String DEFAULT_PATH = "/metrics/prometheus";
    /** The Prometheus text format's content type. */
    public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The OpenMetrics text format's content type. */
    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** The Prometheus protobuf format's content type (the one that carries native histograms). */
    public static final String PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private final PrometheusMeterRegistry registry;
    private final String path;

    private PrometheusScrape(PrometheusMeterRegistry registry, String path) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Serves {@code registry} at {@value #DEFAULT_PATH}.
     *
     * @param registry the registry to scrape
     * @return the resource, to register with {@code MonitoringConfig.Builder.resource}
     */
    public static PrometheusScrape create(PrometheusMeterRegistry registry) {
        return new PrometheusScrape(registry, DEFAULT_PATH);
    }

    /**
     * Serves {@code registry} at {@code path}, relative to the monitoring base and under {@code /metrics/}
     * (checked when registered with {@code MonitoringConfig.Builder.resource}).
     *
     * @param registry the registry to scrape
     * @param path where to serve it
     * @return the resource, to register with {@code MonitoringConfig.Builder.resource}
     */
    public static PrometheusScrape create(PrometheusMeterRegistry registry, String path) {
        return new PrometheusScrape(registry, path);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public HttpReply serve(String relativePath, RequestView request) {
        String contentType = contentType(request.header("Accept"));
        byte[] body;
        if (contentType.equals(PROTOBUF)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
            try {
                registry.scrape(out, contentType);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not throw
            }
            body = out.toByteArray();
        } else {
            body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
        }
        return HttpReply.of(200, List.of(Map.entry("Content-Type", contentType), Map.entry("Cache-Control", "no-store")),
                body);
    }

    /**
     * The format for an {@code Accept} header: protobuf when it is offered (with
     * {@code proto=io.prometheus.client.MetricFamily} and {@code encoding=delimited}) at least as
     * strongly as OpenMetrics, else OpenMetrics when it is accepted, else the text format.
     */
    static String contentType(@Nullable String accept) {
        if (accept == null) {
            return TEXT;
        }
        double openMetrics = -1;
        double protobuf = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean om = type.equals("application/openmetrics-text");
            boolean pb = type.equals("application/vnd.google.protobuf");
            if (!om && !pb) {
                continue;
            }
            double q = 1;
            boolean metricFamily = false;
            boolean delimited = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                if (p.startsWith("q=")) {
                    q = weight(p.substring(2).trim());
                } else if (p.equals("proto=io.prometheus.client.metricfamily")) {
                    metricFamily = true;
                } else if (p.equals("encoding=delimited")) {
                    delimited = true;
                }
            }
            if (q <= 0) {
                continue;
            }
            if (om) {
                openMetrics = Math.max(openMetrics, q);
            } else if (metricFamily && delimited) {
                protobuf = Math.max(protobuf, q);
            }
        }
        if (protobuf > 0 && protobuf >= openMetrics) {
            return PROTOBUF;
        }
        return openMetrics > 0 ? OPENMETRICS : TEXT;
    }

    private static double weight(String q) {
        try {
            return Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 1; // a malformed weight does not refuse
        }
    }

    @Override
    public String toString() {
        return "PrometheusScrape[" + path + "]";
    }
}
