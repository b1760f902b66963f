package dev.faultline.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link HealthCheck} reports: a status, details and, when not up, the reason.
 *
 * <pre>{@code
 * return HealthResult.up().withDetail("pool_active", pool.active()).withDetail("pool_max", pool.max());
 * return HealthResult.degraded("replica lag " + lag + " s").withDetail("lag_seconds", lag);
 * return HealthResult.down("no connection: " + e.getMessage());
 * }</pre>
 *
 * <p>Details should be JSON values: strings, numbers, booleans, and lists or maps of those; they are
 * shown in the health body, so keep secrets (connection strings with passwords, tokens) out of them
 * and out of the reason. The details map is copied (insertion order kept) and unmodifiable; values
 * are not copied deeply. Immutable and thread-safe when the detail values are.
 *
 * @param status the status
 * @param details extra information, in insertion order; never {@code null}, may be empty
 * @param error why the check is not up, or {@code null}
 */
public record HealthResult(HealthStatus status, Map<String, Object> details, @Nullable String error) {

    private static final HealthResult UP = new HealthResult(HealthStatus.UP, Map.of(), null);

    /**
     * @throws NullPointerException if {@code status}, {@code details}, a detail name or a detail value is
     *     {@code null}
     */
    public HealthResult {
        Objects.requireNonNull(status, "status");
        details = copy(Objects.requireNonNull(details, "details"));
    }

    /** Up, without details. */
    public static HealthResult up() {
        return UP;
    }

    /** Up, with details. */
    public static HealthResult up(Map<String, ?> details) {
        return new HealthResult(HealthStatus.UP, copy(details), null);
    }

    /** Degraded: working with reduced capacity or quality, for the given reason. */
    public static HealthResult degraded(String reason) {
        return new HealthResult(HealthStatus.DEGRADED, Map.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** Down, for the given reason. */
    public static HealthResult down(String reason) {
        return new HealthResult(HealthStatus.DOWN, Map.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** This result with one more detail (replacing one of the same name). */
    public HealthResult withDetail(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, () -> "value of detail '" + name + "'");
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new HealthResult(status, more, error);
    }

    /** This result with more details (replacing those of the same names). */
    public HealthResult withDetails(Map<String, ?> more) {
        Objects.requireNonNull(more, "more");
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.putAll(more);
        return new HealthResult(status, all, error);
    }

    /** The reason the check is not up, if one was given. */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }

    private static Map<String, Object> copy(Map<String, ?> details) {
        Objects.requireNonNull(details, "details");
        if (details.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(details.size() * 2);
        for (Map.Entry<String, ?> e : details.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "detail name");
            copy.put(name, Objects.requireNonNull(e.getValue(), () -> "value of detail '" + name + "'"));
        }
        return Collections.unmodifiableMap(copy);
    }
}
