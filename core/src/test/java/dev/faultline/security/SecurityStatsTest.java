package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Security snapshots")
class SecurityStatsTest {

    @Test
    @DisplayName("answer the findings of a category, 0 for one without any, in the categories' order")
    void findings() {
        Map<AttackCategory, Long> byCategory = new HashMap<>();
        byCategory.put(AttackCategory.RATE_LIMIT, 2L);
        byCategory.put(AttackCategory.XSS, 1L);
        SecurityStats s = new SecurityStats(3, byCategory, 2, 0, 0, 100, 4);
        byCategory.put(AttackCategory.JNDI_LOOKUP, 9L);

        assertEquals(1, s.findings(AttackCategory.XSS));
        assertEquals(0, s.findings(AttackCategory.JNDI_LOOKUP), "a copy of what it was built from");
        assertEquals(List.of(AttackCategory.XSS, AttackCategory.RATE_LIMIT), List.copyOf(s.byCategory().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> s.byCategory().clear());
    }

    @Test
    @DisplayName("say whether clients are rate-limited: a limit of 0 means off")
    void rateLimited() {
        assertTrue(new SecurityStats(0, Map.of(), 0, 0, 0, 100, 0).rateLimited());
        assertFalse(new SecurityStats(0, Map.of(), 0, 0, 0, 0, 0).rateLimited());
    }
}
