package dev.faultline.examples;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertChannel;
import dev.faultline.dashboard.Dashboard;
import dev.faultline.opentelemetry.FaultlineOpenTelemetry;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runs the video API behind Faultline on Undertow (the default), Jetty, Jersey or Helidon.
 *
 * <pre>
 * java -jar examples/target/faultline-examples.jar [--server undertow|jetty|jersey|helidon]
 *     [--host HOST] [--port PORT] [--demo-traffic[=SECONDS]]
 * </pre>
 *
 * <p>{@code --server} picks the HTTP server and Faultline's adapter for it ({@link ServerKind}): all
 * answer the same endpoints with the same Faultline configuration; the routes of Undertow are
 * {@link VideoApi}, those of the others a thin translation over {@link VideoService}.
 *
 * <p>It listens on {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT} unless told otherwise ({@code --port 0}
 * picks a free port) and logs the URL it listens on. {@code FAULTLINE_ENV} (or {@code ENVIRONMENT})
 * picks Faultline's preset; in {@code production} the logs are JSON lines on stdout, elsewhere readable
 * lines. {@code FAULTLINE_LOG_FORMAT=json|console} (or {@code -Dfaultline.log.format}) overrides the
 * format. Bad arguments print the usage and exit with status 2.
 *
 * <p>The app registers three health checks with Faultline ({@link AppHealth}: {@code database},
 * {@code cache}, {@code video-cdn}); Faultline serves them at {@code /health} and its monitoring
 * endpoints at {@code /metrics/...}, among them {@code /metrics/prometheus} for Prometheus when
 * faultline-micrometer is on the class path ({@link Metrics}), and the live dashboard page at
 * {@code /metrics/dashboard/} ({@link Dashboard}).
 *
 * <p>{@code --demo-traffic[=SECONDS]} (default {@value #DEFAULT_DEMO_SECONDS}, at most
 * {@value #MAX_DEMO_SECONDS}) drives mixed traffic against the app itself on 127.0.0.1 once it
 * listens ({@link DemoTraffic}), prints a summary and the URLs to look at, and the app keeps
 * serving. Only then does Faultline believe {@code X-Forwarded-For} from 127.0.0.1
 * ({@code trustedProxies("127.0.0.1")}), so that the demo can play many clients.
 *
 * <p><b>Alerting and recovery.</b> Faultline's default alert rules go to the log channel (logger
 * {@code faultline.alert}) and to the channels the environment configures ({@link AlertChannels}:
 * {@code SLACK_WEBHOOK_URL}, {@code ALERT_WEBHOOK_URL}, {@code SMTP_HOST}, {@code ALERTMANAGER_URL}...); a bad value exits with
 * status 2 before anything starts. {@link AppRecovery} serves stale copies of {@code GET /videos/**}
 * and sheds the list while it keeps failing. Both are off in development. {@code POST
 * /admin/database?state=down|up} (demo only, admin token) simulates a database outage to see them.
 *
 * <p>{@code POST /login} knows three users, <b>for the demo only</b> (passwords in the source):
 * {@code alice}/{@code wonderland}, {@code bob}/{@code builder} and {@code admin}/{@code admin-secret};
 * see {@link VideoApi}.
 *
 * <p>Tests and other programs start the app in-process with {@link #start(String, int)},
 * {@link #start(String, int, Faultline.Builder)} or, on another server,
 * {@link #start(ServerKind, String, int, Faultline.Builder, Clock)}, and stop it with {@link Server#stop()}.
 */
public final class Main {

    /** The address listened on by default. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port listened on by default. */
    public static final int DEFAULT_PORT = 8080;
    /**
     * The system property {@code logback.xml} reads to pick its appender: {@code json} or
     * {@code console}. {@link #main} sets it before Logback starts.
     */
    public static final String LOG_FORMAT_PROPERTY = "faultline.log.format";
    /** How long {@code --demo-traffic} without a value drives traffic, in seconds. */
    public static final int DEFAULT_DEMO_SECONDS = 60;
    /** The longest {@code --demo-traffic=SECONDS}. */
    public static final int MAX_DEMO_SECONDS = 600;

    /** The curl option that sends the monitoring token, as examples/README.md and the demo's report write it. */
    static final String BEARER_HEADER = "-H \"Authorization: Bearer $FAULTLINE_MONITORING_TOKEN\"";

    static final String USAGE = """
            Usage: java -jar faultline-examples.jar [--server SERVER] [--host HOST] [--port PORT]
                                                    [--demo-traffic[=SECONDS]]
              --server SERVER
                            the HTTP server, with its Faultline adapter (default undertow):
                              undertow  Undertow (faultline-undertow)
                              jetty     Jetty 12, a servlet behind a filter (faultline-servlet)
                              jersey    Jersey on Grizzly, Jakarta REST (faultline-jaxrs)
                              helidon   Helidon 4 SE (faultline-helidon)
                            all serve the same endpoints with the same Faultline configuration
              --host HOST   the address to listen on (default %s)
              --port PORT   the port to listen on, 0 to 65535; 0 picks a free one (default %d)
              --demo-traffic[=SECONDS]
                            once listening, send mixed traffic to the app itself on 127.0.0.1 for
                            SECONDS (1 to %d, default %d): normal, slow, failing and hostile
                            requests and a burst over the rate limit, then print a summary and
                            the /metrics and /health URLs; the app keeps serving. Makes Faultline
                            trust X-Forwarded-For from 127.0.0.1, so that the demo can play many
                            clients; the host must be 127.0.0.1 or 0.0.0.0
              --help        print this help and exit
            Environment:
              FAULTLINE_ENV=production|development   Faultline's preset; production logs JSON lines;
                                                      development turns alerting and recovery off
              FAULTLINE_LOG_FORMAT=json|console       the log format, whatever the environment
              FAULTLINE_ALERTING_CLOSE_DEADLINE=5s    how long stopping (SIGTERM) waits for pending alert
                                                      deliveries, after the server answered its requests
              FAULTLINE_MONITORING_TOKEN=TOKEN        16+ characters: /metrics/* and the dashboard answer
                                                      requests with Authorization: Bearer TOKEN; without
                                                      it they answer 401 (but /health), except in
                                                      development to callers on this machine
            Alerts (Faultline's default rules) go to the log, logger faultline.alert, and also to:
              SLACK_WEBHOOK_URL=URL        a Slack incoming webhook
              ALERT_WEBHOOK_URL=URL        any URL, each alert POSTed as JSON
              ALERT_WEBHOOK_TOKEN=TOKEN    sent to ALERT_WEBHOOK_URL as Authorization: Bearer TOKEN
              SMTP_HOST=HOST               e-mail through this SMTP server, with
                SMTP_FROM=ADDRESS          the sender (required)
                SMTP_TO=ADDRESS[,ADDRESS]  the recipients (required)
                SMTP_PORT=PORT             default %d with STARTTLS, else %d
                SMTP_STARTTLS=true|false   default true when SMTP_USERNAME is set, else false
                SMTP_USERNAME, SMTP_PASSWORD   SMTP AUTH (both or neither)
            A bad value prints what is wrong and exits with status 2, as bad arguments do.
            """.formatted(DEFAULT_HOST, DEFAULT_PORT, MAX_DEMO_SECONDS, DEFAULT_DEMO_SECONDS,
                    AlertChannels.SMTP_PORT_STARTTLS, AlertChannels.SMTP_PORT_PLAIN);

    private Main() {
    }

    /** Parses the arguments, starts the server and keeps it running until the JVM is stopped. */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            exit(System.err, "faultline-examples: " + e.getMessage() + "\n\n" + USAGE, 2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        try {
            // before the first logger exists: Logback reads the property when it configures itself
            System.setProperty(LOG_FORMAT_PROPERTY, logFormat(System.getProperty(LOG_FORMAT_PROPERTY),
                    System.getenv("FAULTLINE_LOG_FORMAT"), Environment.detect()));
        } catch (IllegalArgumentException e) {
            exit(System.err, "faultline-examples: " + e.getMessage(), 2);
            return;
        }
        List<AlertChannel> channels;
        try {
            channels = AlertChannels.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) { // names the variable, never a secret
            exit(System.err, "faultline-examples: " + e.getMessage(), 2);
            return;
        }
        // Jersey, Grizzly and Helidon log through java.util.logging: into Logback, in the same format
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(Main.class);
        Faultline.Builder faultline = Faultline.builder()
                .alerting(a -> channels.forEach(a::channel)) // besides the default rules and the log channel
                // under the OpenTelemetry Java agent: the trace id is the request id, failures land on the span
                .exchangeObserver(FaultlineOpenTelemetry.create())
                .monitoring(m -> m.resource(Dashboard.create())); // the live page at /metrics/dashboard/
        if (options.demoTrafficSeconds() > 0) {
            // the demo plays many clients from one machine by X-Forwarded-For; believe it from 127.0.0.1 only
            faultline.security(s -> s.trustedProxies("127.0.0.1"));
        }
        Server server;
        try {
            server = start(options.server(), options.host(), options.port(), faultline, Clock.systemUTC());
        } catch (IllegalArgumentException e) { // a bad FAULTLINE_* setting; the message names it
            exit(System.err, "faultline-examples: " + e.getMessage(), 2);
            return;
        } catch (Exception e) {
            exit(System.err, "faultline-examples: cannot listen on " + options.host() + ":" + options.port()
                    + ": " + rootMessage(e), 1);
            return;
        }
        // SIGTERM (a rolling deploy): drain the server, then flush the alerts (see Server.stop), then the
        // log lines still queued in logback-json.xml's asynchronous appender
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } finally {
                stopLogging();
            }
        }, "faultline-examples-shutdown"));
        Faultline running = server.faultline();
        log.atInfo()
                .addKeyValue("url", server.uri())
                .addKeyValue("environment", running.environment().name().toLowerCase(Locale.ROOT))
                .addKeyValue("alert_channels", running.alerts(1).enabled()
                        ? String.join(",", running.alerts(1).channels()) : "off")
                .addKeyValue("recovery", running.recovery().enabled() ? "on" : "off")
                .addKeyValue("server", options.server().label())
                .log("video API listening on {} ({})", server.uri(), options.server().label());
        System.out.println(monitoringHelp(running, server.uri()));
        String token = monitoringToken();
        if (options.demoTrafficSeconds() > 0) {
            URI target = demoTarget(server.address());
            if (target == null) {
                server.stop();
                exit(System.err, "faultline-examples: --demo-traffic sends to 127.0.0.1 only: listen on 127.0.0.1"
                        + " or 0.0.0.0, not " + options.host(), 2);
                return;
            }
            Duration duration = Duration.ofSeconds(options.demoTrafficSeconds());
            Thread.ofPlatform().name("faultline-examples-demo-traffic").start(() -> demo(target, duration, token));
        }
    }

    /** Runs the demo traffic and prints its summary; the server keeps running whatever happens. */
    private static void demo(URI target, Duration duration, @Nullable String token) {
        PrintStream out = System.out;
        out.printf("demo traffic: %d s of mixed requests against %s (at most %d requests)...%n"
                        + "watch it live on %s%n",
                duration.toSeconds(), target, DemoTraffic.DEFAULT_MAX_REQUESTS, target.resolve("metrics/dashboard/"));
        try {
            DemoTraffic.Summary summary = token != null
                    ? DemoTraffic.run(target, duration, DemoTraffic.DEFAULT_MAX_REQUESTS, token)
                    : DemoTraffic.run(target, duration, DemoTraffic.DEFAULT_MAX_REQUESTS);
            out.print(summary.report(target));
            out.println("The app keeps serving; stop it with Ctrl-C.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the JVM is stopping
        } catch (RuntimeException e) {
            System.err.println("faultline-examples: the demo traffic stopped: " + e);
        }
    }

    /** The monitoring token this process was given (system property, else environment variable), if any. */
    private static @Nullable String monitoringToken() {
        String v = System.getProperty("faultline.monitoring.token");
        if (v == null || v.isBlank()) {
            v = System.getenv("FAULTLINE_MONITORING_TOKEN");
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** How to read the monitoring endpoints of {@code running} at {@code url}, for the console; never the token. */
    static String monitoringHelp(Faultline running, URI url) {
        dev.faultline.monitoring.MonitoringConfig m = running.monitoring().config();
        URI errors = url.resolve("/metrics/errors");
        URI dashboard = url.resolve("/metrics/dashboard/");
        if (m.hasToken()) {
            return "Monitoring: /metrics/* and the dashboard need the token of FAULTLINE_MONITORING_TOKEN:\n"
                    + "  curl -s " + BEARER_HEADER + " '" + errors + "'\n"
                    + "  the dashboard, " + dashboard + ", asks for it once (or open " + dashboard + "#token=...)";
        }
        if (m.anonymous() == dev.faultline.monitoring.MonitoringConfig.Anonymous.LOOPBACK) {
            return "Monitoring: /metrics/* and the dashboard answer callers on this machine only (development):\n"
                    + "  curl -s '" + errors + "'\n"
                    + "  set FAULTLINE_MONITORING_TOKEN (16+ characters) to read them from elsewhere";
        }
        return "Monitoring: /metrics/* and the dashboard are closed (401); /health answers everyone.\n"
                + "  Start with FAULTLINE_MONITORING_TOKEN=<16+ characters>, then:\n"
                + "  curl -s " + BEARER_HEADER + " '" + errors + "'";
    }

    /**
     * Where the demo traffic goes: {@code http://127.0.0.1:PORT/} when the server listens on
     * 127.0.0.1 or on every address, else {@code null}.
     */
    static @Nullable URI demoTarget(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        boolean reachable = a != null && (a.isAnyLocalAddress()
                || (a instanceof Inet4Address && a.getHostAddress().equals("127.0.0.1")));
        return reachable ? URI.create("http://127.0.0.1:" + bound.getPort() + "/") : null;
    }

    /**
     * Starts the API on {@code host}:{@code port} ({@code 0}: a free port) with Faultline configured
     * from the environment ({@code Faultline.builder()} and the app's health checks).
     *
     * @throws IllegalArgumentException if a {@code FAULTLINE_*} setting has a bad value (the message names it)
     * @throws Exception if the database cannot be opened or the port not bound
     */
    public static Server start(String host, int port) throws Exception {
        return start(host, port, Faultline.builder());
    }

    /**
     * Starts the API on {@code host}:{@code port} ({@code 0}: a free port) behind the Faultline that
     * {@code faultline} builds once the app has added its own configuration to it: the health checks
     * of {@link AppHealth} (which need the app's database, token store and CDN stand-in, so they are
     * registered here), the recovery of {@link AppRecovery} and its application package. Alert
     * channels are the caller's: {@link #main} adds those of the environment ({@link AlertChannels}).
     * The builder is used up: build nothing else with it. The server owns the built Faultline
     * ({@link Server#faultline()}) and closes it when stopped.
     *
     * @throws IllegalArgumentException if a {@code FAULTLINE_*} setting has a bad value (the message names it)
     * @throws Exception if the database cannot be opened or the port not bound
     */
    public static Server start(String host, int port, Faultline.Builder faultline) throws Exception {
        return start(host, port, faultline, Clock.systemUTC());
    }

    /**
     * As {@link #start(String, int, Faultline.Builder)}, with {@code clock} for video timestamps and
     * login token expiry (tests move it).
     */
    static Server start(String host, int port, Faultline.Builder faultline, Clock clock) throws Exception {
        return start(ServerKind.UNDERTOW, host, port, faultline, clock);
    }

    /**
     * As {@link #start(String, int, Faultline.Builder)}, on the server {@code kind}, with {@code clock}
     * for video timestamps and login token expiry.
     */
    public static Server start(ServerKind kind, String host, int port, Faultline.Builder faultline, Clock clock)
            throws Exception {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(faultline, "faultline");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        VideoRepository videos = VideoRepository.open(VideoRepository.DEFAULT_URL, clock);
        FailureSimulator failures = null;
        Faultline built = null;
        ServerKind.Running running = null;
        try {
            failures = FailureSimulator.start(videos.dataSource());
            TokenStore tokens = new TokenStore(clock);
            FailureSimulator cdn = failures;
            Consumer<Faultline> metrics = Metrics.install(faultline); // /metrics/prometheus, when Micrometer is there
            built = faultline
                    .applicationPackages(Main.class.getPackageName()) // error patterns name the app's own frames
                    .health(h -> AppHealth.register(h, videos, tokens, cdn))
                    .recovery(AppRecovery::register)
                    .build();
            metrics.accept(built);
            running = kind.start(host, port, built, videos, failures, tokens);
            return new Server(running, built, videos, failures, running.address());
        } catch (Exception | Error e) {
            if (running != null) {
                try {
                    running.stop();
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            if (built != null) {
                built.close();
            }
            if (failures != null) {
                failures.close();
            }
            videos.close();
            throw e;
        }
    }

    /**
     * Stops Logback, which writes what its asynchronous appender still holds (up to its
     * {@code maxFlushTime}); the last thing the shutdown hook does, as nothing is logged after it.
     */
    static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /** The log format {@code logback.xml} should use: an explicit choice, else JSON in production. */
    static String logFormat(@Nullable String property, @Nullable String variable, Environment environment) {
        String chosen = property != null && !property.isBlank() ? property
                : variable != null && !variable.isBlank() ? variable : null;
        if (chosen == null) {
            return environment == Environment.PRODUCTION ? "json" : "console";
        }
        return switch (chosen.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> "json";
            case "console" -> "console";
            default -> throw new IllegalArgumentException(
                    "the log format must be json or console, was '" + chosen + "'");
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }

    private static void exit(PrintStream stream, String message, int status) {
        stream.println(message.stripTrailing());
        System.exit(status);
    }

    /**
     * The command line: {@code --server SERVER} (also {@code --server=SERVER}), {@code --host HOST},
     * {@code --port PORT} (also {@code --port=PORT}), {@code --demo-traffic} or
     * {@code --demo-traffic=SECONDS}, {@code --help}.
     *
     * @param host the address to listen on
     * @param port 0 to 65535
     * @param help whether only the usage was asked for
     * @param demoTrafficSeconds how long to drive demo traffic, 1 to {@value #MAX_DEMO_SECONDS}; 0: none
     * @param server the HTTP server to run the API on; {@link ServerKind#UNDERTOW} unless told otherwise
     */
    record Options(String host, int port, boolean help, int demoTrafficSeconds, ServerKind server) {

        /** Options without demo traffic, on Undertow. */
        Options(String host, int port, boolean help) {
            this(host, port, help, 0);
        }

        /** Options on Undertow. */
        Options(String host, int port, boolean help, int demoTrafficSeconds) {
            this(host, port, help, demoTrafficSeconds, ServerKind.UNDERTOW);
        }

        /** @throws IllegalArgumentException saying what is wrong with the arguments */
        static Options parse(String... args) {
            String host = DEFAULT_HOST;
            int port = DEFAULT_PORT;
            int demo = 0;
            ServerKind server = ServerKind.UNDERTOW;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--help", "-h" -> {
                        if (value != null) {
                            throw new IllegalArgumentException(name + " takes no value");
                        }
                        return new Options(host, port, true, demo, server);
                    }
                    case "--host" -> {
                        if (value == null) {
                            value = next(args, ++i, name);
                        }
                        if (value.isBlank()) {
                            throw new IllegalArgumentException("--host must not be empty");
                        }
                        host = value;
                    }
                    case "--port" -> {
                        if (value == null) {
                            value = next(args, ++i, name);
                        }
                        port = port(value);
                    }
                    case "--server" -> {
                        if (value == null) {
                            value = next(args, ++i, name);
                        }
                        server = ServerKind.parse(value);
                    }
                    case "--demo-traffic" -> demo = value == null ? DEFAULT_DEMO_SECONDS : demoSeconds(value);
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Options(host, port, false, demo, server);
        }

        private static int demoSeconds(String value) {
            int seconds;
            try {
                seconds = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > MAX_DEMO_SECONDS) {
                throw new IllegalArgumentException("--demo-traffic must be a number of seconds from 1 to "
                        + MAX_DEMO_SECONDS + ", was '" + value + "'");
            }
            return seconds;
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int port(String value) {
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + value + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535, was " + port);
            }
            return port;
        }
    }

    /**
     * A running API. {@link #stop()} (or {@link #close()}) stops the server, Faultline's health-check
     * threads, the failure simulator and the connection pool; it is idempotent. Thread-safe.
     */
    public static final class Server implements AutoCloseable {
        private final ServerKind.Running running;
        private final Faultline faultline;
        private final VideoRepository videos;
        private final FailureSimulator failures;
        private final InetSocketAddress address;
        private final AtomicBoolean stopped = new AtomicBoolean();

        private Server(ServerKind.Running running, Faultline faultline, VideoRepository videos, FailureSimulator failures,
                InetSocketAddress address) {
            this.running = running;
            this.faultline = faultline;
            this.videos = videos;
            this.failures = failures;
            this.address = address;
        }

        /** The Faultline the API runs behind. */
        public Faultline faultline() {
            return faultline;
        }

        /** The video repository (tests count its calls and check the simulated outage). */
        VideoRepository videos() {
            return videos;
        }

        /** The port the server listens on (the one picked when started with port 0). */
        public int port() {
            return address.getPort();
        }

        /** The address the server listens on. */
        public InetSocketAddress address() {
            return address;
        }

        /** The base URI, {@code http://127.0.0.1:PORT/}. */
        public URI uri() {
            String host = address.getAddress().getHostAddress();
            if (address.getAddress() instanceof Inet6Address) {
                int zone = host.indexOf('%');
                host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
            }
            return URI.create("http://" + host + ":" + address.getPort() + "/");
        }

        /**
         * Stops serving and releases what the API holds, in the order a rolling deploy needs: the server
         * stops accepting and answers the requests in flight (within {@link ServerKind#DRAIN_TIMEOUT}),
         * so that their failures are recorded and their alerts fired; then Faultline closes, flushing the
         * pending alert deliveries within its close deadline; then the app's own resources.
         */
        public void stop() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            Logger log = LoggerFactory.getLogger(Main.class);
            log.atInfo().addKeyValue("drain_timeout", ServerKind.DRAIN_TIMEOUT.toString())
                    .log("stopping: the server answers the requests in flight, then Faultline flushes its alerts");
            try {
                running.stop();
            } finally {
                log.info("server stopped; closing Faultline");
                faultline.close();
                failures.close();
                videos.close();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
