package dev.faultline.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the alert history: the alert and, per channel name (in the order the channels were
 * configured), its delivery as it stood when read. Immutable.
 *
 * @param alert the alert
 * @param deliveries channel name → delivery status
 */
public record AlertRecord(Alert alert, Map<String, DeliveryStatus> deliveries) {

    public AlertRecord {
        Objects.requireNonNull(alert, "alert");
        deliveries = Collections.unmodifiableMap(new LinkedHashMap<>(deliveries));
    }

    /** The delivery to {@code channel}, or {@code null} if the alert was not for it. */
    public @Nullable DeliveryStatus delivery(String channel) {
        return deliveries.get(channel);
    }

    /**
     * As a JSON-ready map: the alert's {@link Alert#toMap() fields} and {@code deliveries}
     * ({@code channel: {state, attempts, last_error, delivered_at}}).
     */
    public Map<String, @Nullable Object> toMap() {
        Map<String, @Nullable Object> m = alert.toMap();
        Map<String, Object> d = new LinkedHashMap<>();
        deliveries.forEach((k, v) -> d.put(k, v.toMap()));
        m.put("deliveries", d);
        return m;
    }
}
