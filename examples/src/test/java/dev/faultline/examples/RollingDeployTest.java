package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a rolling deploy does to an instance, for real: the example app runs in a child JVM (as
 * {@code java -jar} would run it, production preset, JSON logs, {@code ALERT_WEBHOOK_URL} pointing at a
 * webhook receiver of this test that takes 3 s to answer each alert), six database and six
 * external-service failures fire alerts, a slow request is in flight, and half a second later the
 * process gets a real SIGTERM ({@link Process#destroy()}), as Kubernetes sends it.
 *
 * <p>Before the alert deliveries ran one at a time per channel, three alerts took 9 s to reach such a
 * receiver and the 5 s close deadline dropped one, logged only as a count. Now: the server drains (the
 * request in flight is answered), then Faultline closes and every alert the instance fired reaches the
 * receiver, and the log names none as undelivered.
 */
@DisplayName("A SIGTERM right after failures loses no alert and no request in flight")
class RollingDeployTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("video API listening on http:[\\\\/]+127\\.0\\.0\\.1:(\\d+)");
    private static final long RECEIVER_MILLIS = 3_000;

    private HttpServer receiver;
    private ExecutorService receiverThreads;
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process app;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile int port;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/alerts", this::slowReceive);
        receiver.start();
    }

    /** Takes 3 s per alert, then accepts it. */
    private void slowReceive(HttpExchange x) throws IOException {
        try (x) {
            x.getRequestBody().readAllBytes();
            try {
                Thread.sleep(RECEIVER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String id = x.getRequestHeaders().getFirst("X-Faultline-Alert-Id");
            if (id != null) {
                received.add(id);
            }
            x.sendResponseHeaders(200, -1);
        }
    }

    @AfterEach
    void stop() {
        if (app != null && app.isAlive()) {
            app.destroyForcibly();
        }
        client.close();
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    @DisplayName("every fired alert reaches the slow receiver; the request in flight is answered; nothing is named undelivered")
    void sigterm(ServerKind server) throws Exception {
        start(server);
        try {
            failThenSigterm();
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e + "\nthe app's output:\n" + String.join("\n", stdout), e);
        }
    }

    private void failThenSigterm() throws Exception {
        // one video, not the list: the list's shedding would answer for the database after a few failures
        for (int i = 0; i < 6; i++) {
            assertEquals(503, get("/videos/1?fail=database").statusCode());
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(502, get("/videos/1?fail=external").statusCode());
        }
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(base().resolve("/slow?ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // the scenario: the orchestrator stops the instance half a second later
        // SIGTERM; not Process.destroy(), which also closes the pipe of the app's output we still read
        assertTrue(app.toHandle().destroy(), "SIGTERM sent");

        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the app exits after SIGTERM");
        HttpResponse<String> slow = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, slow.statusCode(), "the request in flight was answered before the server stopped: " + slow.body());

        List<JsonNode> log = jsonLines();
        Set<String> fired = new TreeSet<>();
        List<String> undelivered = new ArrayList<>();
        boolean closedClean = false;
        int drained = -1;
        int closing = -1;
        for (int i = 0; i < log.size(); i++) {
            JsonNode line = log.get(i);
            String message = line.path("message").asText();
            if (message.startsWith("request completed") && "/slow".equals(kv(line).get("path"))) {
                drained = i;
            } else if (message.startsWith("server stopped; closing Faultline")) {
                closing = i;
            }
            if (!"faultline.alert".equals(line.path("logger_name").asText())) {
                continue;
            }
            if (message.startsWith("alerting closed; no alert left undelivered")) {
                closedClean = true;
                assertEquals("0", kv(line).get("dropped_total"), line.toString());
                assertEquals("0", kv(line).get("failed_total"), line.toString());
            }
            if (message.startsWith("alert fired:")) {
                fired.add(kv(line).get("alert_id"));
            } else if (message.startsWith("alert not delivered") || message.startsWith("alerting closed before")) {
                undelivered.add(line.toString());
            }
        }
        assertTrue(fired.size() >= 3, "critical_errors, database_errors and severity_high fired: " + fired + "\n" + String.join("\n", stdout));
        assertEquals(List.of(), undelivered, "no alert named undelivered");
        assertTrue(closedClean, "Faultline closed with every alert delivered (its shutdown hook ran)");
        assertTrue(drained >= 0 && closing > drained, "the request in flight completed before Faultline closed");
        assertEquals(fired, new TreeSet<>(received), "every fired alert reached the webhook receiver");
        assertEquals(143, app.exitValue(), "the JVM ended as SIGTERM ends it, after its shutdown hook");
    }

    private void start(ServerKind server) throws Exception {
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--server", server.label(), "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true);
        Map<String, String> env = java.environment();
        env.keySet().removeIf(name -> name.startsWith("SMTP_") || name.startsWith("ALERT_")
                || name.startsWith("SLACK_") || name.startsWith("FAULTLINE_") || name.equals("ENVIRONMENT"));
        env.put("FAULTLINE_ENV", "production");
        env.put("FAULTLINE_LOG_FORMAT", "json");
        env.put("ALERT_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
        app = java.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    stdout.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find() && port == 0) {
                        port = Integer.parseInt(m.group(1));
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "rolling-deploy-stdout");
        reader.setDaemon(true);
        reader.start();
        assertTrue(listening.await(60, TimeUnit.SECONDS), () -> "the app listens:\n" + String.join("\n", stdout));
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> jsonLines() throws InterruptedException {
        // the reader thread may still be reading the last lines
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int seen = -1;
        while (seen != stdout.size() && System.nanoTime() < end) {
            seen = stdout.size();
            Thread.sleep(100);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout) {
            if (line.startsWith("{")) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    // not a log line
                }
            }
        }
        return out;
    }

    /** The fields of a JSON line as text (LogstashEncoder: key-value pairs and MDC are top-level fields). */
    private static Map<String, String> kv(JsonNode line) {
        Map<String, String> out = new java.util.HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = line.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }
}
