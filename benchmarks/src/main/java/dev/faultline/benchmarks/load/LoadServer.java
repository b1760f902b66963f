package dev.faultline.benchmarks.load;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.Faultline;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * One server of the load harness, run until killed:
 *
 * <pre>
 * java -cp ... dev.faultline.benchmarks.load.LoadServer CONFIG [--port N] [--log FILE] [--admin-port N]
 * </pre>
 *
 * <p>{@code CONFIG} is one of {@code undertow}, {@code undertow-faultline}, {@code jetty},
 * {@code jetty-faultline}, {@code jetty-logbook} (see {@link Config}). It prints {@code PORT n} on
 * standard output once the server listens on 127.0.0.1 (and {@code ADMIN n} for the admin listener).
 *
 * <ul>
 *   <li>{@code --log FILE}: the exchange log on: Logback with {@code logback-exchange.xml} (one line per
 *       exchange, from {@code faultline.http} or Logbook's logger, through an {@code AsyncAppender}
 *       over a {@code FileAppender} writing {@code FILE}). Without it, {@code logback-off.xml}: every
 *       logger off.</li>
 *   <li>{@code --admin-port N}: a benchmark-only listener (JDK {@code HttpServer}, 127.0.0.1, not
 *       behind Faultline and not counted) whose {@code GET /heap} runs {@code System.gc()} three times
 *       and answers the heap in use after it ({@code MemoryMXBean}).</li>
 * </ul>
 */
public final class LoadServer {

    /** The configurations the harness compares. */
    public enum Config {
        /** Undertow, the application's handler only. */
        UNDERTOW,
        /** Undertow, the application's handler wrapped in {@code FaultlineHandler}. */
        UNDERTOW_FAULTLINE,
        /** Jetty 12 EE10, the application's servlets only. */
        JETTY,
        /** Jetty 12 EE10 with {@code FaultlineFilter} in front of the servlets. */
        JETTY_FAULTLINE,
        /** Jetty 12 EE10 with Logbook's {@code LogbookFilter} in front of the servlets (needs {@code --log}). */
        JETTY_LOGBOOK;

        /** The name on the command line: {@code undertow-faultline}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Config of(String label) {
            for (Config c : values()) {
                if (c.label().equals(label)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown configuration '" + label + "'; one of undertow, "
                    + "undertow-faultline, jetty, jetty-faultline, jetty-logbook");
        }
    }

    private LoadServer() {
    }

    /** Starts the server; see the class comment. Exit status 2 on a bad argument. */
    public static void main(String[] args) throws Exception {
        Config config = null;
        int port = 0;
        int adminPort = -1;
        String log = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = port(args, ++i, "--port");
                    case "--admin-port" -> adminPort = port(args, ++i, "--admin-port");
                    case "--log" -> log = value(args, ++i, "--log");
                    default -> {
                        if (config != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        config = Config.of(args[i]);
                    }
                }
            }
            if (config == null) {
                throw new IllegalArgumentException("no configuration given");
            }
            if (config == Config.JETTY_LOGBOOK && log == null) {
                throw new IllegalArgumentException("jetty-logbook logs exchanges and needs --log FILE");
            }
        } catch (IllegalArgumentException bad) {
            System.err.println("LoadServer: " + bad.getMessage());
            System.err.println("usage: LoadServer undertow|undertow-faultline|jetty|jetty-faultline|jetty-logbook "
                    + "[--port N] [--log FILE] [--admin-port N]");
            System.exit(2);
            return;
        }

        // before anything asks SLF4J for a logger
        if (log != null) {
            System.setProperty("load.exchange.log", log);
            System.setProperty("logback.configurationFile", "dev/faultline/benchmarks/load/logback-exchange.xml");
        } else {
            System.setProperty("logback.configurationFile", "dev/faultline/benchmarks/load/logback-off.xml");
        }

        Faultline faultline = switch (config) {
            case UNDERTOW_FAULTLINE, JETTY_FAULTLINE -> LoadApp.faultline();
            default -> null;
        };
        Running running = switch (config) {
            case UNDERTOW -> UndertowServers.start(port, null);
            case UNDERTOW_FAULTLINE -> UndertowServers.start(port, faultline);
            case JETTY -> JettyServers.start(port, JettyServers.Front.NONE, null);
            case JETTY_FAULTLINE -> JettyServers.start(port, JettyServers.Front.FAULTLINE, faultline);
            case JETTY_LOGBOOK -> JettyServers.start(port, JettyServers.Front.LOGBOOK, null);
        };
        HttpServer admin = adminPort >= 0 ? admin(adminPort) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running, faultline, admin), "load-server-stop"));

        System.out.println("PORT " + running.port());
        if (admin != null) {
            System.out.println("ADMIN " + admin.getAddress().getPort());
        }
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }

    private static void stop(Running running, @Nullable Faultline faultline, @Nullable HttpServer admin) {
        try {
            running.stopper().stop();
        } catch (Exception e) {
            System.err.println("LoadServer: stopping the server failed: " + e);
        }
        if (faultline != null) {
            faultline.close();
        }
        if (admin != null) {
            admin.stop(0);
        }
        // flush the async appender's queue to the file
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    private static HttpServer admin(int port) throws IOException {
        HttpServer admin = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        admin.createContext("/heap", exchange -> {
            String body;
            try {
                MemoryUsage heap = heapAfterGc();
                body = "used_bytes " + heap.getUsed() + "\ncommitted_bytes " + heap.getCommitted() + "\n";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                body = "interrupted\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        admin.start();
        return admin;
    }

    /** The heap in use after full collections (three, a little apart, so that finalisation and queues settle). */
    static MemoryUsage heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number 0..65535, was '" + v + "'");
        }
    }
}
