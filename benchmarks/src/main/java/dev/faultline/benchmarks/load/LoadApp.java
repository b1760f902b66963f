package dev.faultline.benchmarks.load;

import dev.faultline.Faultline;

/**
 * What every server of the harness answers, and how Faultline is configured on it.
 *
 * <ul>
 *   <li>{@code GET /hello}: 200, {@code text/plain}, {@value #HELLO} (with its newline);</li>
 *   <li>{@code GET /missing} (any unrouted path): 404, the server's own on a bare server, a problem
 *       with Faultline;</li>
 *   <li>{@code GET /boom}: the application throws {@link IllegalStateException}: 500;</li>
 *   <li>for the memory check: {@code /files/...} answers 200 and {@code /fail/...} throws with the path in
 *       the message, both without a route template, so that every distinct path is a distinct endpoint
 *       and error message to Faultline (the worst case for its cardinality bounds).</li>
 * </ul>
 */
final class LoadApp {

    /** The body of {@code /hello}, without its newline. */
    static final String HELLO = "hello, world";

    private LoadApp() {
    }

    /**
     * Faultline as a user would run it: {@link Faultline#builder()} with its defaults (environment from
     * {@code FAULTLINE_ENV}, which the harness leaves unset: the production-like preset; metrics,
     * security scan, recovery and alerting on; the scan off with {@value #SIGNATURES}{@code =false}) and the
     * application's package named, except the per-client rate limit, raised from 100 to
     * 10,000,000 requests a minute because the load generator is one client on 127.0.0.1 (at the
     * default, all but the first hundred requests would get a 429). The limiter still runs on every
     * request.
     */
    static Faultline faultline() {
        boolean signatures = Boolean.parseBoolean(System.getProperty(SIGNATURES, "true"));
        return Faultline.builder()
                .security(s -> s.maxRequestsPerMinute(10_000_000).signatures(signatures))
                // the application's package, as docs/monitoring.md asks of users: this one is under
                // dev.faultline, whose frames error fingerprints otherwise skip as Faultline's own
                .applicationPackages(LoadApp.class.getPackageName())
                .build();
    }

    /**
     * The system property that turns the signature scan off ({@code -Dload.signatures=false}): the
     * harness's {@code undertow-faultline-nosig} configuration, which shows what the rest of the pipeline
     * costs without it.
     */
    static final String SIGNATURES = "load.signatures";

    /** The exception {@code /boom} throws. */
    static RuntimeException boom() {
        return new IllegalStateException("boom");
    }

    /** The exception {@code /fail/...} throws: its message carries the path, as applications' messages do. */
    static RuntimeException fail(String path) {
        return new IllegalStateException("no item at " + path);
    }
}
