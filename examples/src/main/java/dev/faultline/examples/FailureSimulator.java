package dev.faultline.examples;

import dev.faultline.error.FieldError;
import dev.faultline.error.ValidationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Provokes real failures for {@code ?fail=…}, so that Faultline classifies the exceptions a real
 * service meets rather than hand-made ones:
 * <ul>
 *   <li>{@code database} — opens a private in-memory H2 database, shuts it down under the open
 *       connection and queries on: H2 throws the {@link SQLException} of a database that went away
 *       ({@code SQLNonTransientConnectionException}, "Database is already closed"; database, 503). (A
 *       statement on a table that does not exist would be a bug, internal 500, not a database failure;
 *       H2's client to a closed port retries for over a second.)</li>
 *   <li>{@code external} — calls a loopback port nothing listens on with the JDK {@link HttpClient}: a
 *       {@link java.net.ConnectException} (external service, 502);</li>
 *   <li>{@code timeout} — calls a loopback server of its own that accepts connections and never
 *       answers, with a {@value #TIMEOUT_MILLIS} ms request timeout: an
 *       {@link java.net.http.HttpTimeoutException} (timeout, 504).</li>
 * </ul>
 * The exceptions propagate untouched. The silent server holds at most {@value #MAX_SILENT_CONNECTIONS}
 * connections (more wait in the listen backlog, which times out the same way) and drops each one when
 * the client hangs up or after {@value #SILENT_HOLD_MILLIS} ms.
 *
 * <p><b>The video CDN.</b> The upstream these calls stand for is the app's "video CDN". Besides the
 * closed port and the silent server, the simulator runs a healthy stand-in for it: a JDK
 * {@link HttpServer} on {@code 127.0.0.1} and a free port whose {@code GET /ping} answers 200 at once.
 * {@link #pingCdn()} calls it the way a health check calls a real upstream: a real HTTP request with a
 * short timeout ({@value #CDN_PING_TIMEOUT_MILLIS} ms). So the {@code video-cdn} health check is up by
 * default, while {@code ?fail=external} still meets a refused connection.
 *
 * <p>Thread-safe. {@link #close()} stops the silent server, the CDN stand-in and the HTTP client.
 */
public final class FailureSimulator implements AutoCloseable {

    /** The query parameter that asks for a failure. */
    public static final String PARAMETER = "fail";

    /** The request timeout of the {@code timeout} failure. */
    public static final long TIMEOUT_MILLIS = 200;

    /** The request timeout of {@link #pingCdn()}. */
    public static final long CDN_PING_TIMEOUT_MILLIS = 300;

    static final int MAX_SILENT_CONNECTIONS = 64;
    static final int SILENT_HOLD_MILLIS = 30_000;

    private static final List<String> KINDS = List.of("database", "external", "timeout");
    private static final InetAddress LOOPBACK = ipv4Loopback();

    private final DataSource database;
    private final HttpClient http;
    private final ServerSocket silent;
    private final HttpServer cdn;
    private final URI cdnPing;
    private final Semaphore silentSlots = new Semaphore(MAX_SILENT_CONNECTIONS);
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();

    private FailureSimulator(DataSource database, ServerSocket silent, HttpServer cdn) {
        this.database = database;
        this.silent = silent;
        this.cdn = cdn;
        this.cdnPing = URI.create("http://" + LOOPBACK.getHostAddress() + ":" + cdn.getAddress().getPort() + "/ping");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * Starts the simulator, its silent loopback server and the CDN stand-in.
     *
     * @throws IOException if either server cannot bind a loopback port
     */
    public static FailureSimulator start(DataSource database) throws IOException {
        Objects.requireNonNull(database, "database");
        ServerSocket silent = new ServerSocket();
        HttpServer cdn;
        try {
            silent.bind(new InetSocketAddress(LOOPBACK, 0));
            cdn = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 16);
        } catch (IOException | RuntimeException e) {
            silent.close();
            throw e;
        }
        cdn.createContext("/ping", FailureSimulator::pong);
        cdn.setExecutor(null); // the server's own thread: the answer is immediate
        cdn.start();
        FailureSimulator simulator = new FailureSimulator(database, silent, cdn);
        Thread.ofPlatform().daemon().name("faultline-examples-silent-server").start(simulator::acceptForever);
        return simulator;
    }

    /**
     * Calls the CDN stand-in's {@code GET /ping} with a {@value #CDN_PING_TIMEOUT_MILLIS} ms timeout, as
     * the {@code video-cdn} health check.
     *
     * @return the HTTP status it answered
     * @throws IOException if it cannot be reached or does not answer in time
     * @throws InterruptedException if interrupted while waiting (a health check that timed out)
     */
    public int pingCdn() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(cdnPing)
                .timeout(Duration.ofMillis(CDN_PING_TIMEOUT_MILLIS))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The address of the CDN stand-in's ping ({@code http://127.0.0.1:PORT/ping}). */
    public URI cdnPingUri() {
        return cdnPing;
    }

    /** The CDN stand-in's {@code /ping}: 200 with a tiny JSON body, whatever was asked. */
    private static void pong(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /**
     * Runs the failure named by {@code kind} ({@code null}: none). Returns normally only when
     * {@code kind} is {@code null}.
     *
     * @throws ValidationException if {@code kind} names no failure (400)
     * @throws Exception the provoked failure itself
     */
    public void provoke(@Nullable String kind) throws Exception {
        if (kind == null) {
            return;
        }
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "database" -> failingQuery();
            case "external" -> callClosedPort();
            case "timeout" -> callSilentServer();
            default -> throw new ValidationException("Unknown failure to simulate.",
                    List.of(new FieldError(PARAMETER, "must be one of " + String.join(", ", KINDS))));
        }
    }

    private void failingQuery() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:", "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT id, title FROM video_archive WHERE archived = TRUE");
            }
        }
    }

    private void callClosedPort() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort(); // free a moment ago, and closed again now
        }
        // the refusal comes at once; the longer timeout only keeps a busy machine from turning it into a 504
        call(uri(port), Duration.ofSeconds(2));
    }

    private void callSilentServer() throws IOException, InterruptedException {
        call(uri(silent.getLocalPort()), Duration.ofMillis(TIMEOUT_MILLIS));
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1}); // no lookup; 127.0.0.1 even where IPv6 is preferred
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e); // not for a 4-byte address
        }
    }

    private static URI uri(int port) {
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + port + "/render");
    }

    private void call(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .GET()
                .build();
        http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    /** Accepts connections and never answers them; reads and discards whatever the client sends. */
    private void acceptForever() {
        while (!silent.isClosed()) {
            try {
                silentSlots.acquire();
                Socket socket;
                try {
                    socket = silent.accept();
                } catch (IOException | RuntimeException e) {
                    silentSlots.release();
                    throw e;
                }
                held.add(socket);
                Thread.ofVirtual().name("faultline-examples-silent-connection").start(() -> hold(socket));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                return; // closed; connections still queue in the backlog and time out all the same
            }
        }
    }

    private void hold(Socket socket) {
        try (socket) {
            socket.setSoTimeout(SILENT_HOLD_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[1024];
            while (in.read(sink) >= 0) {
                // never answer
            }
        } catch (IOException e) {
            // the client gave up, or we held it long enough
        } finally {
            held.remove(socket);
            silentSlots.release();
        }
    }

    /** The port of the silent server (for tests). */
    int silentPort() {
        return silent.getLocalPort();
    }

    @Override
    public void close() {
        cdn.stop(0);
        try {
            silent.close();
        } catch (IOException e) {
            // nothing more to do
        }
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
        http.shutdownNow();
    }
}
