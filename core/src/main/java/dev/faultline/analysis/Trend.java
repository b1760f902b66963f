package dev.faultline.analysis;

import java.util.Locale;

/**
 * Where a pattern is heading, judged on its per-hour counts (see {@link PatternAnalyzer} for the
 * exact rules).
 */
public enum Trend {
    /** First seen within the last hour. */
    NEW,
    /** The last hour is at least twice the average of the earlier hours with errors, and at least a minimum. */
    RISING,
    /** Neither rising nor falling. */
    STEADY,
    /** The last hour is at most half the average of the earlier hours with errors. */
    FALLING;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON ({@code "rising"}). */
    public String label() {
        return label;
    }
}
