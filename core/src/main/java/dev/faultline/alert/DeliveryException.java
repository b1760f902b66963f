package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by an {@link AlertChannel} to say how a failed delivery should be treated:
 * {@link #permanent(String) permanent} (never retried: the receiver refused the alert itself, as an
 * HTTP 4xx other than 408 and 429 says), {@link #retryable(String) retryable}, or
 * {@link #retryAfter(String, Duration) retryable after a delay} the receiver asked for (HTTP
 * {@code Retry-After}). Any other exception a channel throws is treated as retryable.
 *
 * <p>Unchecked; its stack trace is not filled in (it describes a remote answer, not a local fault).
 */
public final class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final @Nullable Duration retryAfter;

    private DeliveryException(String message, boolean permanent, @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** A failure worth retrying (an HTTP 5xx, 408, a 429 or 503 without {@code Retry-After}). */
    public static DeliveryException retryable(String message) {
        return new DeliveryException(Objects.requireNonNull(message, "message"), false, null, null);
    }

    /** A failure worth retrying, caused by {@code cause}. */
    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(Objects.requireNonNull(message, "message"), false, null,
                Objects.requireNonNull(cause, "cause"));
    }

    /**
     * A failure worth retrying no sooner than {@code retryAfter} from now. The dispatcher waits exactly
     * that long if it is within its max delay and the delivery's deadline, and gives up otherwise.
     *
     * @throws IllegalArgumentException if {@code retryAfter} is negative
     */
    public static DeliveryException retryAfter(String message, Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw Preconditions.invalid("retryAfter", "must not be negative, was " + retryAfter);
        }
        return new DeliveryException(Objects.requireNonNull(message, "message"), false, retryAfter, null);
    }

    /** A failure that retrying cannot fix (bad request, unknown webhook, refused credentials). */
    public static DeliveryException permanent(String message) {
        return new DeliveryException(Objects.requireNonNull(message, "message"), true, null, null);
    }

    /** Whether retrying is pointless. */
    public boolean permanent() {
        return permanent;
    }

    /** The delay the receiver asked for, if it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
