package dev.faultline.http;

/** Not shipped (architecture's tests only): the other half of {@code CoreViolations}' package cycle. */
public final class CycleFixture {

    private CycleFixture() {
    }

    static Class<?> back() {
        return dev.faultline.error.CoreViolations.class;
    }
}
