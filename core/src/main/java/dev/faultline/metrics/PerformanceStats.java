package dev.faultline.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the latency and outcome statistics, overall and per endpoint, over the last minute,
 * five minutes and hour. Taken by {@code Faultline.performance()}; the body of
 * {@code /metrics/performance} (with the security and recovery figures). Immutable and thread-safe.
 *
 * <pre>{@code
 * PerformanceStats performance = faultline.performance();
 * double p99 = performance.overall().lastHour().p99Ms();
 * performance.endpoint("GET", "/videos/{id}").map(e -> e.windows().lastHour().totalRequests());
 * }</pre>
 *
 * <p>The constructor refuses {@code null} components, keys and elements, and keeps unmodifiable copies
 * of the collections it is given.
 *
 * @param slowRequestThreshold the duration at or over which a request counts as slow
 * @param overall every request's figures, {@value #OTHER} included
 * @param endpoints each tracked endpoint's figures, most requests in the last hour first, then
 *        {@value #OTHER} (method {@code *}) where endpoints were folded into it;
 *        unmodifiable
 * @param trackedEndpoints the endpoints counted on their own
 * @param maxEndpoints the most endpoints counted on their own; later ones are folded
 * @param foldedEndpoints an estimate of the distinct endpoints folded into {@value #OTHER}
 * @param foldedRequests the requests recorded under {@value #OTHER}
 */
public record PerformanceStats(Duration slowRequestThreshold, Windows overall, List<Endpoint> endpoints,
        int trackedEndpoints, int maxEndpoints, long foldedEndpoints, long foldedRequests) {

    /** The endpoint that collects endpoints beyond {@link PerformanceConfig#maxEndpoints()}. */
    public static final String OTHER = "_other";
    /** The endpoint of requests no route matched. */
    public static final String UNMATCHED = "_unmatched";
    /**
     * The endpoint of requests refused before the application routed them (rate-limited, blocked by a
     * signature, shed, malformed): one fixed name, so that refused requests to any number of distinct
     * paths create no endpoint.
     */
    public static final String REJECTED = "_rejected";

    public PerformanceStats {
        Objects.requireNonNull(slowRequestThreshold, "slowRequestThreshold");
        Objects.requireNonNull(overall, "overall");
        endpoints = List.copyOf(endpoints);
    }

    /** Requests in the last hour: {@code overall().lastHour().totalRequests()}. */
    public long totalRequests() {
        return overall.lastHour().totalRequests();
    }

    /** The figures of {@code method} and {@code endpoint} (a route template), if it is tracked on its own. */
    public Optional<Endpoint> endpoint(String method, String endpoint) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        for (Endpoint e : endpoints) {
            if (e.method().equals(method) && e.endpoint().equals(endpoint)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The figures of one span. Latencies are in milliseconds to three decimals; percentiles are within
     * 1/64 of the exact value (a fixed-size log-linear histogram); every figure is 0 without requests.
     *
     * @param totalRequests requests finished in the span
     * @param errorRequests of which answered with a 5xx status
     * @param clientErrorRequests of which answered with a 4xx status
     * @param slowRequests of which at or over the slow-request threshold
     * @param averageDurationMs the mean duration
     * @param p50Ms the median duration
     * @param p90Ms the 90th percentile
     * @param p99Ms the 99th percentile
     * @param maxMs the longest duration
     */
    public record Window(long totalRequests, long errorRequests, long clientErrorRequests, long slowRequests,
            double averageDurationMs, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    }

    /**
     * The three spans of one owner (every request, or one endpoint); each includes the current,
     * partly elapsed minute.
     *
     * @param lastMinute the last minute
     * @param lastFiveMinutes the last five minutes
     * @param lastHour the last hour (in five-minute steps)
     */
    public record Windows(Window lastMinute, Window lastFiveMinutes, Window lastHour) {
        public Windows {
            Objects.requireNonNull(lastMinute, "lastMinute");
            Objects.requireNonNull(lastFiveMinutes, "lastFiveMinutes");
            Objects.requireNonNull(lastHour, "lastHour");
        }
    }

    /**
     * One endpoint's figures.
     *
     * @param method the HTTP method; {@code *} for {@value #OTHER}
     * @param endpoint the route template, {@value #UNMATCHED},
     *        {@value #REJECTED} or {@value #OTHER}
     * @param windows its figures
     */
    public record Endpoint(String method, String endpoint, Windows windows) {
        public Endpoint {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(windows, "windows");
        }
    }
}
