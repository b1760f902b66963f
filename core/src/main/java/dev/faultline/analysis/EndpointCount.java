package dev.faultline.analysis;

import java.util.Objects;

/**
 * One of a pattern's most frequent endpoints. Immutable and thread-safe.
 *
 * @param endpoint the method and route template, {@code GET /videos/{id}}
 * @param count how many of the pattern's errors happened there (exact while the pattern has at most
 *        {@value PatternAnalyzer#TRACKED_ENDPOINTS} endpoints; otherwise an upper bound, see
 *        {@link PatternAnalyzer})
 */
public record EndpointCount(String endpoint, long count) {

    public EndpointCount {
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
