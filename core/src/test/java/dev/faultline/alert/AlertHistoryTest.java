package dev.faultline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Alert history snapshots")
class AlertHistoryTest {

    static final AlertStats NONE = new AlertStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    @Test
    @DisplayName("count their alerts and keep unmodifiable copies of the alerts and channels")
    void copies() {
        List<AlertRecord> alerts = new ArrayList<>();
        alerts.add(new AlertRecord(new Alert("0123456789abcdef", "r", AlertLevel.ERROR, "m", TestClock.T0, Map.of(), "g",
                0, false), Map.of()));
        List<String> channels = new ArrayList<>(List.of("log", "slack"));
        AlertHistory h = new AlertHistory(true, channels, 24, alerts, NONE);
        alerts.clear();
        channels.clear();
        assertEquals(1, h.total());
        assertEquals(List.of("log", "slack"), h.channels());
        assertThrows(UnsupportedOperationException.class, () -> h.alerts().clear());
    }
}
