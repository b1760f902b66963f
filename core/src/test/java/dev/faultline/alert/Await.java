package dev.faultline.alert;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; never waits for time itself. */
public final class Await {

    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    public static <T> T value(String what, Supplier<T> supplier, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + DEFAULT.toNanos();
        while (true) {
            T v = supplier.get();
            if (done.test(v)) {
                return v;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting until " + what + "; last value: " + v);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
