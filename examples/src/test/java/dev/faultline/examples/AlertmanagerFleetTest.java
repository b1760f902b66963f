package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.alert.AlertLevel;
import dev.faultline.alert.AlertmanagerChannel;
import dev.faultline.alert.ThresholdRule;
import dev.faultline.error.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many instances, one Alertmanager: two instances of the example app (in this JVM, each with its own
 * Faultline, on free loopback ports) deliver their rule alerts through {@link AlertmanagerChannel} to a
 * real Alertmanager (Debian's {@code prometheus-alertmanager}, started here on loopback with a temporary
 * storage path, clustering off, and group timings of a second or two so the test stays short), which notifies
 * a webhook receiver on loopback (a JDK {@link HttpServer} recording each notification). Skipped without
 * the binary, failed without it under {@code FAULTLINE_CI=1}.
 */
@DisplayName("A fleet of two instances alerting through a real Alertmanager")
class AlertmanagerFleetTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Both instances' database errors fire it; it resolves after 3 s without one. */
    static final String DATABASE_RULE = "database_outage";
    /** External-service errors fire it; it stays firing for the rest of the test. */
    static final String EXTERNAL_RULE = "external_outage";
    static final String SHIPPED_CONFIG = "dev/faultline/micrometer/prometheus/alertmanager.yml";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    @Nullable HttpServer receiver;
    @Nullable Process alertmanager;
    int alertmanagerPort;

    static Path binary() {
        for (String candidate : List.of("/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager",
                "/usr/local/bin/alertmanager")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = "Alertmanager not found: install Debian's package 'prometheus-alertmanager'"
                + " (apt-get install prometheus-alertmanager)";
        if ("1".equals(System.getenv("FAULTLINE_CI"))) {
            fail(message + "; FAULTLINE_CI=1 requires it");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** An instance of the example app whose alerts go to Alertmanager, labelled {@code instance}. */
    Main.Server instance(String instance) throws Exception {
        URI am = URI.create("http://127.0.0.1:" + alertmanagerPort);
        return Main.start("127.0.0.1", 0, Faultline.builder().settings(name -> null)
                .environment(Environment.PRODUCTION)
                .defaultAlertRules(false)
                .alerting(a -> a.tickInterval(Duration.ofMillis(200))
                        .baseDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(1))
                        .rule(ThresholdRule.builder(DATABASE_RULE).condition(e -> e.type() == ErrorType.DATABASE)
                                .threshold(1).window(Duration.ofSeconds(3)).notifyResolved(true).level(AlertLevel.ERROR)
                                .messageTemplate("The video database is failing at {endpoint}").build())
                        .rule(ThresholdRule.builder(EXTERNAL_RULE).condition(e -> e.type() == ErrorType.EXTERNAL_SERVICE)
                                .threshold(1).window(Duration.ofMinutes(10)).notifyResolved(true).build())
                        .channel(AlertmanagerChannel.builder(am).service("videos").instance(instance)
                                .resendInterval(Duration.ofSeconds(1))
                                .dashboardUrl(URI.create("http://127.0.0.1/faultline/")).build())));
    }

    @AfterEach
    void stop() throws InterruptedException {
        stopAlertmanager();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("two instances' alerts come out as one notification; resolve, silence and an Alertmanager restart behave")
    void fleet() throws Exception {
        Path binary = binary();
        startReceiver();
        alertmanagerPort = freePort();
        writeConfig();
        startAlertmanager(binary, dir.resolve("data"));
        URI api = URI.create("http://127.0.0.1:" + alertmanagerPort);
        try (Main.Server a = instance("videos-a"); Main.Server b = instance("videos-b")) {
            // 1. the same rule fires on both instances: Alertmanager groups them into one notification
            assertEquals(503, status(a.uri().resolve("/videos/nope?fail=database")));
            assertEquals(503, status(b.uri().resolve("/videos/nope?fail=database")));
            JsonNode firing = await("a notification of " + DATABASE_RULE, () -> notificationsOf(DATABASE_RULE).stream().findFirst());
            assertEquals("firing", firing.path("status").asText(), firing.toString());
            assertEquals(Set.of("videos-a", "videos-b"), instances(firing), "both instances' alerts in the one notification: " + firing);
            assertEquals(1, notificationsOf(DATABASE_RULE).size(), "one notification for the fleet: " + notifications);
            JsonNode first = firing.path("alerts").get(0);
            assertEquals("videos", first.path("labels").path("service").asText());
            assertEquals("database", first.path("labels").path("error_type").asText());
            assertEquals("/videos/{id}", first.path("labels").path("endpoint").asText());
            assertEquals("error", first.path("labels").path("severity").asText());
            assertEquals("The video database is failing at /videos/{id}", first.path("annotations").path("summary").asText());
            assertTrue(first.path("annotations").path("request_id").asText().matches("[0-9a-f]{32}"), first.toString());
            assertEquals("http://127.0.0.1/faultline/", first.path("generatorURL").asText());

            // 2. three quiet seconds later the rule resolves on both, and the resolve reaches the receiver
            JsonNode resolved = await("the resolved notification", () -> notificationsOf(DATABASE_RULE).stream()
                    .filter(n -> n.path("status").asText().equals("resolved")).findFirst());
            assertEquals(Set.of("videos-a", "videos-b"), instances(resolved), resolved.toString());

            // 3. a silence made through Alertmanager's API suppresses the next firing
            String silence = silence(api, DATABASE_RULE);
            int before = notificationsOf(DATABASE_RULE).size();
            assertEquals(503, status(a.uri().resolve("/videos/nope?fail=database")));
            JsonNode suppressed = await("the new alert suppressed by the silence", () -> alerts(api, DATABASE_RULE).stream()
                    .filter(x -> x.path("status").path("state").asText().equals("suppressed")).findFirst());
            assertEquals(silence, suppressed.path("status").path("silencedBy").get(0).asText(), suppressed.toString());
            // longer than group_wait + group_interval: a notification would have come by now
            Thread.sleep(4_000);
            assertEquals(before, notificationsOf(DATABASE_RULE).size(), "silenced: no notification; " + notifications);

            // 4. Alertmanager down: an alert fires and cannot be delivered; once it is back, the
            // channel's re-send brings the active alert, and the receiver is notified
            stopAlertmanager();
            assertEquals(502, status(b.uri().resolve("/videos/nope?fail=external")));
            Thread.sleep(1_500); // the first delivery and re-sends fail meanwhile
            startAlertmanager(binary, dir.resolve("data-after-restart")); // a new Alertmanager knows no alert
            JsonNode recovered = await("the alert raised while Alertmanager was down", () -> notificationsOf(EXTERNAL_RULE).stream()
                    .findFirst());
            assertEquals(Set.of("videos-b"), instances(recovered), recovered.toString());
            assertEquals("firing", recovered.path("status").asText());
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\nnotifications: " + notifications + "\nalertmanager log:\n" + log(), e);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("the shipped alertmanager.yml, next to the Prometheus rules, passes amtool check-config")
    void shippedConfig() throws Exception {
        Path amtool = binary().resolveSibling("amtool");
        assertTrue(Files.isExecutable(amtool), amtool + " comes with the Alertmanager package");
        Path config = dir.resolve("alertmanager.yml");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SHIPPED_CONFIG)) {
            assertTrue(in != null, SHIPPED_CONFIG + " is on the class path (faultline-micrometer)");
            Files.copy(in, config);
        }
        Process p = new ProcessBuilder(amtool.toString(), "check-config", config.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "amtool finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("SUCCESS"), out);
    }

    // ---------------------------------------------------------------- Alertmanager

    void writeConfig() throws IOException {
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: hook
                  group_by: [alertname, service]
                  group_wait: 2s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                        send_resolved: true
                """.formatted(receiver.getAddress().getPort()));
    }

    void startAlertmanager(Path binary, Path storage) throws Exception {
        alertmanager = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=", // no cluster: no gossip port, no settle wait
                "--log.level=info")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                .start();
        URI ready = URI.create("http://127.0.0.1:" + alertmanagerPort + "/-/ready");
        await("Alertmanager ready", () -> status(ready) == 200 ? Optional.of(true) : Optional.empty());
    }

    void stopAlertmanager() throws InterruptedException {
        Process p = alertmanager;
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            alertmanager = null;
        }
    }

    /** Creates a silence of {@code alertname} for an hour; returns its id. */
    String silence(URI api, String alertname) throws Exception {
        Instant now = Instant.now();
        String body = JSON.writeValueAsString(java.util.Map.of(
                "matchers", List.of(java.util.Map.of("name", "alertname", "value", alertname, "isRegex", false, "isEqual", true)),
                "startsAt", now.toString(), "endsAt", now.plus(Duration.ofHours(1)).toString(),
                "createdBy", "AlertmanagerFleetTest", "comment", "maintenance"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/api/v2/silences"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("silenceID").asText();
    }

    /** Alertmanager's alerts of that name, suppressed ones included. */
    List<JsonNode> alerts(URI api, String alertname) {
        String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/api/v2/alerts?filter=" + filter))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).forEach(out::add);
            return out;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    // ---------------------------------------------------------------- the webhook receiver

    void startReceiver() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/hook", x -> {
            try (InputStream in = x.getRequestBody()) {
                notifications.add(JSON.readTree(in.readAllBytes()));
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        s.start();
        receiver = s;
    }

    List<JsonNode> notificationsOf(String alertname) {
        return notifications.stream().filter(n -> alertname.equals(n.path("groupLabels").path("alertname").asText())).toList();
    }

    static Set<String> instances(JsonNode notification) {
        Set<String> out = new TreeSet<>();
        notification.path("alerts").forEach(x -> out.add(x.path("labels").path("instance").asText()));
        return out;
    }

    // ---------------------------------------------------------------- helpers

    int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening (yet)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code check} every 100 ms until it has a value, for at most {@link #WAIT}. */
    static <T> T await(String what, Supplier<Optional<T>> check) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> v = check.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
