package dev.faultline.examples;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.undertow.FaultlineHandler;
import io.undertow.Undertow;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the video API on Undertow behind Faultline.
 *
 * <pre>
 * java -jar examples/target/faultline-examples.jar [--host HOST] [--port PORT]
 * </pre>
 *
 * <p>It listens on {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT} unless told otherwise ({@code --port 0}
 * picks a free port) and logs the URL it listens on. {@code FAULTLINE_ENV} (or {@code ENVIRONMENT})
 * picks Faultline's preset; in {@code production} the logs are JSON lines on stdout, elsewhere readable
 * lines. {@code FAULTLINE_LOG_FORMAT=json|console} (or {@code -Dfaultline.log.format}) overrides the
 * format. Bad arguments print the usage and exit with status 2.
 *
 * <p>{@code POST /login} knows three users, <b>for the demo only</b> (passwords in the source):
 * {@code alice}/{@code wonderland}, {@code bob}/{@code builder} and {@code admin}/{@code admin-secret};
 * see {@link VideoApi}.
 *
 * <p>Tests and other programs start the app in-process with {@link #start(String, int)} and stop it
 * with {@link Server#stop()}.
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

    static final String USAGE = """
            Usage: java -jar faultline-examples.jar [--host HOST] [--port PORT]
              --host HOST   the address to listen on (default %s)
              --port PORT   the port to listen on, 0 to 65535; 0 picks a free one (default %d)
              --help        print this help and exit
            Environment:
              FAULTLINE_ENV=production|development   Faultline's preset; production logs JSON lines
              FAULTLINE_LOG_FORMAT=json|console       the log format, whatever the environment
            """.formatted(DEFAULT_HOST, DEFAULT_PORT);

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
        Logger log = LoggerFactory.getLogger(Main.class);
        Faultline faultline;
        try {
            faultline = Faultline.create();
        } catch (IllegalArgumentException e) { // a bad FAULTLINE_* setting; the message names it
            exit(System.err, "faultline-examples: " + e.getMessage(), 2);
            return;
        }
        Server server;
        try {
            server = start(options.host(), options.port(), faultline);
        } catch (Exception e) {
            exit(System.err, "faultline-examples: cannot listen on " + options.host() + ":" + options.port()
                    + ": " + rootMessage(e), 1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "faultline-examples-shutdown"));
        log.atInfo()
                .addKeyValue("url", server.uri())
                .addKeyValue("environment", faultline.environment().name().toLowerCase(Locale.ROOT))
                .log("video API listening on {}", server.uri());
    }

    /**
     * Starts the API on {@code host}:{@code port} ({@code 0}: a free port) with Faultline configured
     * from the environment ({@link Faultline#create()}).
     *
     * @throws Exception if the database cannot be opened or the port not bound
     */
    public static Server start(String host, int port) throws Exception {
        return start(host, port, Faultline.create());
    }

    /**
     * Starts the API on {@code host}:{@code port} ({@code 0}: a free port) behind {@code faultline}.
     *
     * @throws Exception if the database cannot be opened or the port not bound
     */
    public static Server start(String host, int port, Faultline faultline) throws Exception {
        return start(host, port, faultline, Clock.systemUTC());
    }

    /**
     * Starts the API on {@code host}:{@code port} ({@code 0}: a free port) behind {@code faultline},
     * with {@code clock} for video timestamps and login token expiry (tests move it).
     *
     * @throws Exception if the database cannot be opened or the port not bound
     */
    static Server start(String host, int port, Faultline faultline, Clock clock) throws Exception {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(faultline, "faultline");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        VideoRepository videos = VideoRepository.open(VideoRepository.DEFAULT_URL, clock);
        FailureSimulator failures = null;
        Undertow undertow = null;
        try {
            failures = FailureSimulator.start(videos.dataSource());
            VideoApi api = new VideoApi(faultline, videos, failures, clock);
            undertow = Undertow.builder()
                    .addHttpListener(port, host)
                    .setHandler(FaultlineHandler.wrap(faultline, api.routes()))
                    .build();
            undertow.start();
            InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
            return new Server(undertow, videos, failures, bound);
        } catch (Exception | Error e) {
            if (undertow != null) {
                try {
                    undertow.stop();
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            if (failures != null) {
                failures.close();
            }
            videos.close();
            throw e;
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
     * The command line: {@code --host HOST}, {@code --port PORT} (also {@code --port=PORT}), {@code --help}.
     *
     * @param host the address to listen on
     * @param port 0 to 65535
     * @param help whether only the usage was asked for
     */
    record Options(String host, int port, boolean help) {

        /** @throws IllegalArgumentException saying what is wrong with the arguments */
        static Options parse(String... args) {
            String host = DEFAULT_HOST;
            int port = DEFAULT_PORT;
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
                        return new Options(host, port, true);
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
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Options(host, port, false);
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
     * A running API. {@link #stop()} (or {@link #close()}) stops the server, the failure simulator and
     * the connection pool; it is idempotent. Thread-safe.
     */
    public static final class Server implements AutoCloseable {
        private final Undertow undertow;
        private final VideoRepository videos;
        private final FailureSimulator failures;
        private final InetSocketAddress address;
        private final AtomicBoolean stopped = new AtomicBoolean();

        private Server(Undertow undertow, VideoRepository videos, FailureSimulator failures,
                InetSocketAddress address) {
            this.undertow = undertow;
            this.videos = videos;
            this.failures = failures;
            this.address = address;
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

        /** Stops serving and releases what the API holds. */
        public void stop() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                undertow.stop();
            } finally {
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
