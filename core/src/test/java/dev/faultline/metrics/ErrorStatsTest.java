package dev.faultline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.error.ErrorSeverity;
import dev.faultline.error.ErrorType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Error snapshots")
class ErrorStatsTest {

    static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    @DisplayName("keep their own copies: changing what they were built from changes nothing")
    void copies() {
        Map<ErrorType, Long> byType = new HashMap<>(Map.of(ErrorType.DATABASE, 2L));
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        byEndpoint.put("/b", 5L);
        byEndpoint.put("/a", 1L);
        List<ErrorStats.Minute> minutes = new ArrayList<>(List.of(new ErrorStats.Minute(T, 2, 4)));
        ErrorStats s = new ErrorStats(2, 2, 60, 2, byType, Map.of(ErrorSeverity.CRITICAL, 2L), byEndpoint, 4, 4, 0.5,
                minutes, 24);

        byType.put(ErrorType.INTERNAL, 7L);
        byEndpoint.put("/c", 9L);
        minutes.clear();

        assertEquals(Map.of(ErrorType.DATABASE, 2L), s.byType());
        assertEquals(List.of("/b", "/a"), List.copyOf(s.byEndpoint().keySet()), "the order given, most errors first");
        assertEquals(1, s.perMinute().size());
    }

    @Test
    @DisplayName("answer 0 for a type, severity or endpoint without errors")
    void zeros() {
        ErrorStats s = new ErrorStats(1, 1, 60, 1, Map.of(ErrorType.TIMEOUT, 1L), Map.of(ErrorSeverity.HIGH, 1L),
                Map.of("/x", 1L), 1, 1, 1, List.of(), 24);
        assertEquals(1L, s.byType(ErrorType.TIMEOUT));
        assertEquals(0L, s.byType(ErrorType.DATABASE));
        assertEquals(0L, s.bySeverity(ErrorSeverity.LOW));
        assertEquals(0L, s.byEndpoint("/y"));
        assertThrows(NullPointerException.class, () -> s.byType(null));
    }

    @Test
    @DisplayName("list types and severities in the order of their enums, whatever order they were given in")
    void enumOrder() {
        Map<ErrorType, Long> byType = new LinkedHashMap<>();
        byType.put(ErrorType.INTERNAL, 1L);
        byType.put(ErrorType.VALIDATION, 2L);
        ErrorStats s = new ErrorStats(3, 3, 60, 3, byType, Map.of(), Map.of(), 3, 3, 1, List.of(), 24);
        assertEquals(List.of(ErrorType.VALIDATION, ErrorType.INTERNAL), List.copyOf(s.byType().keySet()));
    }

    @Test
    @DisplayName("refuse null keys, counts and elements")
    void nulls() {
        Map<ErrorType, Long> nullCount = new HashMap<>();
        nullCount.put(ErrorType.INTERNAL, null);
        assertThrows(NullPointerException.class, () -> new ErrorStats(0, 0, 60, 0, nullCount, Map.of(), Map.of(), 0, 0,
                0, List.of(), 24));
        assertThrows(NullPointerException.class, () -> new ErrorStats.Minute(null, 0, 0));
        assertThrows(NullPointerException.class, () -> new ErrorTrends(1, List.of(), 0, 0, null, TrendDirection.STABLE));
    }
}
