package dev.faultline.micrometer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Environment;
import dev.faultline.Faultline;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.ResponseView;
import dev.faultline.metrics.PerformanceStats;
import dev.faultline.security.SecurityConfig;
import dev.faultline.testkit.TestRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Issue 14: requests refused before the application routes them (rate-limited, blocked by a
 * signature), to any number of distinct paths, add no Prometheus series beyond the one fixed
 * {@code _rejected} endpoint: the application's own routes keep theirs, and a hostile client cannot take
 * the endpoint table (it took one 70-bucket histogram per random path before).
 */
class RejectedSeriesProperties {

    record Refused(String method, String path, boolean script) {
    }

    @Provide
    Arbitrary<Refused> refused() {
        return Combinators.combine(
                Arbitraries.of("GET", "POST", "DELETE", "PUT", "PROPFIND"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30).map(s -> "/" + s),
                Arbitraries.of(true, false)).as(Refused::new);
    }

    @Property(tries = 30)
    void refusedRequestsAddNoSeries(@ForAll @Size(max = 200) List<@From("refused") Refused> requests) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (Faultline faultline = Faultline.builder().settings(name -> null).environment(Environment.PRODUCTION)
                .ticker(nanos::get).alertingEnabled(false)
                .security(s -> s.maxRequestsPerMinute(1).signatureMode(SecurityConfig.Mode.BLOCK)).build();
                FaultlineMetrics metrics = FaultlineMetrics.create(faultline)) {
            metrics.bindTo(registry);
            Exchange first = faultline.open(TestRequest.get("/videos/1").route("/videos/{id}").remoteAddress("203.0.113.9"));
            assertTrue(first.rejection().isEmpty());
            first.close(ResponseView.of(200, 2));
            Set<String> before = endpoints(registry.scrape());

            for (Refused r : requests) {
                TestRequest request = TestRequest.of(r.method(), r.path()).remoteAddress("203.0.113.9");
                if (r.script()) {
                    request.query("q=%3Cscript%3Ealert(1)%3C/script%3E");
                }
                Exchange x = faultline.open(request);
                ErrorReply refusal = x.rejection().orElseThrow(() -> new AssertionError("admitted: " + r));
                x.close(ResponseView.of(refusal.status(), refusal.body().length));
            }

            Set<String> added = endpoints(registry.scrape());
            added.removeAll(before);
            added.remove(PerformanceStats.REJECTED);
            assertTrue(added.isEmpty(), () -> "refused requests added series for " + added);
        }
    }

    private static final Pattern ENDPOINT = Pattern.compile("endpoint=\"([^\"]*)\"");

    private static Set<String> endpoints(String scrape) {
        Set<String> out = new TreeSet<>();
        Matcher m = ENDPOINT.matcher(scrape);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
