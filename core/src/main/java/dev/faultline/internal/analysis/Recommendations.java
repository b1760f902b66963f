package dev.faultline.internal.analysis;

import dev.faultline.analysis.EndpointCount;
import dev.faultline.analysis.ErrorPattern;
import dev.faultline.analysis.PatternAnalyzer;
import dev.faultline.analysis.Recommendation;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The recommendation rules {@link PatternAnalyzer} lists, for {@link PatternTable}. Each rule fires only on
 * figures it can cite; no errors, no recommendations. Not thread-safe state: pure functions.
 */
final class Recommendations {

    /** Recommendations of one kind listed at most. */
    static final int PER_RULE = 3;

    private Recommendations() {
    }

    static List<Recommendation> build(List<ErrorPattern> patterns, List<ErrorPattern> fresh,
            List<ErrorPattern> rising, long[][] typeSeries, long totalErrors, PatternTable.Window w) {
        List<Recommendation> out = new ArrayList<>();
        newCritical(fresh, out);
        rising(rising, out);
        authenticationSpike(typeSeries[ErrorType.AUTHENTICATION.ordinal()], w, out);
        dominantTypes(patterns, typeSeries, totalErrors, w, out);
        return out;
    }

    private static void newCritical(List<ErrorPattern> fresh, List<Recommendation> out) {
        int n = 0;
        for (ErrorPattern p : fresh) {
            if (p.severity() != ErrorSeverity.CRITICAL || n == PER_RULE) {
                continue;
            }
            n++;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fingerprint", p.fingerprint());
            e.put("error_type", p.errorType().label());
            e.put("severity", p.severity().label());
            e.put("exception", p.exception());
            e.put("endpoint", p.topEndpoint());
            e.put("first_seen", p.firstSeen().toString());
            e.put("count", p.count());
            out.add(new Recommendation("New critical error pattern",
                    "Pattern " + p.fingerprint() + " (" + p.exception() + " on " + p.topEndpoint() + ") is new and "
                            + "CRITICAL: first seen at " + p.firstSeen() + ", " + p.count() + " "
                            + errors(p.count()) + " since. " + suggestion(p.errorType(), p),
                    e));
        }
    }

    private static void rising(List<ErrorPattern> rising, List<Recommendation> out) {
        for (int i = 0; i < rising.size() && i < PER_RULE; i++) {
            ErrorPattern p = rising.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("fingerprint", p.fingerprint());
            e.put("error_type", p.errorType().label());
            e.put("exception", p.exception());
            e.put("endpoint", p.topEndpoint());
            e.put("last_hour", p.lastHour());
            e.put("average_per_hour", round2(p.averagePerHour()));
            e.put("hours_averaged", p.hoursAveraged());
            out.add(new Recommendation("Rising error pattern",
                    "Pattern " + p.fingerprint() + " (" + p.exception() + " on " + p.topEndpoint() + ") rose to "
                            + p.lastHour() + " in the last hour from an average of " + one(p.averagePerHour())
                            + " per hour. Check what changed: a deploy, a dependency, the traffic.",
                    e));
        }
    }

    private static void authenticationSpike(long[] series, PatternTable.Window w, List<Recommendation> out) {
        PatternTable.Rate r = PatternTable.Rate.of(series, w.elapsed);
        if (!r.rising()) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("error_type", ErrorType.AUTHENTICATION.label());
        e.put("last_hour", r.lastHour());
        e.put("average_per_hour", round2(r.average()));
        e.put("hours_averaged", r.hoursAveraged());
        out.add(new Recommendation("Authentication failures are rising",
                "AUTHENTICATION errors rose to " + r.lastHour() + " in the last hour from an average of "
                        + one(r.average()) + " per hour. " + suggestion(ErrorType.AUTHENTICATION, null),
                e));
    }

