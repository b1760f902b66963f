package dev.faultline.examples.spring;

import dev.faultline.error.FieldError;
import dev.faultline.error.ValidationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Real failures on demand ({@code ?fail=database|external|timeout}): a query on a database that was just
 * shut down (H2's {@code SQLException}), a call to a closed port ({@code ConnectException}) and a call
 * to a server that accepts and never answers ({@code HttpTimeoutException}). The silent server also
 * stands in for a video CDN's {@code /ping} for the {@code video-cdn} health check: it answers that one.
 */
final class Failures implements AutoCloseable {

    static final String PARAMETER = "fail";
    static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final int MAX_HELD = 64;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] PING = "GET /ping ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ServerSocket silent;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Socket> held = new ArrayList<>();

    private Failures(ServerSocket silent) {
        this.silent = silent;
        Thread.ofPlatform().daemon().name("video-cdn-stand-in").start(this::serve);
    }

    static Failures start() throws IOException {
        return new Failures(new ServerSocket(0, 50, LOOPBACK));
    }

    /** Accepts connections; answers {@code GET /ping} with 200, holds every other request unanswered. */
    private void serve() {
        while (!silent.isClosed()) {
            try {
                Socket s = silent.accept();
                byte[] head = s.getInputStream().readNBytes(PING.length);
                if (java.util.Arrays.equals(head, PING)) {
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.close();
                } else {
                    synchronized (held) { // held unanswered; the oldest let go beyond a few dozen
                        held.add(s);
                        if (held.size() > MAX_HELD) {
                            held.remove(0).close();
                        }
                    }
                }
            } catch (IOException e) {
                // closed, or a client that went away
            }
        }
    }

    void provoke(@Nullable String kind) throws Exception {
        if (kind == null) {
            return;
        }
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "database" -> failingQuery();
            case "external" -> callClosedPort();
            case "timeout" -> call(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/render"), TIMEOUT);
            default -> throw new ValidationException("Unknown failure to simulate.",
                    List.of(new FieldError(PARAMETER, "must be one of database, external, timeout")));
        }
    }

    /** The CDN stand-in's status for {@code GET /ping}. */
    int pingCdn() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/ping"))
                .timeout(Duration.ofMillis(800)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void failingQuery() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "")) {
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
        call(URI.create("http://127.0.0.1:" + port + "/render"), Duration.ofSeconds(2));
    }

    private void call(URI uri, Duration timeout) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() throws IOException {
        silent.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
        client.close();
    }
}
