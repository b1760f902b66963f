package dev.faultline.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.testkit.TestRequest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Whatever methods and paths clients send, the meters' tags stay within Faultline's own endpoint
 * bound: the (method, endpoint) pairs on {@code faultline.requests} are exactly those the performance
 * monitor tracks (at most {@code maxEndpoints}, plus {@code * _other}), and {@code faultline.errors}
 * has at most {@code maxEndpoints + 1} endpoints.
 */
class CardinalityProperties {

    record Call(String method, String path, @Nullable String template, int status) {
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<String> methods = Arbitraries.oneOf(
                Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> paths = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(s -> "/" + s),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).list().ofMinSize(1).ofMaxSize(4)
                        .map(parts -> "/" + String.join("/", parts)));
        Arbitrary<String> templates = Arbitraries.of("/videos/{id}", "/videos", "/users/{id}/videos").injectNull(0.6);
        Arbitrary<Integer> statuses = Arbitraries.of(200, 201, 204, 302, 400, 404, 409, 429, 500, 502, 503);
        return Combinators.combine(methods, paths, templates, statuses).as(Call::new);
    }

    @Property(tries = 60)
    void tagsStayWithinTheCoreBound(@ForAll @IntRange(min = 1, max = 12) int maxEndpoints,
            @ForAll @Size(max = 150) List<@net.jqwik.api.From("calls") Call> calls) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .alertingEnabled(false).security(s -> s.rateLimit(false))
                .performance(p -> p.maxEndpoints(maxEndpoints)).build();
                FaultlineMetrics metrics = FaultlineMetrics.create(faultline)) {
            metrics.bindTo(registry);
            for (Call c : calls) {
                TestRequest request = TestRequest.of(c.method(), c.path());
                if (c.template() != null) {
                    request.route(c.template());
                }
                Exchange x = faultline.open(request);
                int status = c.status();
                if (status >= 400) {
                    ErrorReply r = x.failStatus(status);
                    status = r.status();
                }
                x.close(ResponseView.of(status, 0));
            }

            Set<String> pairs = new HashSet<>();
            for (Meter m : registry.find("faultline.requests").meters()) {
                pairs.add(m.getId().getTag("method") + " " + m.getId().getTag("endpoint"));
            }
            Set<String> core = new HashSet<>();
            for (PerformanceStats.Endpoint e : faultline.performance().endpoints()) {
                core.add(e.method() + " " + e.endpoint());
            }
            assertEquals(core, pairs, "the same (method, endpoint) pairs as the performance monitor");
            assertTrue(pairs.size() <= maxEndpoints + 1, pairs::toString);

            Set<String> errorEndpoints = new HashSet<>();
            for (Meter m : registry.find("faultline.errors").meters()) {
                errorEndpoints.add(m.getId().getTag("endpoint"));
            }
            assertTrue(errorEndpoints.size() <= maxEndpoints + 1, errorEndpoints::toString);
        }
    }

    /**
     * The series budget: whatever the traffic, the Prometheus scrape of this binder's meters holds at
     * most {@link FaultlineMetrics#seriesBound(int, int)} series for the (method, endpoint) pairs the
     * performance monitor tracks, and the request histogram at most {@code (buckets + 4)} series per
     * (method, endpoint, outcome) seen.
     */
    @Property(tries = 40)
    void seriesStayWithinTheStatedBound(@ForAll @IntRange(min = 1, max = 12) int maxEndpoints,
            @ForAll @Size(max = 150) List<@net.jqwik.api.From("calls") Call> calls) {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        try (Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .alertingEnabled(false).security(s -> s.rateLimit(false))
                .performance(p -> p.maxEndpoints(maxEndpoints)).build();
                FaultlineMetrics metrics = FaultlineMetrics.create(faultline)) {
            metrics.bindTo(registry);
            Set<String> combinations = new HashSet<>();
            for (Call c : calls) {
                TestRequest request = TestRequest.of(c.method(), c.path());
                if (c.template() != null) {
                    request.route(c.template());
                }
                Exchange x = faultline.open(request);
                int status = c.status();
                if (status >= 400) {
                    status = x.failStatus(status).status();
                }
                x.close(ResponseView.of(status, 0));
            }
            int pairs = faultline.performance().endpoints().size();
            int buckets = metrics.latencyBuckets().size();

            long series = 0;
            long requestSeries = 0;
            for (String line : registry.scrape().split("\n")) {
                if (line.startsWith("faultline_")) {
                    series++;
                }
                if (line.startsWith("faultline_requests_seconds")) {
                    requestSeries++;
                    // the label set, from { to the last }: a path may hold spaces (so cutting at the first
                    // space merged two endpoints into one combination); a quote in a value is escaped
                    String labels = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
                    combinations.add(labels.replaceAll(",?le=\"[^\"]*\"", ""));
                }
            }
            assertTrue(series <= FaultlineMetrics.seriesBound(pairs, buckets),
                    () -> "series within the stated bound for " + pairs + " endpoints");
            assertEquals(combinations.size() * (long) (buckets + 4), requestSeries,
                    "(buckets + +Inf + count + sum + max) per method, endpoint and outcome");
            assertTrue(combinations.size() <= pairs * 6L, combinations::toString);
        }
    }
}
