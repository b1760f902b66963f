package dev.faultline.micrometer;

import dev.faultline.Faultline;
import dev.faultline.FaultlineListener;
import dev.faultline.alert.AlertStats;
import dev.faultline.error.Classification;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.health.HealthChecks;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport;
import dev.faultline.health.HealthStatus;
import dev.faultline.recovery.RecoveryOutcome;
import dev.faultline.security.AttackCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Faultline's figures as Micrometer meters, so that Prometheus (or any Micrometer backend) can
 * aggregate them across many instances:
 *
 * <pre>{@code
 * Faultline faultline = Faultline.create();
 * FaultlineMetrics.create(faultline).bindTo(registry);      // any MeterRegistry
 * }</pre>
 *
 * <table>
 *   <caption>Meters (Prometheus names in parentheses)</caption>
 *   <tr><th>meter</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #REQUESTS} ({@code faultline_requests_seconds_*})</td><td>timer, percentile
 *       histogram</td><td>{@code method, endpoint, status, outcome, error}</td><td>every exchange Faultline
 *       recorded (not the monitoring endpoints' own)</td></tr>
 *   <tr><td>{@value #ERRORS} ({@code faultline_errors_total})</td><td>counter</td><td>{@code type,
 *       severity, endpoint}</td><td>classified errors</td></tr>
 *   <tr><td>{@value #RECOVERY} ({@code faultline_recovery_total})</td><td>counter</td><td>{@code
 *       outcome, type}</td><td>recovery attempts: {@code recovered, degraded, not_recovered}</td></tr>
 *   <tr><td>{@value #RECOVERY_SHED} ({@code faultline_recovery_shed_total})</td><td>function
 *       counter</td><td></td><td>requests refused by route shedding</td></tr>
 *   <tr><td>{@value #SECURITY_FINDINGS} ({@code faultline_security_findings_total})</td><td>function
 *       counter</td><td>{@code category}</td><td>security findings (rate limit included)</td></tr>
 *   <tr><td>{@value #SECURITY_BLOCKED} ({@code faultline_security_blocked_total})</td><td>function
 *       counter</td><td></td><td>requests refused by the security monitor</td></tr>
 *   <tr><td>{@value #ALERTS_FIRED} ({@code faultline_alerts_fired_total})</td><td>function
 *       counter</td><td></td><td>alerts the in-process rules fired</td></tr>
 *   <tr><td>{@value #ALERT_DELIVERIES} ({@code faultline_alerts_deliveries_total})</td><td>function
 *       counter</td><td>{@code outcome}</td><td>alert deliveries that ended {@code delivered, failed,
 *       dropped}</td></tr>
 *   <tr><td>{@value #HEALTH} ({@code faultline_health})</td><td>gauge</td><td></td><td>readiness: 1 up,
 *       0.5 degraded, 0 down</td></tr>
 *   <tr><td>{@value #HEALTH_CHECK} ({@code faultline_health_check})</td><td>gauge</td><td>{@code
 *       check}</td><td>each health check: 1 up, 0.5 degraded, 0 down</td></tr>
 * </table>
 *
 * <p><b>Cardinality</b> is Faultline's own: {@code endpoint} is the endpoint the performance monitor
 * counts, and beyond {@link dev.faultline.metrics.PerformanceConfig#maxEndpoints() maxEndpoints} method
 * and endpoint pairs every request is tagged {@code method="*", endpoint="_other"} (see
 * {@link FaultlineListener}); types, severities, outcomes, categories and checks are fixed sets. So a
 * client sending random paths or methods cannot grow the registry.
 *
 * <p><b>Latency histogram.</b> {@value #REQUESTS} publishes a percentile histogram (buckets from
 * {@link #MIN_EXPECTED} to {@link #MAX_EXPECTED}, plus one at Faultline's slow-request threshold), so
 * that percentiles aggregate across instances ({@code histogram_quantile} over the summed buckets);
 * change it with a {@link io.micrometer.core.instrument.config.MeterFilter} as for any meter.
 *
 * <p><b>How figures arrive.</b> Requests, errors and recovery are counted as they happen, through a
 * {@link FaultlineListener} this binder registers with the Faultline ({@link #close()} removes it).
 * Security, shedding and alert counts are read when the registry is read, from the counters Faultline
 * keeps anyway (so Micrometer and {@code /metrics/performance} always agree). Health gauges evaluate
 * the readiness and liveness probes when read; Faultline caches their result for its health cache TTL
 * (1 s by default) and single-flights evaluations, so one scrape runs each check at most once, within
 * its timeout.
 *
 * <p>Each {@link #bindTo} registers into one more registry (prefer one
 * {@link io.micrometer.core.instrument.composite.CompositeMeterRegistry}). Thread-safe.
 */
public final class FaultlineMetrics implements MeterBinder, AutoCloseable {

    /** The timer of exchanges. */
    public static final String REQUESTS = "faultline.requests";
    /** The counter of classified errors. */
    public static final String ERRORS = "faultline.errors";
    /** The counter of recovery attempts, by outcome. */
    public static final String RECOVERY = "faultline.recovery";
    /** The counter of requests refused by route shedding. */
    public static final String RECOVERY_SHED = "faultline.recovery.shed";
    /** The counter of security findings, by category. */
    public static final String SECURITY_FINDINGS = "faultline.security.findings";
    /** The counter of requests the security monitor refused. */
    public static final String SECURITY_BLOCKED = "faultline.security.blocked";
    /** The counter of alerts fired by the in-process rules. */
    public static final String ALERTS_FIRED = "faultline.alerts.fired";
    /** The counter of finished alert deliveries, by outcome. */
    public static final String ALERT_DELIVERIES = "faultline.alerts.deliveries";
    /** The overall readiness gauge. */
    public static final String HEALTH = "faultline.health";
    /** The gauge of each health check. */
    public static final String HEALTH_CHECK = "faultline.health.check";

    /** The tag value of {@code error} on requests that did not fail. */
    public static final String NO_ERROR = "none";
    /** The smallest latency the percentile histogram resolves: 1 ms. */
    public static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    /** The largest latency the percentile histogram resolves: 30 s. */
    public static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    private static final String[] STATUS = new String[600];

    static {
        for (int i = 0; i < STATUS.length; i++) {
            STATUS[i] = Integer.toString(i);
        }
    }

    private final Faultline faultline;
    private final Tags tags;
    private final List<Binding> bindings = new ArrayList<>();

    private FaultlineMetrics(Faultline faultline, Iterable<Tag> tags) {
        this.faultline = Objects.requireNonNull(faultline, "faultline");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * A binder for {@code faultline}'s figures.
     *
     * @param faultline the Faultline whose figures to bind
     * @return the binder, to bind to a {@code MeterRegistry}
     */
    public static FaultlineMetrics create(Faultline faultline) {
        return new FaultlineMetrics(faultline, Tags.empty());
    }

    /**
     * A binder for {@code faultline}'s figures, with {@code tags} on every meter (e.g. {@code application}).
     *
     * @param faultline the Faultline whose figures to bind
     * @param tags the tags to add to every meter
     * @return the binder, to bind to a {@code MeterRegistry}
     */
    public static FaultlineMetrics create(Faultline faultline, Iterable<Tag> tags) {
        return new FaultlineMetrics(faultline, tags);
    }

    /**
     * Registers the meters in {@code registry} and starts counting requests, errors and recovery
     * attempts into it.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Binding b = new Binding(registry);
        synchronized (bindings) {
            bindings.add(b);
        }
        b.registerPolled();
        faultline.addListener(b);
    }

    /**
     * Stops counting: unregisters the listener from the Faultline and removes this binder's meters from
     * every registry it was bound to. Idempotent.
     */
    @Override
    public void close() {
        List<Binding> all;
        synchronized (bindings) {
            all = List.copyOf(bindings);
            bindings.clear();
        }
        for (Binding b : all) {
            faultline.removeListener(b);
            b.removeMeters();
        }
    }

    static String status(int status) {
        return status >= 0 && status < STATUS.length ? STATUS[status] : Integer.toString(status);
    }

    /** The value of a health status on the gauges: 1 up, 0.5 degraded, 0 down. */
    static double value(@Nullable HealthStatus status) {
        if (status == null) {
            return Double.NaN;
        }
        return switch (status) {
            case UP -> 1.0;
            case DEGRADED -> 0.5;
            case DOWN -> 0.0;
        };
    }

    private record RequestKey(String method, String endpoint, int status, @Nullable ErrorType error) {
    }

    private record ErrorKey(ErrorType type, ErrorSeverity severity, String endpoint) {
    }

    private record RecoveryKey(RecoveryOutcome outcome, ErrorType type) {
    }

    /** The meters of one registry, and the listener that feeds them. */
    private final class Binding implements FaultlineListener {
        private final MeterRegistry registry;
        private final Duration slo;
        private final ConcurrentHashMap<RequestKey, Timer> timers = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<ErrorKey, Counter> errors = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<RecoveryKey, Counter> recoveries = new ConcurrentHashMap<>();
        private final Set<Meter> polled = ConcurrentHashMap.newKeySet();

        Binding(MeterRegistry registry) {
            this.registry = registry;
            this.slo = faultline.performance().config().slowRequestThreshold();
        }

        @Override
        public void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
                RecoveryOutcome recovery, long durationNanos) {
            ErrorType type = error != null ? error.type() : null;
            timers.computeIfAbsent(new RequestKey(method, endpoint, status, type), this::timer)
                    .record(durationNanos, TimeUnit.NANOSECONDS);
            if (error != null) {
                errors.computeIfAbsent(new ErrorKey(error.type(), error.severity(), endpoint), this::errorCounter)
                        .increment();
                if (recovery != RecoveryOutcome.NONE) {
                    recoveries.computeIfAbsent(new RecoveryKey(recovery, error.type()), this::recoveryCounter)
                            .increment();
                }
            }
        }

        private Timer timer(RequestKey k) {
            return Timer.builder(REQUESTS)
                    .description("Exchanges Faultline recorded, by method, endpoint, status, outcome and error type")
                    .tags(tags)
                    .tag("method", k.method())
                    .tag("endpoint", k.endpoint())
                    .tag("status", status(k.status()))
                    .tag("outcome", Outcome.forStatus(k.status()).name())
                    .tag("error", k.error() == null ? NO_ERROR : k.error().label())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(MIN_EXPECTED)
                    .maximumExpectedValue(MAX_EXPECTED.compareTo(slo) >= 0 ? MAX_EXPECTED : slo)
                    .serviceLevelObjectives(slo)
                    .register(registry);
        }

        private Counter errorCounter(ErrorKey k) {
            return Counter.builder(ERRORS)
                    .description("Errors Faultline classified, by type, severity and endpoint")
                    .tags(tags)
                    .tag("type", k.type().label())
                    .tag("severity", k.severity().label())
                    .tag("endpoint", k.endpoint())
                    .register(registry);
        }

        private Counter recoveryCounter(RecoveryKey k) {
            return Counter.builder(RECOVERY)
                    .description("Recovery attempts, by outcome and error type")
                    .tags(tags)
                    .tag("outcome", k.outcome().label())
                    .tag("type", k.type().label())
                    .register(registry);
        }

        /** The meters read from Faultline's own counters when the registry is read. */
        void registerPolled() {
            for (AttackCategory c : AttackCategory.values()) {
                polled.add(FunctionCounter.builder(SECURITY_FINDINGS, faultline.security(), s -> s.findings(c))
                        .description("Security findings, by category (rate limit included)")
                        .tags(tags).tag("category", c.id()).register(registry));
            }
            polled.add(FunctionCounter.builder(SECURITY_BLOCKED, faultline.security(),
                            s -> number(s.stats().get("blocked_requests")))
                    .description("Requests the security monitor refused (403 or 429)")
                    .tags(tags).register(registry));
            polled.add(FunctionCounter.builder(RECOVERY_SHED, faultline.recovery(),
                            r -> number(r.stats().get("shed_requests")))
                    .description("Requests refused by route shedding without calling the application")
                    .tags(tags).register(registry));
            polled.add(FunctionCounter.builder(ALERTS_FIRED, faultline.alerting(), a -> a.stats().fired())
                    .description("Alerts fired by the in-process rules (resolved notifications included)")
                    .tags(tags).register(registry));
            delivery("delivered", AlertStats::delivered);
            delivery("failed", AlertStats::failed);
            delivery("dropped", AlertStats::dropped);
            HealthChecks health = faultline.health();
            polled.add(Gauge.builder(HEALTH, health, h -> value(h.readiness().status()))
                    .description("Readiness as /health reports it: 1 up, 0.5 degraded, 0 down")
                    .tags(tags).strongReference(true).register(registry));
            Set<String> readiness = new LinkedHashSet<>(health.names(HealthProbe.READINESS));
            for (String name : readiness) {
                check(health, HealthProbe.READINESS, name);
            }
            for (String name : health.names(HealthProbe.LIVENESS)) {
                if (!readiness.contains(name)) {
                    check(health, HealthProbe.LIVENESS, name);
                }
            }
        }

        private void delivery(String outcome, ToDoubleFunction<AlertStats> value) {
            polled.add(FunctionCounter.builder(ALERT_DELIVERIES, faultline.alerting(), a -> value.applyAsDouble(a.stats()))
                    .description("Alert deliveries per channel that ended delivered, failed or dropped")
                    .tags(tags).tag("outcome", outcome).register(registry));
        }

        private void check(HealthChecks health, HealthProbe probe, String name) {
            polled.add(Gauge.builder(HEALTH_CHECK, health, h -> {
                        HealthReport.CheckResult r = h.evaluate(probe).checks().get(name);
                        return value(r == null ? null : r.status());
                    })
                    .description("A health check: 1 up, 0.5 degraded, 0 down")
                    .tags(tags).tag("check", name).strongReference(true).register(registry));
        }

        void removeMeters() {
            List<Meter> all = new ArrayList<>(polled);
            all.addAll(timers.values());
            all.addAll(errors.values());
            all.addAll(recoveries.values());
            for (Meter m : all) {
                registry.remove(m);
            }
        }
    }

    private static double number(@Nullable Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public String toString() {
        return "FaultlineMetrics[" + faultline.environment() + ", tags=" + tags + "]";
    }
}
