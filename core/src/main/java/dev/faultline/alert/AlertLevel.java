package dev.faultline.alert;

import dev.faultline.error.ErrorSeverity;
import java.util.Locale;
import java.util.Objects;

/**
 * How urgent an alert is, from {@link #INFO} to {@link #CRITICAL}. Channels map it to their own
 * notion: the log channel to a log level, Slack to an attachment colour, e-mail to the subject prefix.
 */
public enum AlertLevel {
    INFO,
    WARNING,
    ERROR,
    CRITICAL;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON and logs ({@code "critical"}). */
    public String label() {
        return label;
    }

    /**
     * The level that matches an error severity: low → info, medium → warning, high → error,
     * critical → critical.
     */
    public static AlertLevel forSeverity(ErrorSeverity severity) {
        Objects.requireNonNull(severity, "severity");
        return switch (severity) {
            case LOW -> INFO;
            case MEDIUM -> WARNING;
            case HIGH -> ERROR;
            case CRITICAL -> CRITICAL;
        };
    }
}
