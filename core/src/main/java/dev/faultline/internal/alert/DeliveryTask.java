package dev.faultline.internal.alert;

import dev.faultline.alert.DeliveryState;
import dev.faultline.alert.DeliveryStatus;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The delivery of one alert to one channel. Its state only moves from {@link DeliveryState#PENDING} to
 * a final state, once. At most one attempt of a task runs at a time: the next attempt is only ever
 * scheduled by the thread that finished the previous one. Thread-safe: every method is
 * {@code synchronized}; touched by alert threads only, except its creation on the request thread.
 */
final class DeliveryTask {

    final Tracked record;
    final Dispatcher.Lane lane;
    // guarded by this
    private DeliveryState state = DeliveryState.PENDING;
    private int attempts;
    private @Nullable String lastError;
    private @Nullable Instant deliveredAt;
    private long deadlineNanos;
    private long retryDueNanos;
    private boolean retryScheduled;
    private @Nullable ScheduledFuture<?> retry;

    DeliveryTask(Tracked record, Dispatcher.Lane lane) {
        this.record = record;
        this.lane = lane;
    }

    synchronized DeliveryStatus status() {
        return new DeliveryStatus(state, attempts, lastError, deliveredAt);
    }

    synchronized boolean pending() {
        return state == DeliveryState.PENDING;
    }

    synchronized @Nullable String lastError() {
        return lastError;
    }

    /** Starts an attempt; the first one sets the deadline. Returns the attempt's number. */
    synchronized int begin(long nowNanos, long deadlineAfterNanos) {
        if (attempts == 0) {
            deadlineNanos = nowNanos + deadlineAfterNanos;
        }
        retryScheduled = false;
        retry = null;
        return ++attempts;
    }

    synchronized long deadlineNanos() {
        return deadlineNanos;
    }

    /** Notes a failed attempt that will be retried at {@code dueNanos}. */
    synchronized void retrying(String error, long dueNanos) {
        lastError = error;
        retryDueNanos = dueNanos;
        retryScheduled = true;
    }

    synchronized void retryFuture(ScheduledFuture<?> f) {
        if (retryScheduled) {
            retry = f;
        }
    }

    /** Whether a retry is scheduled later than {@code nanos}. */
    synchronized boolean retryDueAfter(long nanos) {
        return state == DeliveryState.PENDING && retryScheduled && retryDueNanos - nanos > 0;
    }

    /** Moves to a final state; false if it already was in one. Cancels a scheduled retry. */
    synchronized boolean finish(DeliveryState to, @Nullable String error, @Nullable Instant at) {
        if (state != DeliveryState.PENDING) {
            return false;
        }
        state = to;
        if (error != null) {
            lastError = error;
        }
        deliveredAt = at;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        retryScheduled = false;
        return true;
    }
}
