package dev.faultline.monitoring;

import dev.faultline.http.HttpReply;
import dev.faultline.http.RequestView;

/**
 * An extra resource served by the monitoring endpoints, under their {@linkplain MonitoringConfig#base()
 * base} and behind their access guard: a dashboard page and its assets, a metrics scrape. Registered
 * with {@link MonitoringConfig.Builder#resource(MonitoringResource)}; optional modules supply them, so
 * an application that registers none pays nothing for them.
 *
 * <p>The endpoints answer for the resource: the access guard runs first (a refused caller gets the
 * 401 problem), a method other than GET or HEAD gets the 405 problem, and a throw from
 * {@link #serve} becomes a problem through the exchange (a {@link dev.faultline.error.FaultlineException}
 * keeps its status; anything else is a 500 without internals). Implementations must be thread-safe.
 */
public interface MonitoringResource {

    /**
     * The path answered, relative to the base and under {@code /metrics/}: {@code /metrics/prometheus}
     * answers that path only; a path ending in {@code /} ({@code /metrics/dashboard/}) answers every
     * path below it as well as the path without its final slash. Must not be a built-in endpoint.
     */
    String path();

    /**
     * Answers a GET or HEAD request (an adapter drops the body of a HEAD reply).
     *
     * @param relativePath the requested path below the base, e.g. {@code /metrics/dashboard/app.js}
     * @param request the request
     */
    HttpReply serve(String relativePath, RequestView request) throws Exception;

    /**
     * Whether a request for {@code relativePath} must carry the {@linkplain MonitoringConfig.Builder#token
     * monitoring token}; by default it must. The {@linkplain MonitoringConfig.Builder#access access
     * predicate} applies whatever this answers.
     *
     * <p>Answer {@code false} only for static content that is the same for every caller and holds no
     * monitoring data: a page's HTML shell, its scripts and style sheets. A browser cannot add an
     * {@code Authorization} header when it navigates to a page, so a dashboard's shell must load without
     * the token; the page's own requests for data (the JSON endpoints) then send it, and stay guarded.
     * A throw counts as {@code true}.
     *
     * @param relativePath the requested path below the base
     */
    default boolean requiresToken(String relativePath) {
        return true;
    }
}
