package dev.faultline.logging;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record: when, what kind ({@code authentication}, {@code authorization}) and its fields in
 * a stable order (request_id, user_id, then the kind's own fields). Immutable.
 *
 * @param timestamp when it happened
 * @param type the kind of record
 * @param fields its fields; values are strings, booleans or numbers
 */
public record AuditRecord(Instant timestamp, String type, Map<String, Object> fields) {
    public AuditRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }
}
