package dev.faultline.health;

import java.util.Locale;

/**
 * The state of one check or of a whole report. Immutable and thread-safe.
 */
public enum HealthStatus {
    /** Working normally. */
    UP,
    /** Working, with reduced capacity or quality (a replica lagging, a cache missing). */
    DEGRADED,
    /** Not working. */
    DOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label used in JSON bodies: {@code up}, {@code degraded} or {@code down}. */
    public String label() {
        return label;
    }
}
