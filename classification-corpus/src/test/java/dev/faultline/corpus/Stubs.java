package dev.faultline.corpus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback servers the corpus's clients fail against for real: an HTTP stub ({@code /status/NNN} answers
 * that status, with {@code Retry-After: 7} on 429 and 503; {@code /slow} answers after two seconds;
 * {@code /bad-json} answers 200 with a truncated JSON body), a TCP server that accepts and closes at once,
 * one that accepts and never answers, and a port bound to a socket that never listens (connections to it are
 * refused).
 */
final class Stubs implements AutoCloseable {

    static final int RETRY_AFTER_SECONDS = 7;

    final String http;
    final int closedPort;
    final int closingPort;
    final int silentPort;

    private final HttpServer server;
    private final ServerSocket closing;
    private final ServerSocket silent;
    private final Socket refusing;
    private final List<Socket> held = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Stubs() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/status/", exchange -> {
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
            if (status == 429 || status == 503) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            byte[] body = ("{\"error\":\"status " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException gone) {
                // the client gave up first: that is the point
            }
            exchange.close();
        });
        server.createContext("/bad-json", exchange -> {
            byte[] body = "{\"title\": oops".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "corpus-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        http = "http://127.0.0.1:" + server.getAddress().getPort();

        // bound but never listening: connecting is refused, and no other process can take the port meanwhile
        refusing = new Socket();
        refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closedPort = refusing.getLocalPort();

        closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closingPort = closing.getLocalPort();
        start(() -> {
            while (!closing.isClosed()) {
                try (Socket s = closing.accept()) {
                    s.setSoTimeout(200);
                    InputStream in = s.getInputStream();
                    try {
                        in.read(new byte[4096]); // let the request arrive, then hang up without a response
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                } catch (IOException stop) {
                    return;
                }
            }
        });

        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        silentPort = silent.getLocalPort();
        start(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    synchronized (held) {
                        held.add(s); // never answered, closed at the end
                    }
                } catch (IOException stop) {
                    return;
                }
            }
        });
    }

    private void start(Runnable r) {
        Thread t = new Thread(r, "corpus-tcp-stub");
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        refusing.close();
        closing.close();
        silent.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
