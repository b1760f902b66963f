package dev.faultline.recovery;

import java.util.Locale;

/** What recovery made of a failure. */
public enum RecoveryOutcome {
    /** A strategy answered in full: the client gets a normal response. */
    RECOVERED,
    /** A strategy answered with a fallback (stale data, defaults), marked degraded. */
    DEGRADED,
    /** No strategy could help (or none ran): the client gets the problem. */
    NOT_RECOVERED,
    /** Recovery is off, or no strategy applies to this failure. */
    NONE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case label used in logs and metrics ({@code degraded}). */
    public String label() {
        return label;
    }
}
