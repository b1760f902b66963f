package dev.faultline.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One attack signature found in one place of a request. A finding never holds the inspected value
 * (which may carry secrets or the attacker's payload), only where it was found. Immutable and
 * thread-safe.
 *
 * @param ruleId a stable rule id such as {@code sqli.union-select}; dashboards and allow-lists key on it
 * @param category what kind of attack the rule detects
 * @param location where the value came from: {@code path}, {@code query:<name>},
 *     {@code header:<Name>}, {@code body}, or {@code client} for rate limits
 * @param description a short fixed text that explains the rule (never derived from the input)
 */
public record Finding(String ruleId, AttackCategory category, String location, String description) {

    /** The rule id of {@link #rateLimitExceeded(String)}. */
    public static final String RATE_LIMIT_RULE_ID = "rate.limit-exceeded";

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(description, "description");
    }

    /** The finding for a client over its rate limit; {@code location} is usually {@code client}. */
    public static Finding rateLimitExceeded(String location) {
        return new Finding(RATE_LIMIT_RULE_ID, AttackCategory.RATE_LIMIT, location, "request rate over the limit");
    }

    /** {@code {"rule_id": ..., "category": ..., "location": ...}}: a report entry in a log event. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule_id", ruleId);
        m.put("category", category.id());
        m.put("location", location);
        return m;
    }
}
