package dev.faultline.recovery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of recovery's counters and of each shed route's circuit breaker. Taken by
 * {@code Faultline.recovery()}; shown under {@code recovery} in {@code /metrics/performance}.
 * Immutable and thread-safe.
 *
 * <p>The constructor refuses {@code null} components, keys and elements, and keeps unmodifiable copies
 * of the collections it is given.
 *
 * @param enabled whether recovery runs at all (off by default in development)
 * @param recovered failures a strategy recovered (the client got a normal answer)
 * @param degraded failures answered in a degraded way (a fallback, or a stale copy)
 * @param notRecovered failures no strategy could answer
 * @param shedRequests requests refused by an open route breaker without calling the application
 * @param shedding each shed route pattern's breaker, in the order the routes were configured; unmodifiable
 * @param staleEntries the responses kept for stale-if-error now (an estimate)
 */
public record RecoveryStats(boolean enabled, long recovered, long degraded, long notRecovered, long shedRequests,
        Map<String, BreakerState> shedding, long staleEntries) {

    public RecoveryStats {
        Map<String, BreakerState> copy = new LinkedHashMap<>();
        Objects.requireNonNull(shedding, "shedding").forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, "route"), Objects.requireNonNull(v, "state")));
        shedding = Collections.unmodifiableMap(copy);
    }

    /** The state of a route's shedding breaker. */
    public enum BreakerState {
        /** Requests pass and their outcomes are counted. */
        CLOSED,
        /** Requests are shed: a 503 with {@code Retry-After}, without calling the application. */
        OPEN,
        /** A few probe requests pass to see whether the route has healed. */
        HALF_OPEN;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The lower-case label used in JSON: {@code closed}, {@code open} or {@code half_open}. */
        public String label() {
            return label;
        }
    }
}
