package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.micrometer.FaultlineMetrics;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The series budget of one instance: after the 15-second demo (every kind of traffic the demo sends,
 * the outage included) the example app's {@code /metrics/prometheus} holds fewer than 250 series, the
 * JVM's own meters included (it held 1,693 when {@code faultline.requests} was a 70-bucket histogram per
 * status and error type), and Faultline's within {@link FaultlineMetrics#seriesBound(int, int)}.
 */
@DisplayName("The example's Prometheus series stay under budget")
class SeriesBudgetTest {

    static final int BUDGET = 250;

    @Test
    @DisplayName("after a 15-second demo: fewer than 250 series, Faultline's within the stated bound")
    void afterTheDemo() throws Exception {
        try (Main.Server server = Main.start("127.0.0.1", 0, Faultline.builder()
                .environment(Environment.PRODUCTION)
                .settings(name -> null)
                .security(s -> s.trustedProxies("127.0.0.1")));
                HttpClient client = HttpClient.newHttpClient()) {
            DemoTraffic.Summary summary = DemoTraffic.run(server.uri(), Duration.ofSeconds(15), DemoTraffic.DEFAULT_MAX_REQUESTS);
            assertTrue(summary.count(DemoTraffic.Kind.OUTAGE) > 0, "the demo ran its outage too");

            String scrape = client.send(HttpRequest.newBuilder(server.uri().resolve("/metrics/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> series = scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            long faultline = series.stream().filter(l -> l.startsWith("faultline_")).count();
            long buckets = series.stream().filter(l -> l.startsWith("faultline_requests_seconds_bucket")).count();
            int pairs = server.faultline().performance().endpoints().size();
            long checks = series.stream().filter(l -> l.startsWith("faultline_health_check{")).count();
            System.out.printf("series after the demo: %d (faultline %d, of which %d histogram buckets; %d endpoints)%n",
                    series.size(), faultline, buckets, pairs);

            assertTrue(series.size() < BUDGET, series.size() + " series:\n" + scrape);
            assertTrue(faultline <= FaultlineMetrics.seriesBound(pairs, 5) + checks,
                    faultline + " Faultline series for " + pairs + " endpoints");
            assertEquals(0, series.stream().filter(l -> l.startsWith("faultline_requests_seconds")
                    && (l.contains("error=") || l.contains("status="))).count(), "no error type, no status on the histogram");
        }
    }
}
