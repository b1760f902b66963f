package dev.faultline.analysis;

import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one error pattern: every error with the same fingerprint, a hash of the exception's
 * class chain, its throw site (the top frames in the packages named by
 * {@code Faultline.Builder.applicationPackages}, else outside the JDK, servers and Faultline; no line
 * numbers) and its root cause's normalised message. Immutable and thread-safe.
 *
 * @param fingerprint the pattern's fingerprint
 * @param errorType the type of its first error
 * @param severity the severity of its first error
 * @param exception the outermost exception class of its first error
 * @param message the first error's message, normalised (e-mail addresses, UUIDs, hex runs, IPv4 addresses,
 *        numbers and quoted strings replaced by placeholders such as {@code <n>}; never the raw
 *        message); empty when it had none
 * @param count errors since first seen (while the pattern has been in the table)
 * @param windowCount errors in the window: the sum of {@code hourlyCounts}
 * @param firstSeen the earliest error's timestamp
 * @param lastSeen the latest error's timestamp
 * @param topEndpoints the most frequent endpoints, largest first, at most
 *        {@value PatternAnalyzer#TRACKED_ENDPOINTS}
 * @param hourlyCounts errors per clock hour for the window, oldest first, the current hour last
 * @param lastHour errors in the last 60 minutes (estimated, see {@link PatternAnalyzer})
 * @param averagePerHour the average of the earlier hours of the window that had errors; 0 when none
 *        had
 * @param hoursAveraged how many hours that average covers
 * @param trend the trend
 */
public record ErrorPattern(String fingerprint, ErrorType errorType, ErrorSeverity severity, String exception,
        String message, long count, long windowCount, Instant firstSeen, Instant lastSeen,
        List<EndpointCount> topEndpoints, List<Long> hourlyCounts, long lastHour, double averagePerHour,
        int hoursAveraged, Trend trend) {

    public ErrorPattern {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(exception, "exception");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(trend, "trend");
        topEndpoints = List.copyOf(topEndpoints);
        hourlyCounts = List.copyOf(hourlyCounts);
    }

    /** The most frequent endpoint, or {@code "unknown"} when none is tracked. */
    public String topEndpoint() {
        return topEndpoints.isEmpty() ? "unknown" : topEndpoints.get(0).endpoint();
    }
}
