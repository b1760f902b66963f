package dev.faultline.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The wall clock of the kit's recovering server: real time plus an offset the kit can move forward,
 * so that a shed route heals without the test waiting. Thread-safe.
 */
public final class KitClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }
}
