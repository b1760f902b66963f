package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.examples.DemoTraffic.Kind;
import dev.faultline.examples.DemoTraffic.OutagePlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A short demo run with an outage phase ({@value #SECONDS} s, the database down from 1 s to 3 s)
 * against the API started in-process as {@code --demo-traffic} starts it. The list's breaker waits
 * {@value AppRecovery#SHED_OPEN_SECONDS} s, longer than this run, so the list is still shed at its end;
 * {@link OutageTest} sees it heal.
 */
@DisplayName("Demo traffic with an outage phase")
class DemoOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = 5;

    private static Main.Server server;
    private static DemoTraffic.Summary summary;

    @BeforeAll
    static void run() throws Exception {
        server = Main.start("127.0.0.1", 0, Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null)
                .monitoring(m -> m.token(TestToken.TOKEN))
                .security(s -> s.trustedProxies("127.0.0.1")));
        summary = DemoTraffic.run(server.uri(), Duration.ofSeconds(SECONDS), 2_000,
                new OutagePlan(Duration.ofSeconds(1), Duration.ofSeconds(3)), TestToken.TOKEN);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @DisplayName("takes the database down and up again, sees stale copies and the list shed, and reports them")
    void outage() {
        DemoTraffic.Outage outage = summary.outage();
        assertNotNull(outage, summary.toString());
        assertNotNull(outage.down(), summary.toString());
        assertNotNull(outage.up(), summary.toString());
        assertTrue(outage.up().compareTo(outage.down()) > 0, summary.toString());
        assertTrue(summary.count(Kind.OUTAGE) > 0, summary.toString());
        assertTrue(summary.stale() > 0, "no stale answer in " + summary);
        assertTrue(summary.shed() > 0, "nothing shed in " + summary);
        assertNotNull(outage.firstShed(), summary.toString());
        assertTrue(outage.firstShed().compareTo(outage.down()) > 0, summary.toString());
        assertTrue(summary.alerts().containsKey("critical_errors"), summary.alerts().toString());
        assertTrue(summary.alerts().containsKey("database_errors"), summary.alerts().toString());

        String report = summary.report(server.uri());
        assertTrue(report.contains("  outage:     database down at "), report);
        assertTrue(report.contains(summary.stale() + " stale answers (X-Faultline-Degraded: stale-if-error)"), report);
        assertTrue(report.contains(summary.shed() + " shed (503 resource_exhausted + Retry-After)"), report);
        assertTrue(report.contains("critical_errors "), report);
    }

    @Test
    @DisplayName("leaves the database up: /health is up and the server counted the same stale answers")
    void databaseBackUp() throws Exception {
        assertEquals("up", get("/admin/database").path("database").asText());
        assertEquals("up", get("/health").path("status").asText());
        JsonNode recovery = get("/metrics/performance").path("recovery");
        assertEquals(summary.stale(), recovery.path("degraded").asLong(), recovery.toString());
        // a shed GET with a stale copy is answered from it (a degraded 200), the others with a 503
        long shedOnServer = recovery.path("shed_requests").asLong();
        assertTrue(shedOnServer >= summary.shed(), recovery.toString());
        assertTrue(shedOnServer <= summary.shed() + summary.stale(), recovery.toString());
    }

    @Test
    @DisplayName("an outage phase from 30 % to 55 % of runs of 10 s or more")
    void plan() {
        assertNull(OutagePlan.forDuration(Duration.ofSeconds(DemoTraffic.OUTAGE_MIN_SECONDS - 1)));
        assertEquals(new OutagePlan(Duration.ofSeconds(3), Duration.ofMillis(5_500)),
                OutagePlan.forDuration(Duration.ofSeconds(10)));
        assertEquals(new OutagePlan(Duration.ofSeconds(9), Duration.ofMillis(16_500)),
                OutagePlan.forDuration(Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class,
                () -> new OutagePlan(Duration.ofSeconds(3), Duration.ofSeconds(3)));
        assertThrows(IllegalArgumentException.class, () -> DemoTraffic.run(URI.create("http://127.0.0.1:1/"),
                Duration.ofSeconds(2), 1, new OutagePlan(Duration.ofSeconds(1), Duration.ofSeconds(2))));
    }

    private static JsonNode get(String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = client.send(TestToken.forMonitoring(HttpRequest.newBuilder(server.uri().resolve(path)), path)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return JSON.readTree(r.body());
        }
    }
}
