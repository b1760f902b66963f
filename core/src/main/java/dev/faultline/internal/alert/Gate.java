package dev.faultline.internal.alert;

import dev.faultline.alert.Alert;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The notification state of one rule and group key: when it last notified, how many repeats the
 * cooldown suppressed since, whether it is active (notified and not yet resolved) and when its
 * condition last held. Lock-free: an immutable state swapped by compare-and-set, so that concurrent
 * request threads never notify twice within a cooldown and every suppressed repeat is counted once.
 *
 * <p>A suppressed repeat — what every failure of an outage is once its rule has notified — allocates
 * nothing: it adds one to the counter of the current state (shared by the states that only move
 * {@code lastHeld} on, at most one per clock tick). The notification or resolution that replaces the
 * state takes that counter's count and seals it, so that a repeat still adding to it after the swap
 * sees the seal and counts itself in the new state instead: each repeat is carried by exactly one
 * notification (or resolution).
 */
final class Gate {

    static final long NEVER = Long.MIN_VALUE;
    /** What {@link #offer} returns for a suppressed repeat. */
    static final long SUPPRESSED = -1;
    /** A sealed counter's value: increments keep it negative. */
    private static final long SEALED = Long.MIN_VALUE / 2;

    /** @param repeats the repeats suppressed since the last notification; sealed once this state is replaced by one that resets it */
    private record State(long lastNotified, AtomicLong repeats, boolean active, long lastHeld) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(NEVER, new AtomicLong(), false, NEVER));
    /** The last alert fired through this gate (not resolved ones), for the resolved notification. */
    private volatile @Nullable Alert last;

    /**
     * The condition holds at {@code now}: notify unless within {@code cooldownMillis} of the last
     * notification.
     *
     * @return {@link #SUPPRESSED}, or the number of repeats suppressed since the last notification
     *         (carried by this one, and reset)
     */
    long offer(long now, long cooldownMillis) {
        while (true) {
            State s = state.get();
            // threads race between reading the clock and swapping the state, so 'now' may be a little
            // older than the last notification: that is within the cooldown, unless there is none
            boolean cooled = cooldownMillis == 0 || s.lastNotified == NEVER || now - s.lastNotified >= cooldownMillis;
            if (cooled) {
                State n = new State(s.lastNotified == NEVER ? now : Math.max(now, s.lastNotified), new AtomicLong(), true,
                        Math.max(now, s.lastHeld));
                if (state.compareAndSet(s, n)) {
                    return s.repeats.getAndSet(SEALED);
                }
                continue;
            }
            if (now > s.lastHeld) {
                State n = new State(s.lastNotified, s.repeats, s.active, now); // the same counter
                if (!state.compareAndSet(s, n)) {
                    continue;
                }
            }
            if (s.repeats.incrementAndGet() > 0) {
                return SUPPRESSED;
            }
            // sealed: a notification or resolution took the count meanwhile; count in the new state
        }
    }

    /** The condition holds at {@code now} (without notifying). */
    void held(long now) {
        while (true) {
            State s = state.get();
            if (s.lastHeld >= now) {
                return;
            }
            if (state.compareAndSet(s, new State(s.lastNotified, s.repeats, s.active, now))) {
                return;
            }
        }
    }

    /**
     * Resolves if active and the condition has not held for {@code quietMillis}.
     *
     * @return {@link #SUPPRESSED} if not resolved, else the suppressed count carried (and reset)
     */
    long tryResolve(long now, long quietMillis) {
        while (true) {
            State s = state.get();
            if (!s.active || (s.lastHeld != NEVER && now - s.lastHeld < quietMillis)) {
                return SUPPRESSED;
            }
            if (state.compareAndSet(s, new State(s.lastNotified, new AtomicLong(), false, s.lastHeld))) {
                return s.repeats.getAndSet(SEALED);
            }
        }
    }

    void fired(Alert alert) {
        last = alert;
    }

    @Nullable
    Alert last() {
        return last;
    }

    boolean active() {
        return state.get().active;
    }
}
