package dev.faultline.health;

/**
 * A health check: the application's callback that tells whether one dependency or part of the
 * process works. Registered by name in {@link HealthChecks.Builder#check(String, HealthCheck,
 * java.util.function.Consumer)}, with whether it is critical, its timeout and its probes.
 *
 * <pre>{@code
 * HealthCheck database = () -> {
 *     try (Connection c = dataSource.getConnection()) {
 *         return c.isValid(1) ? HealthResult.up() : HealthResult.down("connection not valid");
 *     }
 * };
 * HealthCheck cache = HealthCheck.ping(redis::ping);   // up unless ping() throws
 * }</pre>
 *
 * <p>The registry guards every call: a check that throws (anything, {@link Error}s included) or
 * returns {@code null} is reported {@link HealthStatus#DOWN} with the reason, logged and counted; one
 * that outlives its timeout is reported down and interrupted. A check should still honour interrupts
 * and use its client's own timeouts, because a check that ignores them keeps its thread until it
 * ends, and is not run again until then (it is reported down, "still running", meanwhile).
 *
 * <p>Implementations are called from the registry's threads, one call at a time per registered check
 * (never twice concurrently), but not always from the same thread; they must be safe to call from
 * any thread.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Checks health once.
     *
     * @return the result; never {@code null}
     * @throws Exception when the check fails; it is then reported down with the exception's class and
     *     message
     */
    HealthResult check() throws Exception;

    /**
     * A check that is {@link HealthResult#up() up} when {@code ping} returns normally and down with the
     * exception when it throws: {@code HealthCheck.ping(redis::ping)}. Mind that a lambda returning a
     * value also compiles as a {@link Ping} and the value is ignored: {@code ping(() -> c.isValid(1))} is
     * always up; write {@code () -> c.isValid(1) ? HealthResult.up() : HealthResult.down("invalid")}.
     */
    static HealthCheck ping(Ping ping) {
        java.util.Objects.requireNonNull(ping, "ping");
        return () -> {
            ping.ping();
            return HealthResult.up();
        };
    }

    /**
     * A call that succeeds by returning and fails by throwing, for {@link #ping(Ping)}; called like a
     * {@link HealthCheck}, from the registry's threads.
     */
    @FunctionalInterface
    interface Ping {
        /**
         * Reaches the dependency once.
         *
         * @throws Exception when it cannot be reached
         */
        void ping() throws Exception;
    }
}
