package dev.faultline.alert;

import dev.faultline.internal.Preconditions;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Somewhere alerts go. Built-ins: {@link LogChannel}, {@link SlackChannel}, {@link WebhookChannel},
 * {@link EmailChannel}, {@link AlertmanagerChannel}; any lambda with {@link #of(String, Consumer)}.
 *
 * <p>{@link #deliver(Alert)} is called on Faultline's alert threads, never on a request thread, for up
 * to {@link Alerting.Builder#channelConcurrency(int) channelConcurrency} alerts at a time per channel
 * (default 4; one at a time when configured to 1), under the {@link Alerting.Builder#attemptTimeout(java.time.Duration) attempt timeout}
 * (the thread is interrupted when it passes). Returning normally means delivered. Throwing means the
 * attempt failed: a {@link DeliveryException} says whether and when to retry; anything else is
 * retried with backoff inside the retry budget. Whatever a channel throws or however long it hangs,
 * it never affects the request, the rules or the other channels.
 *
 * <p>Implementations must be thread-safe (the built-in channels are), or be registered with
 * {@code channelConcurrency(1)}.
 */
public interface AlertChannel {

    /**
     * The channel's name, unique among an {@link Alerting}'s channels: the key of its delivery in the
     * history. 1 to 64 characters of {@code [A-Za-z0-9_.-]}.
     */
    String name();

    /**
     * Delivers one alert, blocking until the receiver accepted or refused it.
     *
     * @throws DeliveryException to say the failure is permanent or when to retry
     * @throws Exception any other failure, retried
     */
    void deliver(Alert alert) throws Exception;

    /**
     * A channel that hands each alert to {@code consumer}; an exception it throws fails the attempt.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid channel name
     */
    static AlertChannel of(String name, Consumer<Alert> consumer) {
        String n = Preconditions.name("alert.channel.name", name);
        Objects.requireNonNull(consumer, "consumer");
        return new AlertChannel() {
            @Override
            public String name() {
                return n;
            }

            @Override
            public void deliver(Alert alert) {
                consumer.accept(alert);
            }

            @Override
            public String toString() {
                return "AlertChannel[" + n + "]";
            }
        };
    }
}
