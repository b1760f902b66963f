package dev.faultline.metrics;

import java.util.Locale;

/**
 * Where the error count of a span of hours is heading: the newer half's hourly average against the
 * older half's (see {@link ErrorTrends#direction()}). Immutable and thread-safe.
 */
public enum TrendDirection {
    /** The newer half's average is more than 20 % (and at least one error) above the older half's. */
    INCREASING,
    /** The newer half's average is more than 20 % (and at least one error) below the older half's. */
    DECREASING,
    /** Neither; also a span of one hour. */
    STABLE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label used in JSON: {@code increasing}, {@code decreasing} or {@code stable}. */
    public String label() {
        return label;
    }
}
