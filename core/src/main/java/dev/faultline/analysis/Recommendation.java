package dev.faultline.analysis;

import dev.faultline.internal.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something to do about the errors, with the figures that led to it. Immutable and thread-safe.
 *
 * @param title a short heading
 * @param detail one or two sentences: what the figures show and what to try
 * @param evidence the figures the detail cites (names in snake_case; values are strings, numbers or
 *        lists), in a stable order; never empty
 */
public record Recommendation(String title, String detail, Map<String, Object> evidence) {

    public Recommendation {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(evidence, "evidence");
        if (evidence.isEmpty()) {
            throw Preconditions.invalid("Recommendation", "'" + title + "' has no evidence");
        }
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
