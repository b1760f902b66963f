package dev.faultline.examples;

import dev.faultline.recovery.RecoveryConfig;
import java.time.Duration;

/**
 * The app's recovery settings, given to Faultline with {@code Faultline.builder().recovery(...)}.
 * Faultline runs them unless the environment is {@code development} ({@code FAULTLINE_ENV}).
 *
 * <table>
 *   <caption>Recovery</caption>
 *   <tr><th>what</th><th>routes</th><th>settings</th></tr>
 *   <tr><td>stale-if-error</td><td>{@value #STALE_ROUTE}: {@code GET /videos} and {@code GET /videos/{id}}</td>
 *       <td>Faultline keeps the last complete 200 body of each path and query; when a request for it
 *       fails with a retryable error (a database failure, say) it answers that body instead, with
 *       {@code X-Faultline-Degraded: stale-if-error} and its {@code Age} in seconds (at most an hour
 *       old)</td></tr>
 *   <tr><td>shedding</td><td>{@value #SHED_ROUTE}: the list, {@code GET} and {@code POST}</td>
 *       <td>a circuit breaker over the route's last {@value #SHED_WINDOW} calls: once at least
 *       {@value #SHED_MINIMUM_CALLS} were made and {@value #SHED_FAILURE_RATE_PERCENT}% or more of them
 *       failed with a retryable error, it opens, and for {@value #SHED_OPEN_SECONDS} s every request to the
 *       route is answered with a 503 problem ({@code resource_exhausted}) and
 *       {@code Retry-After: }{@value #SHED_OPEN_SECONDS} without reaching the application. Then
 *       {@value #SHED_PROBES} probe requests go through: if they succeed the route is served again,
 *       else it is shed for another {@value #SHED_OPEN_SECONDS} s.</td></tr>
 * </table>
 *
 * <p>The numbers are small so that a simulated outage ({@code POST /admin/database?state=down}) shows
 * both within a minute with curl: five failed lists open the breaker, and ten seconds after the
 * database is back, two lists close it. {@code /videos/{id}} is not shed: each video's stale copy
 * answers for it. A shed request is refused before stale-if-error is consulted, so a shed list answers
 * 503 even when a stale copy of it is kept.
 */
final class AppRecovery {

    /** The routes whose GET answers are kept for stale-if-error. */
    static final String STALE_ROUTE = "/videos/**";
    /** The route shed while it keeps failing. */
    static final String SHED_ROUTE = "/videos";
    static final int SHED_MINIMUM_CALLS = 5;
    static final int SHED_WINDOW = 10;
    static final int SHED_FAILURE_RATE_PERCENT = 50;
    static final int SHED_OPEN_SECONDS = 10;
    static final int SHED_PROBES = 2;

    private AppRecovery() {
    }

    /** Adds stale-if-error and shedding to {@code recovery}. */
    static void register(RecoveryConfig.Builder recovery) {
        recovery.staleIfError(STALE_ROUTE)
                .shedding(SHED_ROUTE, s -> s
                        .minimumCalls(SHED_MINIMUM_CALLS)
                        .window(SHED_WINDOW)
                        .failureRatePercent(SHED_FAILURE_RATE_PERCENT)
                        .openFor(Duration.ofSeconds(SHED_OPEN_SECONDS))
                        .probes(SHED_PROBES));
    }
}
