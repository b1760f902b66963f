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
}
