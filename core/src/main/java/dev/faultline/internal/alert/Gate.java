package dev.faultline.internal.alert;

import dev.faultline.alert.Alert;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The notification state of one rule and group key: when it last notified, how many repeats the
 * cooldown suppressed since, whether it is active (notified and not yet resolved) and when its
 * condition last held. Lock-free: an immutable state swapped by compare-and-set, so that concurrent
 * request threads never notify twice within a cooldown and every suppressed repeat is counted once.
 */
final class Gate {

    static final long NEVER = Long.MIN_VALUE;
    /** What {@link #offer} returns for a suppressed repeat. */
    static final long SUPPRESSED = -1;

    private record State(long lastNotified, long suppressed, boolean active, long lastHeld) {
    }

    private static final State INITIAL = new State(NEVER, 0, false, NEVER);

    private final AtomicReference<State> state = new AtomicReference<>(INITIAL);
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
            State n = cooled ? new State(s.lastNotified == NEVER ? now : Math.max(now, s.lastNotified), 0, true,
                    Math.max(now, s.lastHeld))
                    : new State(s.lastNotified, s.suppressed + 1, s.active, Math.max(now, s.lastHeld));
            if (state.compareAndSet(s, n)) {
                return cooled ? s.suppressed : SUPPRESSED;
            }
        }
    }

    /** The condition holds at {@code now} (without notifying). */
    void held(long now) {
        while (true) {
            State s = state.get();
            if (s.lastHeld >= now) {
                return;
            }
            if (state.compareAndSet(s, new State(s.lastNotified, s.suppressed, s.active, now))) {
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
            if (state.compareAndSet(s, new State(s.lastNotified, 0, false, s.lastHeld))) {
                return s.suppressed;
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
