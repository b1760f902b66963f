package dev.faultline.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP endpoint (JDK {@link HttpServer} on 127.0.0.1, a free port) that stands in for Slack and
 * for a generic webhook. It records every post it receives (arrival time, headers, body, what it
 * answered) and answers by script: each post takes the next scripted answer, and 200 "ok" once the script
 * is used up. An answer can be a status with headers, or a hang: no answer until {@link #release()}.
 */
public final class Receiver implements AutoCloseable {

    /** One received post. {@code status} is -1 for a post that hung. */
    public record Post(long arrivedNanos, Map<String, List<String>> headers, byte[] body, int status) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private record Answer(int status, Map<String, String> headers, boolean hang) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Receiver start() throws IOException {
        return new Receiver();
    }

    /** A URL where nothing listens: a free port, closed again. */
    public static URI down() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/hook");
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** The next {@code n} posts get {@code status}. */
    public Receiver fail(int n, int status) {
        for (int i = 0; i < n; i++) {
            script.add(new Answer(status, Map.of(), false));
        }
        return this;
    }

    /** The next post gets {@code status} with {@code headers}. */
    public Receiver answer(int status, Map<String, String> headers) {
        script.add(new Answer(status, headers, false));
        return this;
    }

    /** The next {@code n} posts get no answer until {@link #release()}. */
    public Receiver hang(int n) {
        for (int i = 0; i < n; i++) {
            script.add(new Answer(200, Map.of(), true));
        }
        return this;
    }

    public void release() {
        release.countDown();
    }

    public List<Post> posts() {
        return new ArrayList<>(posts);
    }

    /** The posts it answered with a 2xx. */
    public List<Post> accepted() {
        return posts.stream().filter(p -> p.status / 100 == 2).toList();
    }

    public void awaitPosts(int n) {
        Await.until(n + " posts arrived (have " + posts.size() + ")", () -> posts.size() >= n);
    }

    private void handle(HttpExchange x) throws IOException {
        long arrived = System.nanoTime();
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        Answer a = script.poll();
        if (a == null) {
            a = new Answer(200, Map.of(), false);
        }
        posts.add(new Post(arrived, Map.copyOf(x.getRequestHeaders()), body, a.hang ? -1 : a.status));
        try {
            if (a.hang) {
                release.await(30, TimeUnit.SECONDS);
            }
            a.headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
            byte[] out = (a.status / 100 == 2 ? "ok" : "error " + a.status).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(a.status, out.length);
            try (OutputStream os = x.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: nothing to answer to
        } finally {
            x.close();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
