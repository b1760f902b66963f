package dev.faultline.health;

/**
 * The probes a check can belong to, as Kubernetes and load balancers use them. Immutable and
 * thread-safe.
 */
public enum HealthProbe {
    /**
     * "Is the process alive, or should it be restarted?" ({@code /health/live}). Only cheap checks of
     * the process itself belong here (a deadlock detector, a full disk); never a dependency such as a
     * database, whose outage would otherwise restart every instance at once.
     */
    LIVENESS,
    /**
     * "Can this instance serve traffic now?" ({@code /health} and {@code /health/ready}). Checks of
     * dependencies belong here; the default for every check.
     */
    READINESS
}
