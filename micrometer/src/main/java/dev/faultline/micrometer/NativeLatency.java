package dev.faultline.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The native-histogram option of {@link FaultlineMetrics}: a Prometheus client {@link Histogram}
 * (native buckets only) named {@value #NAME}, registered in the Prometheus registry behind a
 * {@code PrometheusMeterRegistry}, so that the registry's scrape carries it. Only loaded when the option
 * is on; on any other registry, or without Micrometer's Prometheus registry on the class path, there is
 * none (logged once per binding). Thread-safe.
 */
final class NativeLatency {

    /** The native histogram's Prometheus name. */
    static final String NAME = "faultline_requests_latency_seconds";

    private final PrometheusRegistry registry;
    private final Histogram histogram;

    private NativeLatency(PrometheusRegistry registry, Histogram histogram) {
        this.registry = registry;
        this.histogram = histogram;
    }

    /** The native histogram in {@code meters}' Prometheus registry, or {@code null} if it has none. */
    static @Nullable NativeLatency register(MeterRegistry meters, Tags tags) {
        try {
            if (meters instanceof PrometheusMeterRegistry p) {
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (Tag t : tags) {
                    names.add(t.getKey().replaceAll("[^a-zA-Z0-9_]", "_"));
                    values.add(t.getValue());
                }
                Histogram h = Histogram.builder()
                        .name(NAME)
                        .help("Exchanges Faultline recorded, by method, endpoint and outcome: latency in seconds")
                        .constLabels(Labels.of(names, values))
                        .labelNames("method", "endpoint", "outcome")
                        .nativeOnly()
                        .build();
                p.getPrometheusRegistry().register(h);
                return new NativeLatency(p.getPrometheusRegistry(), h);
            }
        } catch (LinkageError e) {
            // Micrometer's Prometheus registry is not on the class path: the registry cannot be one
        }
        LoggerFactory.getLogger(FaultlineMetrics.class).warn(
                "native histograms need Micrometer's PrometheusMeterRegistry; {} gets the timer without buckets",
                meters.getClass().getName());
        return null;
    }

    void record(String method, String endpoint, Outcome outcome, long nanos) {
        histogram.labelValues(method, endpoint, outcome.name()).observe(nanos / 1e9);
    }

    void unregister() {
        registry.unregister(histogram);
    }
}
