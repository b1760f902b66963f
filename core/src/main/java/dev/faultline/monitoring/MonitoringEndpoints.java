package dev.faultline.monitoring;

import dev.faultline.error.ErrorType;
import dev.faultline.error.FaultlineException;
import dev.faultline.error.FieldError;
import dev.faultline.error.NotFoundException;
import dev.faultline.error.ValidationException;
import dev.faultline.health.HealthReport;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.http.HttpReply;
import dev.faultline.http.RequestView;
import dev.faultline.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring endpoints, independent of any server: an adapter that sees a path the
 * {@link MonitoringConfig} {@linkplain MonitoringConfig#owns owns} opens the exchange as usual and
 * calls {@link #handle(Exchange, RequestView)}, then writes the reply.
 *
 * <ul>
 *   <li>{@code GET /metrics/errors}, {@code /metrics/insights}, {@code /metrics/performance}: JSON;</li>
 *   <li>{@code GET /metrics/trends?hours=N} (1 to the retention, default 1) and
 *       {@code /metrics/alerts?hours=N} (1 to {@value MonitoringConfig#MAX_ALERT_HOURS}, default 24);</li>
 *   <li>{@code GET /health} and {@code /health/ready} (readiness), {@code /health/live} (liveness):
 *       200 when up or degraded, 503 when down;</li>
 *   <li>the {@linkplain MonitoringResource extra resources} registered with the configuration.</li>
 * </ul>
 *
 * <p>A bad parameter is a 400 problem naming it, an unknown path under the endpoints a 404 problem, a
 * method other than GET or HEAD a 405 problem, a refused caller a 401 problem; never a 500 for bad
 * input. Responses are {@code application/json} with {@code Cache-Control: no-store}; each body is the
 * JSON of the snapshot record its {@link MonitoringSources} method returns. Thread-safe.
 */
public final class MonitoringEndpoints {

    private final MonitoringConfig config;
    private final MonitoringSources sources;

    public MonitoringEndpoints(MonitoringConfig config, MonitoringSources sources) {
        this.config = Objects.requireNonNull(config, "config");
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** The configuration. */
    public MonitoringConfig config() {
        return config;
    }

    /** Whether {@code path} is one of the endpoints' paths (and they are enabled). */
    public boolean owns(String path) {
        return config.owns(path);
    }

    /**
     * Answers a request for one of the endpoints. Failures become problems through {@code exchange},
     * with its request id.
     */
    public HttpReply handle(Exchange exchange, RequestView request) {
        String relative = request.path().substring(config.base().length());
        try {
            MonitoringResource resource = MonitoringConfig.BUILT_IN.contains(relative) ? null
                    : config.resourceFor(relative);
            if (!config.permits(relative, request, resource == null || requiresToken(resource, relative))) {
                ErrorReply denied = exchange.fail(new FaultlineException(ErrorType.AUTHENTICATION,
                        "The monitoring endpoints need a valid token.", "monitoring access refused", null));
                List<Map.Entry<String, String>> headers = new ArrayList<>(denied.headers());
                headers.add(Map.entry("WWW-Authenticate", "Bearer realm=\"faultline\""));
                return new ErrorReply(denied.status(), headers, denied.body(), denied.classification());
            }
            String method = request.method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ErrorReply r = exchange.fail(new FaultlineException(ErrorType.VALIDATION,
                        "The monitoring endpoints answer GET only.").withStatus(405));
                List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
                headers.add(Map.entry("Allow", "GET, HEAD"));
                return new ErrorReply(r.status(), headers, r.body(), r.classification());
            }
            return switch (relative) {
                case "/metrics/errors" -> json(200, MonitoringJson.errors(sources.errors()));
                case "/metrics/trends" -> json(200,
                        MonitoringJson.trends(sources.trends(hours(request, 1, sources.retentionHours()))));
                case "/metrics/insights" -> json(200, MonitoringJson.insights(sources.insights()));
                case "/metrics/alerts" -> json(200,
                        MonitoringJson.alerts(sources.alerts(hours(request, 24, MonitoringConfig.MAX_ALERT_HOURS))));
                case "/metrics/performance" -> json(200, MonitoringJson.performance(sources.performance(),
                        sources.security(), sources.recovery()));
                case "/health", "/health/ready" -> health(sources.readiness());
                case "/health/live" -> health(sources.liveness());
                default -> {
                    if (resource == null) {
                        throw new NotFoundException("No monitoring endpoint at this path.");
                    }
                    HttpReply reply = resource.serve(relative, request);
                    if (reply == null) {
                        throw new IllegalStateException("monitoring resource " + resource.path() + " returned null");
                    }
                    yield reply;
                }
            };
        } catch (Throwable t) {
            return exchange.fail(t);
        }
    }

    private static boolean requiresToken(MonitoringResource resource, String relative) {
        try {
            return resource.requiresToken(relative);
        } catch (RuntimeException e) {
            return true; // a failing resource keeps the guard
        }
    }

    private static HttpReply health(HealthReport report) {
        return json(report.httpStatus(), MonitoringJson.health(report));
    }

    private static int hours(RequestView request, int fallback, int max) {
        String raw = queryParameter(request.query(), "hours");
        if (raw == null) {
            return fallback;
        }
        int hours;
        try {
            hours = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalidHours(max);
        }
        if (hours < 1 || hours > max) {
            throw invalidHours(max);
        }
        return hours;
    }

    private static ValidationException invalidHours(int max) {
        return new ValidationException("The parameter 'hours' must be a whole number from 1 to " + max + ".",
                List.of(new FieldError("hours", "must be a whole number from 1 to " + max)));
    }

    /** The first value of a query parameter (raw, not decoded: the endpoints take plain numbers). */
    static @Nullable String queryParameter(@Nullable String query, String name) {
        if (query == null) {
            return null;
        }
        int n = query.length();
        int start = 0;
        while (start <= n) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            int eq = start;
            while (eq < end && query.charAt(eq) != '=') {
                eq++;
            }
            if (eq - start == name.length() && query.startsWith(name, start)) {
                return eq < end ? query.substring(eq + 1, end) : "";
            }
            start = end + 1;
        }
        return null;
    }

    private static HttpReply json(int status, Map<String, Object> body) {
        return new JsonReply(status, Json.bytes(body));
    }

    /** A JSON reply of the endpoints. */
    record JsonReply(int status, byte[] body) implements HttpReply {
        private static final List<Map.Entry<String, String>> HEADERS = List.of(
                Map.entry("Content-Type", "application/json"), Map.entry("Cache-Control", "no-store"));

        @Override
        public List<Map.Entry<String, String>> headers() {
            return HEADERS;
        }
    }
}
