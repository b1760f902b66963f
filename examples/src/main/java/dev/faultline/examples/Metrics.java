package dev.faultline.examples;

import dev.faultline.Faultline;
import java.util.function.Consumer;

/**
 * The app's Prometheus endpoint, {@code GET /metrics/prometheus}, when faultline-micrometer and
 * Micrometer's Prometheus registry are on the class path (they are in this build; an app built
 * without them runs the same, without that endpoint). The classes are looked up by name, and the code
 * that uses them ({@link PrometheusMetrics}) is only loaded when they are there.
 */
final class Metrics {

    /** Faultline's Micrometer binder. */
    static final String BINDER = "dev.faultline.micrometer.FaultlineMetrics";
    /** Micrometer's Prometheus registry. */
    static final String REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    private Metrics() {
    }

    /** Whether both the binder and the Prometheus registry can be loaded by {@code loader}. */
    static boolean available(ClassLoader loader) {
        try {
            Class.forName(BINDER, false, loader);
            Class.forName(REGISTRY, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Registers {@code /metrics/prometheus} among the monitoring endpoints of {@code faultline} (behind
     * the same guard) and returns what binds Faultline's meters once it is built; without the classes,
     * registers nothing and returns a no-op.
     */
    static Consumer<Faultline> install(Faultline.Builder faultline) {
        return install(faultline, Metrics.class.getClassLoader());
    }

    static Consumer<Faultline> install(Faultline.Builder faultline, ClassLoader loader) {
        if (!available(loader)) {
            return built -> { };
        }
        return PrometheusMetrics.install(faultline);
    }
}
