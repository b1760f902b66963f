package dev.faultline.error;

/**
 * How much an error matters to the people who run the service, from {@link #LOW} (a client's own
 * mistake) to {@link #CRITICAL} (the service cannot do its job).
 *
 * <p>Severities drive the default alert thresholds and appear in logs, metrics and problem bodies as
 * their lower-case {@link #label()}.
 */
public enum ErrorSeverity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in logs, metrics and JSON ({@code "high"}). */
    public String label() {
        return label;
    }
}
