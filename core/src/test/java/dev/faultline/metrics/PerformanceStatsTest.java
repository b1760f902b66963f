package dev.faultline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Performance snapshots")
class PerformanceStatsTest {

    static PerformanceStats.Window requests(long n) {
        return new PerformanceStats.Window(n, 0, 0, 0, 1.5, 1, 2, 3, 4);
    }

    static PerformanceStats.Windows windows(long lastHour) {
        return new PerformanceStats.Windows(requests(0), requests(0), requests(lastHour));
    }

    @Test
    @DisplayName("find an endpoint by method and route template, and only that pair")
    void endpoint() {
        PerformanceStats s = new PerformanceStats(Duration.ofMillis(500), windows(5), List.of(
                new PerformanceStats.Endpoint("GET", "/videos/{id}", windows(3)),
                new PerformanceStats.Endpoint("POST", "/videos", windows(2))), 2, 64, 0, 0);
        assertEquals(3, s.endpoint("GET", "/videos/{id}").orElseThrow().windows().lastHour().totalRequests());
        assertTrue(s.endpoint("POST", "/videos/{id}").isEmpty());
        assertTrue(s.endpoint("GET", "/videos").isEmpty());
        assertEquals(5, s.totalRequests(), "the overall last hour");
    }

    @Test
    @DisplayName("keep their own unmodifiable copy of the endpoints")
    void copies() {
        List<PerformanceStats.Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new PerformanceStats.Endpoint("GET", "/a", windows(1)));
        PerformanceStats s = new PerformanceStats(Duration.ofMillis(500), windows(1), endpoints, 1, 64, 0, 0);
        endpoints.clear();
        assertEquals(1, s.endpoints().size());
        assertThrows(UnsupportedOperationException.class, () -> s.endpoints().clear());
    }

    @Test
    @DisplayName("refuse a missing window or name")
    void nulls() {
        assertThrows(NullPointerException.class, () -> new PerformanceStats.Windows(requests(0), null, requests(0)));
        assertThrows(NullPointerException.class, () -> new PerformanceStats.Endpoint("GET", null, windows(0)));
        assertThrows(NullPointerException.class, () -> new PerformanceStats(null, windows(0), List.of(), 0, 1, 0, 0));
    }
}
