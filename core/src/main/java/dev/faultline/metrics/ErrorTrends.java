package dev.faultline.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the error counts hour by hour over the last {@code hours} hours. Taken by
 * {@code Faultline.trends(int)}; the body of {@code /metrics/trends}. Immutable and thread-safe.
 *
 * <p>The constructor refuses {@code null} components, keys and elements, and keeps unmodifiable copies
 * of the collections it is given.
 *
 * @param hours the span, in hours (1 to the retention)
 * @param hourlyCounts one entry per hour, oldest first, the current, partly elapsed hour last; unmodifiable
 * @param totalErrors the errors of the span: the sum of {@code hourlyCounts}' errors
 * @param averageErrorsPerHour {@code totalErrors / hours}, to three decimals
 * @param peak the hour with the most errors (the earliest of equals)
 * @param direction where the count is heading: the newer half of the span against the older half
 */
public record ErrorTrends(int hours, List<Hour> hourlyCounts, long totalErrors, double averageErrorsPerHour,
        Hour peak, TrendDirection direction) {

    public ErrorTrends {
        hourlyCounts = List.copyOf(hourlyCounts);
        Objects.requireNonNull(peak, "peak");
        Objects.requireNonNull(direction, "direction");
    }

    /**
     * One clock hour of the span.
     *
     * @param start the hour's start
     * @param errors the errors counted in it
     * @param requests the requests counted in it
     */
    public record Hour(Instant start, long errors, long requests) {
        public Hour {
            Objects.requireNonNull(start, "start");
        }
    }
}
