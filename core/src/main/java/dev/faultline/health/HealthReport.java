package dev.faultline.health;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one evaluation of a probe's checks: the overall status, when the evaluation started,
 * and each check's result in registration order. Taken by {@code Faultline.health()}; the body of
 * the health endpoints, answered with {@link #httpStatus()}. Immutable and thread-safe.
 *
 * @param status the overall status (see {@link #overall(Collection)})
 * @param timestamp when the evaluation started, from the registry's clock
 * @param checks each check's result by name, in registration order; unmodifiable
 */
public record HealthReport(HealthStatus status, Instant timestamp, Map<String, CheckResult> checks) {

    /** HTTP status for an UP or DEGRADED report. */
    public static final int HTTP_OK = 200;
    /** HTTP status for a DOWN report. */
    public static final int HTTP_UNAVAILABLE = 503;

    /** @throws NullPointerException if an argument, a name or a result is {@code null} */
    public HealthReport {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timestamp, "timestamp");
        Map<String, CheckResult> copy = new LinkedHashMap<>(Objects.requireNonNull(checks, "checks").size() * 2);
        checks.forEach((name, result) -> copy.put(Objects.requireNonNull(name, "check name"),
                Objects.requireNonNull(result, "check result")));
        checks = Collections.unmodifiableMap(copy);
    }

    /**
     * A report whose status follows from its checks by {@link #overall(Collection)}.
     *
     * @param timestamp when the evaluation started
     * @param checks each check's result by name, in the order to show them
     */
    public static HealthReport of(Instant timestamp, Map<String, CheckResult> checks) {
        return new HealthReport(overall(checks.values()), timestamp, checks);
    }

    /**
     * The overall status of some check results: {@link HealthStatus#DOWN} if a critical check is down;
     * else {@link HealthStatus#DEGRADED} if any check is not up (a non-critical one down, or any one
     * degraded); else {@link HealthStatus#UP}, which is also the status of no checks at all.
     */
    public static HealthStatus overall(Collection<CheckResult> results) {
        HealthStatus overall = HealthStatus.UP;
        for (CheckResult r : results) {
            if (r.status() == HealthStatus.DOWN && r.critical()) {
                return HealthStatus.DOWN;
            }
            if (r.status() != HealthStatus.UP) {
                overall = HealthStatus.DEGRADED;
            }
        }
        return overall;
    }

    /** {@value #HTTP_OK} for UP and DEGRADED, {@value #HTTP_UNAVAILABLE} for DOWN. */
    public int httpStatus() {
        return status == HealthStatus.DOWN ? HTTP_UNAVAILABLE : HTTP_OK;
    }

    /**
     * One check's result within a report. Immutable and thread-safe when the detail values are.
     *
     * @param status the check's status
     * @param critical whether the check was registered as critical
     * @param durationMs how long the check ran in this evaluation, in milliseconds (0 when it was not
     *     started)
     * @param details the check's details, in insertion order; unmodifiable
     * @param error why the check is not up, or {@code null}
     */
    public record CheckResult(HealthStatus status, boolean critical, long durationMs, Map<String, Object> details,
            @Nullable String error) {

        /** @throws NullPointerException if {@code status} or {@code details} is {@code null} */
        public CheckResult {
            Objects.requireNonNull(status, "status");
            details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
        }

        /** The result of a check that returned {@code result}. */
        public static CheckResult of(HealthResult result, boolean critical, long durationMs) {
            Objects.requireNonNull(result, "result");
            return new CheckResult(result.status(), critical, durationMs, result.details(), result.error());
        }

        /** The reason the check is not up, if one was given. */
        public Optional<String> errorMessage() {
            return Optional.ofNullable(error);
        }
    }
}
