package dev.faultline.examples;

import dev.faultline.Faultline;
import dev.faultline.micrometer.FaultlineMetrics;
import dev.faultline.micrometer.PrometheusScrape;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Consumer;

/**
 * One Prometheus registry per running app: Faultline's meters ({@link FaultlineMetrics}) and a few
 * cheap JVM ones (memory, threads, classes, CPU, uptime; none of them holds listeners that would
 * outlive the app), served at {@link PrometheusScrape#DEFAULT_PATH}. Only loaded when
 * {@link Metrics#available} said so.
 */
final class PrometheusMetrics {

    private PrometheusMetrics() {
    }

    static Consumer<Faultline> install(Faultline.Builder faultline) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        faultline.monitoring(m -> m.resource(PrometheusScrape.create(registry)));
        return built -> FaultlineMetrics.create(built).bindTo(registry);
    }
}
