package dev.faultline.security;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the security monitor's counters since this Faultline was built. Taken by
 * {@code Faultline.security()}; shown under {@code security} in {@code /metrics/performance}.
 * Immutable and thread-safe; counters are read one by one, so a snapshot taken while requests are
 * being scanned may be off by those in progress.
 *
 * <p>The constructor refuses {@code null} components, keys and elements, and keeps unmodifiable copies
 * of the collections it is given.
 *
 * @param findings the findings counted, of every category
 * @param byCategory the findings per category, every category present (0 when none), in the order of
 *        {@link AttackCategory}; unmodifiable
 * @param blockedRequests the requests refused (403 for a signature, 429 over the rate limit)
 * @param rateLimitKeyFailures the times the configured rate-limit key function threw (the client IP
 *        was used instead)
 * @param clientFaultBursts the bursts of client faults (401, 403, 404, 429 …) from one client
 * @param rateLimitPerMinute the requests per minute one client may make; 0 when rate limiting is off
 * @param rateLimitedClientsTracked the clients whose rate the limiter tracks now
 */
public record SecurityStats(long findings, Map<AttackCategory, Long> byCategory, long blockedRequests,
        long rateLimitKeyFailures, long clientFaultBursts, int rateLimitPerMinute, long rateLimitedClientsTracked) {

    /**
     * A client with this many client faults within one minute is a security finding: counted in
     * {@link #clientFaultBursts()} and logged once per minute on {@code faultline.security}.
     */
    public static final int CLIENT_FAULT_BURST = 20;

    public SecurityStats {
        Map<AttackCategory, Long> copy = new EnumMap<>(AttackCategory.class);
        Objects.requireNonNull(byCategory, "byCategory").forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, "category"), Objects.requireNonNull(v, "count")));
        byCategory = Collections.unmodifiableMap(copy);
    }

    /** The findings of {@code category}; 0 when none. */
    public long findings(AttackCategory category) {
        return byCategory.getOrDefault(Objects.requireNonNull(category, "category"), 0L);
    }

    /** Whether requests are rate-limited per client. */
    public boolean rateLimited() {
        return rateLimitPerMinute > 0;
    }
}