    private static void dominantTypes(List<ErrorPattern> patterns, long[][] typeSeries, long total,
            PatternTable.Window w, List<Recommendation> out) {
        if (total < PatternAnalyzer.DOMINANT_MINIMUM_ERRORS) {
            return;
        }
        List<ErrorType> types = new ArrayList<>();
        long[] counts = new long[typeSeries.length];
        for (ErrorType t : ErrorType.values()) {
            counts[t.ordinal()] = PatternTable.sum(typeSeries[t.ordinal()]);
            if (counts[t.ordinal()] * 100 > total * PatternAnalyzer.DOMINANT_PERCENT) {
                types.add(t);
            }
        }
        types.sort((a, b) -> Long.compare(counts[b.ordinal()], counts[a.ordinal()]));
        for (ErrorType t : types) {
            long c = counts[t.ordinal()];
            long percent = Math.round(100.0 * c / total);
            // the type's patterns: the top one by errors in the window, the top endpoint over all of them
            ErrorPattern top = null;
            Map<String, Long> endpoints = new HashMap<>();
            for (ErrorPattern p : patterns) {
                if (p.errorType() != t) {
                    continue;
                }
                if (top == null || p.windowCount() > top.windowCount()) {
                    top = p;
                }
                for (EndpointCount ec : p.topEndpoints()) {
                    endpoints.merge(ec.endpoint(), ec.count(), Long::sum);
                }
            }
            String topEndpoint = null;
            long topEndpointErrors = 0;
            for (Map.Entry<String, Long> en : endpoints.entrySet()) {
                if (en.getValue() > topEndpointErrors
                        || (en.getValue() == topEndpointErrors && topEndpoint != null && en.getKey().compareTo(topEndpoint) < 0)) {
                    topEndpoint = en.getKey();
                    topEndpointErrors = en.getValue();
                }
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("error_type", t.label());
            e.put("errors", c);
            e.put("total_errors", total);
            e.put("share_percent", percent);
            e.put("window_hours", w.hours);
            if (topEndpoint != null) {
                e.put("top_endpoint", topEndpoint);
                e.put("top_endpoint_errors", topEndpointErrors);
            }
            if (top != null) {
                e.put("top_pattern", top.fingerprint());
                e.put("top_pattern_errors", top.windowCount());
            }
            out.add(new Recommendation(t.name() + " errors dominate",
                    t.name() + " errors are " + percent + "% of all errors (" + c + " of " + total + " in the last "
                            + w.hours + " h)" + (topEndpoint != null ? ", most on " + topEndpoint : "") + ". "
                            + suggestion(t, top),
                    e));
        }
    }

    /** What to try for errors of one type; {@code top}: the type's top pattern, when known. */
    static String suggestion(ErrorType type, @Nullable ErrorPattern top) {
        return switch (type) {
            case DATABASE -> "Check the connection pool size and the connection and statement timeouts; "
                    + "serve reads stale-if-error from a cache while the database recovers.";
            case EXTERNAL_SERVICE -> "Put a circuit breaker and a timeout around the upstream calls and return a "
                    + "fallback while the upstream fails.";
            case TIMEOUT -> "Give each request a time budget and each downstream call a share of it; move slow work "
                    + "off the request path (asynchronous jobs).";
            case VALIDATION -> "Clients send requests the API rejects: check the client documentation and the API "
                    + "contract (required fields, formats, limits).";
            case RESOURCE_EXHAUSTED -> "Add capacity or apply backpressure: bounded queues, load shedding, rate "
                    + "limits.";
            case AUTHENTICATION -> "Check for credential stuffing: failures per client IP and per user; rate-limit "
                    + "the login endpoints.";
            case AUTHORIZATION -> "Check role and permission mappings, and whether clients probe resources they may "
                    + "not access.";
            case NOT_FOUND -> "Check for broken links and stale client caches, or clients enumerating ids.";
            case CONFLICT -> "Concurrent updates collide: use optimistic locking with retries, or idempotency keys.";
            case PAYLOAD_TOO_LARGE -> "Document the size limit and offer chunked or multipart uploads.";
            case RATE_LIMITED -> "Clients exceed their limits: check the quotas, send Retry-After and make clients "
                    + "back off.";
            case NETWORK -> "Check DNS, connectivity and proxies between the service and its dependencies; retry "
                    + "idempotent calls with backoff.";
            case CLIENT_CLOSED -> "Clients go away before their answer: check for slow endpoints, client timeouts "
                    + "shorter than the server's, or a client cutting bodies on purpose.";
            case INTERNAL -> top == null
                    ? "Fix the most common INTERNAL pattern first."
                    : "Fix the top pattern first: " + top.fingerprint() + " (" + top.exception() + ", "
                            + top.windowCount() + " " + errors(top.windowCount()) + " in the window).";
        };
    }

    private static String errors(long n) {
        return n == 1 ? "error" : "errors";
    }

    private static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
