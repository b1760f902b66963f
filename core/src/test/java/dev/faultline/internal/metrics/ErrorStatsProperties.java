package dev.faultline.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.error.ErrorEvent;
import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import dev.faultline.metrics.ErrorStats;
import dev.faultline.metrics.PerformanceStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The error snapshot against a naive count of what was recorded. */
@Label("Error snapshot properties")
class ErrorStatsProperties {

    record Recorded(ErrorType type, ErrorSeverity severity, String endpoint) {
    }

    @Provide
    Arbitrary<Recorded> recorded() {
        return Combinators.combine(Arbitraries.of(ErrorType.class), Arbitraries.of(ErrorSeverity.class),
                Arbitraries.of("/a", "/b", "/c", "/d", "/e")).as(Recorded::new);
    }

    static void record(ErrorMetrics m, FakeClock clock, List<Recorded> events) {
        for (Recorded r : events) {
            m.recordRequest(true);
            m.recordError(new ErrorEvent(clock.instant(), "req", r.type(), r.severity(), r.type().status(), r.endpoint(),
                    "GET", null, null, "fp", "java.lang.RuntimeException", "boom", "none"));
        }
    }

    static <K> Map<K, Long> count(List<Recorded> events, java.util.function.Function<Recorded, K> key, Map<K, Long> into) {
        events.forEach(r -> into.merge(key.apply(r), 1L, Long::sum));
        return into;
    }

    @Property(tries = 200)
    @Label("counts every recorded error by type, severity and endpoint (endpoints over the cap as _other), and a "
            + "snapshot does not change with later recordings")
    void countsWhatWasRecorded(@ForAll @Size(max = 60) List<@From("recorded") Recorded> first,
            @ForAll @Size(max = 30) List<@From("recorded") Recorded> later) {
        FakeClock clock = new FakeClock(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
        ErrorMetrics m = new ErrorMetrics(clock, 24, 3);
        record(m, clock, first);
        ErrorStats before = m.stats();

        assertEquals(count(first, Recorded::type, new EnumMap<>(ErrorType.class)), before.byType());
        assertEquals(count(first, Recorded::severity, new EnumMap<>(ErrorSeverity.class)), before.bySeverity());
        long folded = before.byEndpoint().getOrDefault(PerformanceStats.OTHER, 0L);
        long named = before.byEndpoint().entrySet().stream().filter(e -> !e.getKey().equals(PerformanceStats.OTHER))
                .mapToLong(Map.Entry::getValue).sum();
        assertEquals(first.size(), named + folded, "every error on one endpoint, _other included");
        Map<String, Long> byEndpoint = count(first, Recorded::endpoint, new HashMap<>());
        before.byEndpoint().forEach((endpoint, n) -> {
            if (!endpoint.equals(PerformanceStats.OTHER)) {
                assertEquals(byEndpoint.get(endpoint), n, endpoint);
            }
        });
        assertEquals(first.size(), before.totalErrors());
        assertEquals(first.size(), before.recentErrors());
        assertEquals(first.size(), before.perMinute().stream().mapToLong(ErrorStats.Minute::errors).sum());
        assertEquals(first.size(), m.trends(1).totalErrors());

        Map<ErrorType, Long> savedTypes = Map.copyOf(before.byType());
        Map<String, Long> savedEndpoints = Map.copyOf(before.byEndpoint());
        List<ErrorStats.Minute> savedMinutes = List.copyOf(before.perMinute());
        record(m, clock, later);

        assertEquals(savedTypes, before.byType());
        assertEquals(savedEndpoints, before.byEndpoint());
        assertEquals(savedMinutes, before.perMinute());
        assertEquals(first.size(), before.totalErrors());
        List<Recorded> all = new ArrayList<>(first);
        all.addAll(later);
        assertEquals(count(all, Recorded::type, new EnumMap<>(ErrorType.class)), m.stats().byType());
    }
}
