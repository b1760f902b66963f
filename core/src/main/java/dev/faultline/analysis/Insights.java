package dev.faultline.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, thread-safe snapshot of the pattern analysis: the error patterns that matter now and
 * what to do about them. Taken by {@code Faultline.insights()}; the body of {@code /metrics/insights}.
 *
 * @param generatedAt when it was taken (the analyzer's clock)
 * @param windowHours the window the per-hour figures cover
 * @param totalPatterns patterns in the table
 * @param totalErrors errors in the window, of every type, whether or not their pattern is still in the
 *        table
 * @param mostCommonErrors the top {@value PatternAnalyzer#TOP_PATTERNS} patterns: most errors in the
 *        window first, then most errors overall, then the latest
 * @param newPatterns patterns first seen within the last hour, most errors first, at most
 *        {@value PatternAnalyzer#TOP_PATTERNS}
 * @param risingPatterns rising patterns, largest last hour first, at most
 *        {@value PatternAnalyzer#TOP_PATTERNS}
 * @param evictedPatterns patterns dropped from the table to keep it within its bound, since creation
 * @param recommendations what to do, most urgent first, each with its evidence
 */
public record Insights(Instant generatedAt, int windowHours, int totalPatterns, long totalErrors,
        List<ErrorPattern> mostCommonErrors, List<ErrorPattern> newPatterns, List<ErrorPattern> risingPatterns,
        long evictedPatterns, List<Recommendation> recommendations) {

    public Insights {
        Objects.requireNonNull(generatedAt, "generatedAt");
        mostCommonErrors = List.copyOf(mostCommonErrors);
        newPatterns = List.copyOf(newPatterns);
        risingPatterns = List.copyOf(risingPatterns);
        recommendations = List.copyOf(recommendations);
    }
}
