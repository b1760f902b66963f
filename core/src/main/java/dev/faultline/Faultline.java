package dev.faultline;

import dev.faultline.alert.AlertHistory;
import dev.faultline.alert.Alerting;
import dev.faultline.analysis.Insights;
import dev.faultline.analysis.PatternAnalyzer;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.health.HealthChecks;
import dev.faultline.health.HealthProbe;
import dev.faultline.health.HealthReport;
import dev.faultline.http.Exchange;
import dev.faultline.monitoring.MonitoringConfig;
import dev.faultline.monitoring.MonitoringEndpoints;
import dev.faultline.http.RequestView;
import dev.faultline.internal.Preconditions;
import dev.faultline.internal.alert.AlertEngine;
import dev.faultline.internal.analysis.Fingerprinter;
import dev.faultline.internal.analysis.PatternTable;
import dev.faultline.internal.health.HealthEvaluator;
import dev.faultline.internal.metrics.ErrorMetrics;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.ErrorTrends;
import dev.faultline.metrics.PerformanceConfig;
import dev.faultline.internal.metrics.PerformanceMonitor;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.internal.recovery.Recovery;
import dev.faultline.recovery.RecoveryConfig;
import dev.faultline.recovery.RecoveryStats;
import dev.faultline.security.ScanReport;
import dev.faultline.security.SecurityConfig;
import dev.faultline.internal.security.SecurityMonitor;
import dev.faultline.security.SecurityStats;
import dev.faultline.internal.Settings;
import dev.faultline.logging.AuditEvents;
import dev.faultline.logging.AuditSink;
import dev.faultline.logging.BusinessEvents;
import dev.faultline.logging.LoggingConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: one {@code Faultline} per application, shared by every request and every adapter.
 * A facade over the pipeline its builder assembles (classifier, problem rendering, logging,
 * monitoring): adapters {@linkplain #open open} an {@link Exchange} per request, which reports to that
 * pipeline; the application reaches the request it serves through {@link #current()}.
 *
 * <pre>{@code
 * Faultline faultline = Faultline.builder()
 *         .environment(Environment.PRODUCTION)
 *         .problemTypeBase("https://errors.example.com/")
 *         .build();
 * }</pre>
 *
 * <p>Configuration is resolved once, in {@link Builder#build()}: a value set in code wins; else the
 * named setting (system property, else environment variable; see {@link Builder}); else the
 * {@link Environment} preset. Thread-safe and immutable once built.
 */
public final class Faultline implements AutoCloseable {

    private final Environment environment;
    final Pipeline pipeline;
    private final BusinessEvents business;
    private final AuditEvents audit;
    private final HealthEvaluator health;
    private final Observers observers;

    private Faultline(Builder b, Settings settings) {
        this.environment = b.environment != null ? b.environment : detectEnvironment(settings);
        Clock clock = b.clock;
        LongSupplier ticker = b.ticker;
        ErrorClassifier classifier = b.classifier != null ? b.classifier : ErrorClassifier.create();
        String typeBase = b.problemTypeBase != null ? b.problemTypeBase : settings.get(Builder.TYPE_BASE);
        if (typeBase != null) {
            checkTypeBase(typeBase);
            if (!typeBase.endsWith("/") && !typeBase.endsWith("#") && !typeBase.endsWith(":")) {
                typeBase = typeBase + "/"; // so that the slug is a path segment, not part of the host
            }
        }
        Boolean expose = b.exposeExceptionDetails != null ? b.exposeExceptionDetails
                : settings.bool(Builder.EXPOSE_DETAILS);
        LoggingConfig logging = b.logging.build().resolve(environment.logPayloads(),
                settings.bool(Builder.LOG_HEADERS), settings.bool(Builder.LOG_REQUEST_BODY),
                settings.bool(Builder.LOG_RESPONSE_BODY),
                settings.duration(Builder.LOG_STACK_TRACE_INTERVAL, java.time.Duration.ZERO,
                        LoggingConfig.MAX_STACK_TRACE_INTERVAL));
        // development's problem bodies show the exception's message: secrets in it are redacted by shape too
        Problems problems = new Problems(typeBase,
                expose != null ? expose : environment.exposeExceptionDetails(), b.stackFrames, clock, classifier,
                logging.redactor()::text);
        PerformanceConfig performanceConfig = b.performance.build();
        ExchangeEvents events = new ExchangeEvents(logging, performanceConfig.slowRequestThreshold().toMillis(), clock);
        this.business = new BusinessEvents(DefaultExchange.Current.INSTANCE, logging.redactor());
        this.audit = new AuditEvents(DefaultExchange.Current.INSTANCE, clock, b.auditSinks);
        Integer retention = b.retentionHours != null ? b.retentionHours
                : settings.integer(Builder.RETENTION_HOURS, 1, 720);
        int retentionHours = retention != null ? retention : environment.retentionHours();
        PerformanceMonitor performance = new PerformanceMonitor(performanceConfig, clock);
        ErrorMetrics errorMetrics = new ErrorMetrics(clock, retentionHours, performanceConfig.maxEndpoints());
        Fingerprinter fingerprinter = b.fingerprints.build();
        PatternAnalyzer.Builder analysis = PatternAnalyzer.builder().clock(clock).retentionHours(retentionHours);
        b.analysisSettings.forEach(c -> c.accept(analysis));
        PatternTable analyzer = new PatternTable(analysis.build());
        HealthChecks.Builder healthBuilder = HealthChecks.builder().clock(clock).ticker(ticker);
        b.healthSettings.forEach(c -> c.accept(healthBuilder));
        this.health = new HealthEvaluator(healthBuilder.build());
        SecurityMonitor security = new SecurityMonitor(b.security.build(), ticker);
        RecoveryConfig recoveryConfig = b.recovery.build();
        Boolean recoveryOn = recoveryConfig.enabled() != null ? recoveryConfig.enabled() : settings.bool(Builder.RECOVERY);
        Recovery recovery = new Recovery(recoveryConfig, recoveryOn != null ? recoveryOn : environment.recovery(), clock);
        Alerting alertSettings;
        Boolean alertingOn = b.alertingEnabled != null ? b.alertingEnabled : settings.bool(Builder.ALERTING);
        if (alertingOn != null ? alertingOn : environment.alerting()) {
            Alerting.Builder alerts = Alerting.builder().clock(clock);
            if (b.defaultAlertRules) {
                alerts.rules(Alerting.defaultRules());
            }
            java.time.Duration closeDeadline = settings.duration(Builder.ALERTING_CLOSE_DEADLINE,
                    java.time.Duration.ZERO, Alerting.MAX_CLOSE_DEADLINE);
            if (closeDeadline != null) {
                alerts.closeDeadline(closeDeadline); // before the code's settings, which win
            }
            b.alertingSettings.forEach(c -> c.accept(alerts));
            alertSettings = alerts.build();
        } else {
            alertSettings = Alerting.disabled();
        }
        AlertEngine alerting = new AlertEngine(alertSettings);
        MonitoringConfig monitoringConfig = b.monitoring.build().resolve(environment.monitoringAnonymous(),
                settings.get(Builder.MONITORING_TOKEN));
        MonitoringEndpoints monitoring = new MonitoringEndpoints(monitoringConfig,
                new Sources(errorMetrics, analyzer, alerting, performance, security, recovery, health));
        org.slf4j.LoggerFactory.getLogger(dev.faultline.logging.LogFields.LOGGER_MONITORING).atInfo()
                .addKeyValue("environment", environment.name().toLowerCase(java.util.Locale.ROOT))
                .addKeyValue("monitoring_guard", monitoringConfig.guard())
                .log("monitoring endpoints: {}", monitoringConfig.describe());
        Listeners listeners = new Listeners(b.listeners, performance, ticker);
        this.observers = new Observers(b.observers, ticker);
        this.pipeline = new Pipeline(clock, ticker, classifier, problems, events, b.requestIdHeader, performance,
                errorMetrics, fingerprinter, analyzer, security, monitoring, recovery, alerting, listeners);
    }

    private static Environment detectEnvironment(Settings settings) {
        String name = settings.get(Builder.ENVIRONMENT);
        if (name == null) {
            name = settings.get("environment");
        }
        return name == null ? Environment.DEFAULT : Environment.parse(name);
    }

    /** A Faultline with the preset of the detected environment and every other default. */
    public static Faultline create() {
        return builder().build();
    }

    /** A builder that reads named settings from system properties and environment variables. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the exchange for an incoming request: assigns its request id and start time. Adapters call
     * this first for every request.
     */
    public Exchange open(RequestView request) {
        Objects.requireNonNull(request, "request");
        Observers o = observers;
        return o.none() ? new DefaultExchange(pipeline, request) : o.open(pipeline, request);
    }

    /**
     * An executor that runs each task bound to the request current when the task was submitted (the
     * MDC's request id, {@link #current()}); tasks submitted outside a request run as they are. For
     * application code that hands request work to other threads.
     */
    public static java.util.concurrent.Executor propagating(java.util.concurrent.Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> {
            Exchange x = DefaultExchange.CURRENT.get();
            executor.execute(x == null ? task : x.wrap(task));
        };
    }

    /**
     * The request the calling thread serves: the application's handle on it (request id, user id,
     * {@code bind}/{@code wrap} for its own threads). Present wherever an adapter bound the request
     * (around the application, and on the threads it continues on) or the application did
     * ({@link RequestContext#bind()}, {@link #propagating}).
     *
     * @return the current request, or empty outside one
     */
    public static Optional<RequestContext> current() {
        Exchange x = DefaultExchange.CURRENT.get();
        return x == null ? Optional.empty() : Optional.of(requestContext(x));
    }

    /**
     * The application's handle on an exchange, for adapters to hand the application (their
     * {@code requestContext(...)} accessors): the same instance on every call for an exchange this
     * library opened, made on the first. It exposes none of the exchange's SPI.
     *
     * @param exchange an exchange from {@link #open}
     * @return its handle
     */
    public static RequestContext requestContext(Exchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        return exchange instanceof DefaultExchange x ? x.context() : RequestContext.create(exchange);
    }

    /** The environment this instance was configured for. */
    public Environment environment() {
        return environment;
    }

    /** The classifier, for direct use in tests and tools. */
    public ErrorClassifier classifier() {
        return pipeline.classifier;
    }

    /** Business events carrying the current exchange's context. */
    public BusinessEvents business() {
        return business;
    }

    /** Audit events (authentication, authorization), never dropped. */
    public AuditEvents audit() {
        return audit;
    }

    /**
     * The error counts now: totals since start, and the last hour by type, severity and endpoint,
     * minute by minute. What {@code /metrics/errors} shows.
     *
     * <pre>{@code
     * long database = faultline.errors().byType(ErrorType.DATABASE);
     * }</pre>
     */
    public ErrorStats errors() {
        return pipeline.errorMetrics.stats();
    }

    /**
     * The error counts of the last {@code hours} hours, hour by hour, with their average, peak and
     * direction. What {@code /metrics/trends?hours=N} shows.
     *
     * @param hours from 1 to the retention ({@link Builder#retentionHours(int)})
     * @throws IllegalArgumentException if {@code hours} is outside that range
     */
    public ErrorTrends trends(int hours) {
        return pipeline.errorMetrics.trends(hours);
    }

    /** The error patterns that matter now and what to do about them. What {@code /metrics/insights} shows. */
    public Insights insights() {
        return pipeline.analyzer.insights();
    }

    /**
     * Latency and outcome statistics, overall and per endpoint, over the last minute, five minutes
     * and hour. What {@code /metrics/performance} shows, besides {@link #security()} and
     * {@link #recovery()}.
     */
    public PerformanceStats performance() {
        return pipeline.performance.stats();
    }

    /** The security monitor's counters: findings by category, requests refused, rate-limit figures. */
    public SecurityStats security() {
        return pipeline.security.stats();
    }

    /** Recovery's counters and each shed route's breaker state, and whether recovery runs at all. */
    public RecoveryStats recovery() {
        return pipeline.recovery.stats();
    }

    /**
     * The alerts fired within the last {@code hours} hours, newest first, each with its deliveries as
     * they stand, and the alerting counters. What {@code /metrics/alerts?hours=N} shows.
     *
     * @throws IllegalArgumentException if {@code hours} is below 1
     */
    public AlertHistory alerts(int hours) {
        return pipeline.alerting.snapshot(hours);
    }

    /**
     * The readiness report: the readiness checks evaluated now, or the report cached within the
     * health checks' TTL. What {@code /health} and {@code /health/ready} show. Never throws.
     */
    public HealthReport health() {
        return health.readiness();
    }

    /**
     * The report of {@code probe}'s checks, evaluated now or cached within the TTL: {@code /health/live}
     * for {@link HealthProbe#LIVENESS}. Never throws.
     */
    public HealthReport health(HealthProbe probe) {
        return health.evaluate(probe);
    }

    /** The names of {@code probe}'s health checks, in registration order, without running them. */
    public List<String> healthChecks(HealthProbe probe) {
        return health.names(probe);
    }

    /**
     * Scans a request for attack signatures as the security monitor would, without counting,
     * logging or refusing anything: for tests and tools.
     */
    public ScanReport checkSecurity(RequestView request) {
        return pipeline.security.check(request);
    }

    /** The monitoring endpoints, for adapters to mount. */
    public MonitoringEndpoints monitoring() {
        return pipeline.monitoring;
    }

    /**
     * Stops what runs in the background: flushes pending alerts (within their close deadline, 5 s by
     * default, see {@link Alerting.Builder#closeDeadline(java.time.Duration)}), then stops the
     * health-check and recovery threads. Call it after the server stopped accepting requests and
     * finished those in flight, so that the alerts their failures fire are among those flushed.
     */
    @Override
    public void close() {
        try {
            pipeline.alerting.close();
        } finally {
            health.close();
            pipeline.recovery.close();
        }
    }

    /**
     * Registers a listener that is told about every exchange from now on (see {@link FaultlineListener});
     * registering one instance twice makes it hear everything twice. Thread-safe.
     */
    public void addListener(FaultlineListener listener) {
        pipeline.listeners.add(listener);
    }

    /**
     * Unregisters one registration of {@code listener}; returns whether it was registered. Exchanges
     * already being closed may still reach it. Thread-safe.
     */
    public boolean removeListener(FaultlineListener listener) {
        return pipeline.listeners.remove(Objects.requireNonNull(listener, "listener"));
    }

    /** How many times a {@link FaultlineListener} threw (each failure was ignored). */
    public long listenerFailures() {
        return pipeline.listeners.failures();
    }

    /** How many times an {@link ExchangeObserver} threw (each failure was ignored). */
    public long observerFailures() {
        return observers.failures();
    }

    /** The resolved exchange-logging configuration. */
    public LoggingConfig logging() {
        return pipeline.events.config();
    }

    /** The header that carries request ids in and out ({@code X-Request-Id}). */
    public String requestIdHeader() {
        return pipeline.requestIdHeader;
    }

    /** Whether problem bodies show exception class, message and stack frames. */
    public boolean exposesExceptionDetails() {
        return pipeline.problems.exposeDetails;
    }

    private static void checkTypeBase(String base) {
        try {
            URI uri = new URI(base);
            if (!uri.isAbsolute()) {
                throw Preconditions.invalid(Builder.TYPE_BASE, "must be an absolute URI, was '" + base + "'");
            }
        } catch (URISyntaxException e) {
            throw Preconditions.invalid(Builder.TYPE_BASE, "is not a URI: '" + base + "'", e);
        }
    }

    /**
     * Builds a {@link Faultline}. Not thread-safe. Named settings, read when {@link #build()} runs, and
     * only where the code set nothing:
     * <ul>
     *   <li>{@value #ENVIRONMENT} (or {@code FAULTLINE_ENV}, or {@code ENVIRONMENT}) — the preset;</li>
     *   <li>{@value #TYPE_BASE} ({@code FAULTLINE_PROBLEM_TYPE_BASE}) — see {@link #problemTypeBase};</li>
     *   <li>{@value #EXPOSE_DETAILS} ({@code FAULTLINE_PROBLEM_EXPOSE_DETAILS}) — see
     *       {@link #exposeExceptionDetails};</li>
     *   <li>{@value #LOG_HEADERS}, {@value #LOG_REQUEST_BODY}, {@value #LOG_RESPONSE_BODY} — the
     *       logging switches of {@link LoggingConfig.Builder};</li>
     *   <li>{@value #LOG_STACK_TRACE_INTERVAL} ({@code FAULTLINE_LOGGING_STACK_TRACE_INTERVAL}) — see
     *       {@link LoggingConfig.Builder#stackTraceInterval(java.time.Duration)};</li>
     *   <li>{@value #ALERTING_CLOSE_DEADLINE} ({@code FAULTLINE_ALERTING_CLOSE_DEADLINE}) — see
     *       {@link Alerting.Builder#closeDeadline(java.time.Duration)};</li>
     *   <li>{@value #MONITORING_TOKEN} ({@code FAULTLINE_MONITORING_TOKEN}) — the monitoring endpoints'
     *       bearer token, see {@link MonitoringConfig.Builder#token}.</li>
     * </ul>
     */
    public static final class Builder {
        /** Setting: the environment name. */
        public static final String ENVIRONMENT = "faultline.env";
        /** Setting: the problem type base URI. */
        public static final String TYPE_BASE = "faultline.problem.type-base";
        /** Setting: whether problem bodies expose exception details. */
        public static final String EXPOSE_DETAILS = "faultline.problem.expose-details";

        /** Setting: log headers (redacted). */
        public static final String LOG_HEADERS = "faultline.logging.headers";
        /** Setting: log request bodies (redacted, capped). */
        public static final String LOG_REQUEST_BODY = "faultline.logging.request-body";
        /** Setting: log response bodies (redacted, capped). */
        public static final String LOG_RESPONSE_BODY = "faultline.logging.response-body";
        /**
         * Setting: the least time between two full stack traces of one failure pattern ({@code 5m},
         * {@code 0s} for every one; {@code FAULTLINE_LOGGING_STACK_TRACE_INTERVAL}); see
         * {@link LoggingConfig.Builder#stackTraceInterval(java.time.Duration)}.
         */
        public static final String LOG_STACK_TRACE_INTERVAL = "faultline.logging.stack-trace-interval";

        /** Setting: whether alerting runs. */
        public static final String ALERTING = "faultline.alerting";
        /**
         * Setting: how long closing waits for pending alert deliveries ({@code 5s}, {@code 1500ms},
         * {@code PT5S}); see {@link Alerting.Builder#closeDeadline(java.time.Duration)}.
         */
        public static final String ALERTING_CLOSE_DEADLINE = "faultline.alerting.close-deadline";
        /** Setting: whether recovery runs. */
        public static final String RECOVERY = "faultline.recovery";
        /**
         * Setting: the bearer token of the monitoring endpoints ({@code FAULTLINE_MONITORING_TOKEN}),
         * used when the code sets none; see {@link MonitoringConfig.Builder#token}.
         */
        public static final String MONITORING_TOKEN = "faultline.monitoring.token";
        /** Setting: hours of hourly error metrics and patterns kept. */
        public static final String RETENTION_HOURS = "faultline.monitoring.retention-hours";

        /** Default number of stack frames shown when details are exposed. */
        public static final int DEFAULT_STACK_FRAMES = 10;

        private @Nullable Environment environment;
        private Clock clock = Clock.systemUTC();
        private LongSupplier ticker = System::nanoTime;
        private @Nullable ErrorClassifier classifier;
        private @Nullable String problemTypeBase;
        private @Nullable Boolean exposeExceptionDetails;
        private int stackFrames = DEFAULT_STACK_FRAMES;
        private String requestIdHeader = "X-Request-Id";
        private Settings settings = Settings.system();
        private final LoggingConfig.Builder logging = LoggingConfig.builder();
        private final List<AuditSink> auditSinks = new ArrayList<>();
        private final PerformanceConfig.Builder performance = PerformanceConfig.builder();
        private final SecurityConfig.Builder security = SecurityConfig.builder();
        private final MonitoringConfig.Builder monitoring = MonitoringConfig.builder();
        private final Fingerprinter.Builder fingerprints = Fingerprinter.builder();
        private final RecoveryConfig.Builder recovery = RecoveryConfig.builder();
        private final List<Consumer<Alerting.Builder>> alertingSettings = new ArrayList<>();
        private @Nullable Boolean alertingEnabled;
        private boolean defaultAlertRules = true;
        private final List<Consumer<PatternAnalyzer.Builder>> analysisSettings = new ArrayList<>();
        private final List<Consumer<HealthChecks.Builder>> healthSettings = new ArrayList<>();
        private @Nullable Integer retentionHours;
        private final List<FaultlineListener> listeners = new ArrayList<>();
        private final List<ExchangeObserver> observers = new ArrayList<>();

        private Builder() {
        }

        /**
         * The environment whose preset supplies every default; default: the setting {@value #ENVIRONMENT},
         * {@code FAULTLINE_ENV} or {@code ENVIRONMENT}, else {@link Environment#DEFAULT}.
         */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The wall clock for timestamps and windows; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The monotonic nanosecond source for durations; default {@link System#nanoTime()}. */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The classifier; default {@link ErrorClassifier#create()} (built-in knowledge only). */
        public Builder classifier(ErrorClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * The base of problem {@code type} URIs: the type's slug is appended as a path segment
         * ({@code https://errors.example.com/problems} gives {@code https://errors.example.com/problems/not-found};
         * a base ending in {@code /}, {@code #} or {@code :} is used as it is); default none, and every
         * problem's type is {@code about:blank}.
         *
         * @throws IllegalArgumentException if not an absolute URI
         */
        public Builder problemTypeBase(String base) {
            Objects.requireNonNull(base, "base");
            checkTypeBase(base);
            this.problemTypeBase = base;
            return this;
        }

        /**
         * Whether problem bodies show the exception class, its internal message and top stack frames;
         * default: the environment preset (yes in development only).
         */
        public Builder exposeExceptionDetails(boolean expose) {
            this.exposeExceptionDetails = expose;
            return this;
        }

        /**
         * How many stack frames a problem body shows when details are exposed; default
         * {@value #DEFAULT_STACK_FRAMES}.
         *
         * @throws IllegalArgumentException if outside 0..200 (names {@code problem.stack_frames})
         */
        public Builder stackFrames(int frames) {
            if (frames < 0 || frames > 200) {
                throw Preconditions.invalid("problem.stack_frames", "must be between 0 and 200, was " + frames);
            }
            this.stackFrames = frames;
            return this;
        }

        /**
         * The header that carries request ids in and out; default {@code X-Request-Id}.
         *
         * @throws IllegalArgumentException if blank or not a header token (names {@code request_id_header})
         */
        public Builder requestIdHeader(String header) {
            Objects.requireNonNull(header, "header");
            if (header.isBlank() || !header.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw Preconditions.invalid("request_id_header", "must be an HTTP header name, was '" + header + "'");
            }
            this.requestIdHeader = header;
            return this;
        }

        /** Configures exchange logging; see {@link LoggingConfig.Builder} for each default. */
        public Builder logging(Consumer<LoggingConfig.Builder> configure) {
            Objects.requireNonNull(configure, "configure").accept(logging);
            return this;
        }

        /** Configures the performance monitor; see {@link PerformanceConfig.Builder} for each default. */
        public Builder performance(Consumer<PerformanceConfig.Builder> configure) {
            Objects.requireNonNull(configure, "configure").accept(performance);
            return this;
        }

        /** Configures the security monitor; see {@link SecurityConfig.Builder} for each default. */
        public Builder security(Consumer<SecurityConfig.Builder> configure) {
            Objects.requireNonNull(configure, "configure").accept(security);
            return this;
        }

        /**
         * Configures recovery: strategies, stale-if-error, route shedding; see {@link RecoveryConfig.Builder}.
         * On by default except in development, or as the setting {@value #RECOVERY} says.
         */
        public Builder recovery(Consumer<RecoveryConfig.Builder> configure) {
            Objects.requireNonNull(configure, "configure").accept(recovery);
            return this;
        }

        /**
         * Configures alerting: rules, channels, delivery; see {@link Alerting.Builder}. The default rules
         * ({@link Alerting#defaultRules()}) and the log channel are there unless
         * {@link #defaultAlertRules(boolean) turned off}. The clock defaults to this builder's.
         */
        public Builder alerting(Consumer<Alerting.Builder> configure) {
            alertingSettings.add(Objects.requireNonNull(configure, "configure"));
            return this;
        }

        /** Run alerting; default: the environment preset (off in development), or the setting {@value #ALERTING}. */
        public Builder alertingEnabled(boolean on) {
            this.alertingEnabled = on;
            return this;
        }

        /** Start from the default alert rules ({@link Alerting#defaultRules()}: critical errors, database errors, one per severity); default on. */
        public Builder defaultAlertRules(boolean on) {
            this.defaultAlertRules = on;
            return this;
        }

        /** Configures the monitoring endpoints; see {@link MonitoringConfig.Builder} for each default. */
        public Builder monitoring(Consumer<MonitoringConfig.Builder> configure) {
            Objects.requireNonNull(configure, "configure").accept(monitoring);
            return this;
        }

        /**
         * Registers health checks and their settings; see {@link HealthChecks.Builder}. The clock and
         * ticker default to this builder's.
         */
        public Builder health(Consumer<HealthChecks.Builder> configure) {
            healthSettings.add(Objects.requireNonNull(configure, "configure"));
            return this;
        }

        /** Configures the pattern analyzer; see {@link PatternAnalyzer.Builder}. */
        public Builder analysis(Consumer<PatternAnalyzer.Builder> configure) {
            analysisSettings.add(Objects.requireNonNull(configure, "configure"));
            return this;
        }

        /**
         * The application's packages, whose stack frames identify where an error was thrown (error
         * patterns); default none, and frames outside the JDK, servers and Faultline are used.
         */
        public Builder applicationPackages(String... packages) {
            fingerprints.applicationPackages(packages);
            return this;
        }

        /**
         * Hours of hourly error metrics and patterns kept ({@code retention_hours}); default: the
         * environment preset (24, 1 in development), or the setting {@value #RETENTION_HOURS}.
         *
         * @throws IllegalArgumentException outside 1..720 (names {@code monitoring.retention_hours})
         */
        public Builder retentionHours(int hours) {
            if (hours < 1 || hours > 720) {
                throw Preconditions.invalid("monitoring.retention_hours", "must be between 1 and 720, was " + hours);
            }
            this.retentionHours = hours;
            return this;
        }

        /**
         * Adds a listener told about every exchange (see {@link FaultlineListener}); default none. Also
         * possible later with {@link Faultline#addListener(FaultlineListener)}.
         */
        public Builder listener(FaultlineListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds an observer that takes part in every exchange from its start (see {@link ExchangeObserver}):
         * a tracing integration such as faultline-opentelemetry's. Default none. Observers are asked in
         * the order they were added; the first one to propose a request id sets it.
         */
        public Builder exchangeObserver(ExchangeObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /** Adds a sink that receives every audit record; default none (the log only). */
        public Builder auditSink(AuditSink sink) {
            auditSinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * Where named settings come from: a lookup by setting name ({@code faultline.env}); default
         * system properties, then environment variables ({@code FAULTLINE_ENV}). Pass
         * {@code name -> null} to ignore the process's settings entirely.
         */
        public Builder settings(java.util.function.UnaryOperator<@Nullable String> lookup) {
            this.settings = Settings.of(lookup);
            return this;
        }

        /**
         * Builds the instance.
         *
         * @throws IllegalArgumentException if a named setting has a bad value (the message names it)
         */
        public Faultline build() {
            return new Faultline(this, settings);
        }
    }
}
