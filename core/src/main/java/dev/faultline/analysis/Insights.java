package dev.faultline.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, thread-safe snapshot of the pattern analysis, as {@link PatternAnalyzer#insights()}
 * gives it.
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

    /**
     * The body of {@code GET /metrics/insights}: {@code generated_at, window_hours, total_patterns, total_errors,
     * most_common_errors, new_patterns, rising_patterns, evicted_patterns, recommendations}; patterns
     * as {@link ErrorPattern#toMap()}, recommendations as {@link Recommendation#toMap()}. Only
     * strings, numbers, lists and maps, ready for any JSON writer.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", generatedAt.toString());
        m.put("window_hours", windowHours);
        m.put("total_patterns", totalPatterns);
        m.put("total_errors", totalErrors);
        m.put("most_common_errors", patterns(mostCommonErrors));
        m.put("new_patterns", patterns(newPatterns));
        m.put("rising_patterns", patterns(risingPatterns));
        m.put("evicted_patterns", evictedPatterns);
        List<Object> recs = new ArrayList<>(recommendations.size());
        for (Recommendation r : recommendations) {
            recs.add(r.toMap());
        }
        m.put("recommendations", Collections.unmodifiableList(recs));
        return Collections.unmodifiableMap(m);
    }

    private static List<Object> patterns(List<ErrorPattern> patterns) {
        List<Object> out = new ArrayList<>(patterns.size());
        for (ErrorPattern p : patterns) {
            out.add(p.toMap());
        }
        return Collections.unmodifiableList(out);
    }
}
