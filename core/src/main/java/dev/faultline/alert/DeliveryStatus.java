package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import dev.faultline.internal.Text;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The delivery of one alert to one channel, as it stood when read. Immutable.
 *
 * @param state where it stands
 * @param attempts how many attempts were made (a delivery refused by an open circuit or dropped
 *        before its first attempt has none)
 * @param lastError the last error's description, at most {@value #MAX_ERROR_LENGTH} characters, or
 *        {@code null} if none
 * @param deliveredAt when the channel accepted it, or {@code null}
 */
public record DeliveryStatus(DeliveryState state, int attempts, @Nullable String lastError,
        @Nullable Instant deliveredAt) {

    /** The longest error description kept. */
    public static final int MAX_ERROR_LENGTH = 300;

    public DeliveryStatus {
        Objects.requireNonNull(state, "state");
        if (attempts < 0) {
            throw Preconditions.invalid("attempts", "must not be negative, was " + attempts);
        }
        if (lastError != null) {
            lastError = Text.truncate(lastError, MAX_ERROR_LENGTH);
        }
    }
}
