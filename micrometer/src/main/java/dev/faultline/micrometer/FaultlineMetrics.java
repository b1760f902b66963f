package dev.faultline.micrometer;

import dev.faultline.Faultline;
import dev.faultline.FaultlineListener;
import dev.faultline.alert.AlertStats;
import dev.faultline.error.Classification;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
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
 *   <tr><td>{@value #REQUESTS} ({@code faultline_requests_seconds_*})</td><td>timer, histogram of a few
 *       buckets</td><td>{@code method, endpoint, outcome}</td><td>every exchange Faultline recorded (not
 *       the monitoring endpoints' own)</td></tr>
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
 * <p><b>Series budget.</b> {@value #REQUESTS} carries only what latency is read by: {@code method},
 * {@code endpoint} and {@code outcome} (the status class, Micrometer's {@link Outcome}); the error type
 * is on {@value #ERRORS} only. Its histogram has a few buckets around the service's latency objective
 * (by default {@link #defaultLatencyBuckets(Duration) five}, from 10 % to 2.5 × Faultline's
 * slow-request threshold; {@link Builder#latencyBuckets(Duration...)} sets them), so that percentiles and
 * "share of requests under the objective" still aggregate across instances
 * ({@code histogram_quantile} over the summed buckets) at {@code 5 + 4} series per method, endpoint and
 * outcome. With {@code n} (method, endpoint) pairs and {@code b} buckets the meters of this binder
 * export at most {@link #seriesBound(int, int)} series, whatever the traffic. Users who run Prometheus
 * native histograms turn on {@link Builder#nativeHistograms(boolean)} instead.
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

    /**
     * The default latency buckets as multiples of the slow-request threshold (the latency objective):
     * 10 %, 25 %, 50 %, 100 % and 250 %.
     */
    static final double[] DEFAULT_BUCKET_FACTORS = {0.1, 0.25, 0.5, 1, 2.5};
    /** The most latency buckets {@link Builder#latencyBuckets(Duration...)} accepts: 30. */
    public static final int MAX_BUCKETS = 30;
    /** The values the {@code outcome} tag can take (Micrometer's {@link Outcome}): 6. */
    static final int OUTCOMES = Outcome.values().length;

    private final Faultline faultline;
    private final Tags tags;
    private final double[] bucketsNanos;
    private final boolean nativeHistograms;
    private final List<Binding> bindings = new ArrayList<>();

    private FaultlineMetrics(Builder b) {
        this.faultline = b.faultline;
        this.tags = b.tags;
        List<Duration> buckets = b.buckets != null ? b.buckets
                : defaultLatencyBuckets(faultline.performance().slowRequestThreshold());
        this.bucketsNanos = buckets.stream().mapToDouble(Duration::toNanos).sorted().distinct().toArray();
        this.nativeHistograms = b.nativeHistograms;
    }

    /**
     * A binder for {@code faultline}'s figures.
     *
     * @param faultline the Faultline whose figures to bind
     * @return the binder, to bind to a {@code MeterRegistry}
     */
    public static FaultlineMetrics create(Faultline faultline) {
        return builder(faultline).build();
    }

    /**
     * A binder for {@code faultline}'s figures, with {@code tags} on every meter (e.g. {@code application}).
     *
     * @param faultline the Faultline whose figures to bind
     * @param tags the tags to add to every meter
     * @return the binder, to bind to a {@code MeterRegistry}
     */
    public static FaultlineMetrics create(Faultline faultline, Iterable<Tag> tags) {
        return builder(faultline).tags(tags).build();
    }

    /**
     * A builder of a binder for {@code faultline}'s figures.
     *
     * @param faultline the Faultline whose figures to bind
     * @return a new builder
     */
    public static Builder builder(Faultline faultline) {
        return new Builder(Objects.requireNonNull(faultline, "faultline"));
    }

    /**
     * The default latency buckets for a latency objective: 10 %, 25 %, 50 %, 100 % and 250 % of it (for
     * Faultline's default slow-request threshold of 1 s: 100 ms, 250 ms, 500 ms, 1 s and 2.5 s; slower
     * requests fall in {@code +Inf}).
     *
     * @param objective the latency objective (the slow-request threshold by default)
     * @return the bucket bounds, ascending
     */
    public static List<Duration> defaultLatencyBuckets(Duration objective) {
        Objects.requireNonNull(objective, "objective");
        List<Duration> out = new ArrayList<>(DEFAULT_BUCKET_FACTORS.length);
        for (double f : DEFAULT_BUCKET_FACTORS) {
            out.add(Duration.ofNanos(Math.max(1, Math.round(objective.toNanos() * f))));
        }
        return List.copyOf(out);
    }

    /**
     * The most series this binder's meters export to Prometheus with {@code pairs} (method, endpoint)
     * pairs (at most {@code performance.maxEndpoints + 1}, see {@link FaultlineListener}) and
     * {@code buckets} latency buckets, whatever the traffic:
     * <pre>
     *   requests   pairs × 6 outcomes × (buckets + 4)      (buckets, +Inf, _count, _sum, _max)
     *   errors     pairs × 13 types × 4 severities
     *   recovery   4 recovery outcomes × 13 types
     *   polled     7 + 1 + 1 + 1 + 3 + 1 = 14, plus one per health check (not counted here)
     * </pre>
     * With native histograms the requests line is {@code pairs × 6 × 4} classic series (the native
     * histogram is one series per label set, {@code pairs × 6}).
     *
     * @param pairs the number of (method, endpoint) pairs
     * @param buckets the number of latency buckets
     * @return the most series exported
     */
    public static long seriesBound(int pairs, int buckets) {
        long requests = (long) pairs * OUTCOMES * (buckets + 4L);
        long errors = (long) pairs * ErrorType.values().length * ErrorSeverity.values().length;
        long recovery = (long) RecoveryOutcome.values().length * ErrorType.values().length;
        long polled = AttackCategory.values().length + 1 + 1 + 1 + 3 + 1;
        return requests + errors + recovery + polled;
    }

    /**
     * The latency buckets of {@value #REQUESTS}, in ascending order.
     *
     * @return the bucket bounds
     */
    public List<Duration> latencyBuckets() {
        List<Duration> out = new ArrayList<>(bucketsNanos.length);
        for (double n : bucketsNanos) {
            out.add(Duration.ofNanos((long) n));
        }
        return List.copyOf(out);
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

    private record RequestKey(String method, String endpoint, Outcome outcome) {
    }

    private record ErrorKey(ErrorType type, ErrorSeverity severity, String endpoint) {
    }

    private record RecoveryKey(RecoveryOutcome outcome, ErrorType type) {
    }

    /** The meters of one registry, and the listener that feeds them. */
    private final class Binding implements FaultlineListener {
        private final MeterRegistry registry;
        private final @Nullable NativeLatency nativeLatency;
        private final ConcurrentHashMap<RequestKey, Timer> timers = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<ErrorKey, Counter> errors = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<RecoveryKey, Counter> recoveries = new ConcurrentHashMap<>();
        private final Set<Meter> polled = ConcurrentHashMap.newKeySet();

        Binding(MeterRegistry registry) {
            this.registry = registry;
            this.nativeLatency = nativeHistograms ? NativeLatency.register(registry, tags) : null;
        }

        @Override
        public void exchangeCompleted(String method, String endpoint, int status, @Nullable Classification error,
                RecoveryOutcome recovery, long durationNanos) {
            Outcome outcome = Outcome.forStatus(status);
            timers.computeIfAbsent(new RequestKey(method, endpoint, outcome), this::timer)
                    .record(durationNanos, TimeUnit.NANOSECONDS);
            NativeLatency n = nativeLatency;
            if (n != null) {
                n.record(method, endpoint, outcome, durationNanos);
            }
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
            Timer.Builder b = Timer.builder(REQUESTS)
                    .description("Exchanges Faultline recorded, by method, endpoint and outcome (status class)")
                    .tags(tags)
                    .tag("method", k.method())
                    .tag("endpoint", k.endpoint())
                    .tag("outcome", k.outcome().name())
                    .publishPercentileHistogram(false);
            if (nativeLatency == null) {
                Duration[] slos = new Duration[bucketsNanos.length];
                for (int i = 0; i < slos.length; i++) {
                    slos[i] = Duration.ofNanos((long) bucketsNanos[i]);
                }
                b.serviceLevelObjectives(slos);
            }
            return b.register(registry);
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
                polled.add(FunctionCounter.builder(SECURITY_FINDINGS, faultline, f -> f.security().findings(c))
                        .description("Security findings, by category (rate limit included)")
                        .tags(tags).tag("category", c.id()).register(registry));
            }
            polled.add(FunctionCounter.builder(SECURITY_BLOCKED, faultline, f -> f.security().blockedRequests())
                    .description("Requests the security monitor refused (403 or 429)")
                    .tags(tags).register(registry));
            polled.add(FunctionCounter.builder(RECOVERY_SHED, faultline, f -> f.recovery().shedRequests())
                    .description("Requests refused by route shedding without calling the application")
                    .tags(tags).register(registry));
            polled.add(FunctionCounter.builder(ALERTS_FIRED, faultline, f -> alertStats(f).fired())
                    .description("Alerts fired by the in-process rules (resolved notifications included)")
                    .tags(tags).register(registry));
            delivery("delivered", AlertStats::delivered);
            delivery("failed", AlertStats::failed);
            delivery("dropped", AlertStats::dropped);
            polled.add(Gauge.builder(HEALTH, faultline, f -> value(f.health().status()))
                    .description("Readiness as /health reports it: 1 up, 0.5 degraded, 0 down")
                    .tags(tags).strongReference(true).register(registry));
            Set<String> readiness = new LinkedHashSet<>(faultline.healthChecks(HealthProbe.READINESS));
            for (String name : readiness) {
                check(HealthProbe.READINESS, name);
            }
            for (String name : faultline.healthChecks(HealthProbe.LIVENESS)) {
                if (!readiness.contains(name)) {
                    check(HealthProbe.LIVENESS, name);
                }
            }
        }

        private void delivery(String outcome, ToDoubleFunction<AlertStats> value) {
            polled.add(FunctionCounter.builder(ALERT_DELIVERIES, faultline, f -> value.applyAsDouble(alertStats(f)))
                    .description("Alert deliveries per channel that ended delivered, failed or dropped")
                    .tags(tags).tag("outcome", outcome).register(registry));
        }

        private void check(HealthProbe probe, String name) {
            polled.add(Gauge.builder(HEALTH_CHECK, faultline, f -> {
                        HealthReport.CheckResult r = f.health(probe).checks().get(name);
                        return value(r == null ? null : r.status());
                    })
                    .description("A health check: 1 up, 0.5 degraded, 0 down")
                    .tags(tags).tag("check", name).strongReference(true).register(registry));
        }

        void removeMeters() {
            NativeLatency n = nativeLatency;
            if (n != null) {
                n.unregister();
            }
            List<Meter> all = new ArrayList<>(polled);
            all.addAll(timers.values());
            all.addAll(errors.values());
            all.addAll(recoveries.values());
            for (Meter m : all) {
                registry.remove(m);
            }
        }
    }

    /** The alerting counters (the history of the last hour is the smallest snapshot that carries them). */
    private static AlertStats alertStats(Faultline f) {
        return f.alerts(1).stats();
    }

    @Override
    public String toString() {
        return "FaultlineMetrics[" + faultline.environment() + ", tags=" + tags + ", buckets=" + latencyBuckets()
                + (nativeHistograms ? ", native histograms" : "") + "]";
    }

    /** Builds a {@link FaultlineMetrics}. Not thread-safe. */
    public static final class Builder {
        private final Faultline faultline;
        private Tags tags = Tags.empty();
        private @Nullable List<Duration> buckets;
        private boolean nativeHistograms;

        private Builder(Faultline faultline) {
            this.faultline = faultline;
        }

        /**
         * Tags on every meter (e.g. {@code application}). Default none.
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /**
         * The upper bounds of the latency histogram's buckets, around the service's latency objectives
         * (Prometheus adds {@code +Inf}). Default {@link #defaultLatencyBuckets(Duration)} of Faultline's
         * slow-request threshold: five buckets from 10 % to 2.5 × it.
         *
         * @throws IllegalArgumentException ({@code metrics.latency_buckets}) unless 1 to {@value FaultlineMetrics#MAX_BUCKETS}
         *         positive durations
         * @param buckets the bucket bounds
         * @return this builder
         */
        public Builder latencyBuckets(Duration... buckets) {
            Objects.requireNonNull(buckets, "buckets");
            if (buckets.length < 1 || buckets.length > MAX_BUCKETS) {
                throw new IllegalArgumentException("metrics.latency_buckets must hold 1 to " + MAX_BUCKETS
                        + " durations, was " + buckets.length);
            }
            for (Duration d : buckets) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("metrics.latency_buckets must be positive durations, was " + d);
                }
            }
            this.buckets = List.of(buckets);
            return this;
        }

        /**
         * Whether the latency distribution goes to a Prometheus native histogram
         * ({@code faultline_requests_latency_seconds}, same tags) instead of the classic buckets; the timer
         * keeps {@code _count}, {@code _sum} and {@code _max}, which the shipped rules read. Takes effect on
         * a {@code PrometheusMeterRegistry} (Micrometer's Prometheus registry, 1.13 or newer), whose
         * Prometheus registry then holds the native histogram; Prometheus reads it with
         * {@code --enable-feature=native-histograms} (or {@code scrape_native_histograms} on 3.x), over the
         * protobuf format that {@link PrometheusScrape} serves to scrapers that ask for it. Other registries
         * get the timer without buckets. Default {@code false}.
         *
         * @param nativeHistograms whether to register a native histogram
         * @return this builder
         */
        public Builder nativeHistograms(boolean nativeHistograms) {
            this.nativeHistograms = nativeHistograms;
            return this;
        }

        /**
         * The binder.
         *
         * @return the binder, to bind to a {@code MeterRegistry}
         */
        public FaultlineMetrics build() {
            return new FaultlineMetrics(this);
        }
    }
}
